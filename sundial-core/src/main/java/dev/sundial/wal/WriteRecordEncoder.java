package dev.sundial.wal;

import dev.sundial.bytes.GrowableBytes;
import dev.sundial.bytes.Utf8Length;
import java.nio.charset.StandardCharsets;

/**
 * Builds the payload of a WAL write record ({@code docs/format/wal-record.md}): the rows of one
 * write request for one or more tables. The rows of each table are gathered in columnar arrays as
 * they are added (outside any lock); {@link #finish} encodes them and prepends, per table, the
 * definitions of series that the WAL has not seen yet, so replay can re-create every series a row
 * refers to.
 *
 * <pre>
 * payload := u8 kind(=1) | varint tableCount | tableSection*
 * tableSection := varint tableId | varint newSeriesCount | seriesDef* | varint rowCount | varint rowsBytes | row*
 * seriesDef := varint seriesId | varint tagCount | (varint len+1 (0 = no value) | utf8 bytes)*
 * row := varint seriesId | zigzag(ts - previous ts in section) | varint fieldCount | field*
 * field := varint column | u8 type | value   (DOUBLE: 8 bytes IEEE bits, BIGINT: zigzag varint,
 *                                             BOOLEAN: u8 0/1, VARCHAR: varint len | utf8)
 * </pre>
 *
 * <p>Not thread-safe.
 */
public final class WriteRecordEncoder {
    public static final int KIND_ROWS = 1;

    /**
     * Rows of one table, held in columnar arrays as they are added (cheap for the adding thread);
     * {@link WriteRecordEncoder#finish} encodes them and {@link #visit} hands the very same values to a visitor, so the
     * live write path can apply a record without decoding its bytes, and replay (which decodes the
     * bytes) sees exactly what was applied: both come from these arrays.
     */
    public static final class TableRows {
        static final byte DOUBLE = 1;
        static final byte LONG = 2;
        static final byte BOOLEAN = 3;
        static final byte STRING = 4;

        final int tableId;
        int rowCount;
        int maxSeriesId = -1;
        int[] rowSeries = new int[256];
        long[] rowTs = new long[256];
        /** Field index where row r ends (its fields are [rowEnd[r-1], rowEnd[r])). */
        int[] rowEnd = new int[256];
        int fieldCount;
        int[] fieldCol = new int[2048];
        byte[] fieldType = new byte[2048];
        /** DOUBLE: raw IEEE bits; BIGINT: the value; BOOLEAN: 0/1; VARCHAR: index into strings. */
        long[] fieldBits = new long[2048];
        String[] strings;
        int stringCount;
        int expectedFields;
        int rowFields;

        TableRows(int tableId) {
            this.tableId = tableId;
        }

        void reset() {
            rowCount = 0;
            fieldCount = 0;
            maxSeriesId = -1;
            expectedFields = 0;
            rowFields = 0;
            if (strings != null) {
                java.util.Arrays.fill(strings, 0, stringCount, null);
            }
            stringCount = 0;
        }

        /** Starts a row that will carry exactly {@code fieldCount} fields. */
        public void beginRow(int seriesId, long ts, int fieldCount) {
            int r = rowCount;
            if (r == rowSeries.length) {
                growRows();
            }
            rowSeries[r] = seriesId;
            rowTs[r] = ts;
            if (seriesId > maxSeriesId) {
                maxSeriesId = seriesId;
            }
            expectedFields = fieldCount;
            rowFields = 0;
            if (this.fieldCount + fieldCount > fieldCol.length) {
                growFields(this.fieldCount + fieldCount);
            }
        }

        private void growRows() {
            int n = rowSeries.length * 2;
            rowSeries = java.util.Arrays.copyOf(rowSeries, n);
            rowTs = java.util.Arrays.copyOf(rowTs, n);
            rowEnd = java.util.Arrays.copyOf(rowEnd, n);
        }

        private void growFields(int min) {
            int n = Math.max(min, fieldCol.length * 2);
            fieldCol = java.util.Arrays.copyOf(fieldCol, n);
            fieldType = java.util.Arrays.copyOf(fieldType, n);
            fieldBits = java.util.Arrays.copyOf(fieldBits, n);
        }

        private void field(int column, byte type, long bits) {
            if (rowFields == expectedFields) {
                throw new IllegalStateException("BUG: row announced " + expectedFields + " fields, got more");
            }
            int f = fieldCount++;
            fieldCol[f] = column;
            fieldType[f] = type;
            fieldBits[f] = bits;
            rowFields++;
        }

        public void putDouble(int column, double v) {
            field(column, DOUBLE, Double.doubleToRawLongBits(v));
        }

        public void putLong(int column, long v) {
            field(column, LONG, v);
        }

        public void putBoolean(int column, boolean v) {
            field(column, BOOLEAN, v ? 1 : 0);
        }

        public void putString(int column, String v) {
            if (strings == null) {
                strings = new String[16];
            } else if (stringCount == strings.length) {
                strings = java.util.Arrays.copyOf(strings, stringCount * 2);
            }
            if (utf8Length(v) < 0) {
                // a lone surrogate: UTF-8 turns it into '?', so keep what replay will decode
                v = new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
            strings[stringCount] = v;
            field(column, STRING, stringCount++);
        }

        public void endRow() {
            if (rowFields != expectedFields) {
                throw new IllegalStateException("BUG: row announced " + expectedFields + " fields, got " + rowFields);
            }
            rowEnd[rowCount++] = fieldCount;
        }

        public int rowCount() {
            return rowCount;
        }

        public int tableId() {
            return tableId;
        }

        /** Highest series id referenced, or -1. */
        public int maxSeriesId() {
            return maxSeriesId;
        }

        /**
         * Bytes the rows take in the record (for batch size limits). Computed by a pass over the rows
         * (not kept up to date per value, to keep {@code put*} cheap for the adding thread).
         */
        public int bytes() {
            return (int) Math.min(Integer.MAX_VALUE, rowsBytes());
        }

        /** Exact size of the rows bytes {@link #writeRows} writes. */
        long rowsBytes() {
            long n = 0;
            long prev = 0;
            int f = 0;
            for (int r = 0; r < rowCount; r++) {
                int end = rowEnd[r];
                long d = rowTs[r] - prev;
                prev = rowTs[r];
                n += varLongSize(rowSeries[r] & 0xFFFFFFFFL) + varLongSize((d << 1) ^ (d >> 63)) + varLongSize(end - f);
                for (; f < end; f++) {
                    n += varLongSize(fieldCol[f] & 0xFFFFFFFFL) + 1;
                    long bits = fieldBits[f];
                    switch (fieldType[f]) {
                        case DOUBLE -> n += 8;
                        case LONG -> n += varLongSize((bits << 1) ^ (bits >> 63));
                        case BOOLEAN -> n += 1;
                        default -> {
                            int len = Math.abs(utf8Length(strings[(int) bits]));
                            n += varLongSize(len) + len;
                        }
                    }
                }
            }
            return n;
        }

        /**
         * Hands the rows, in order, to {@code v}: {@code row}, the fields, {@code endRow} — the same
         * calls {@link WriteRecordDecoder#decode} makes for this section's rows.
         */
        public void visit(WriteRecordDecoder.Visitor v) {
            int f = 0;
            for (int r = 0; r < rowCount; r++) {
                v.row(rowSeries[r], rowTs[r]);
                int end = rowEnd[r];
                for (; f < end; f++) {
                    int col = fieldCol[f];
                    long bits = fieldBits[f];
                    switch (fieldType[f]) {
                        case DOUBLE -> v.doubleField(col, Double.longBitsToDouble(bits));
                        case LONG -> v.longField(col, bits);
                        case BOOLEAN -> v.booleanField(col, bits != 0);
                        default -> v.stringField(col, strings[(int) bits]);
                    }
                }
                v.endRow();
            }
        }

        /**
         * Like {@link #visit}, but rows grouped by series: each series' rows in their order in the
         * section (a stable reordering). For a table head that is the same result, since a head
         * orders rows only within a series, and far fewer cache misses: with the rows of many
         * series interleaved (one row per host per timestamp), visiting in section order writes to
         * every series' column arrays in turn. Falls back to section order when the series ids
         * span much more than the row count (the counting sort would cost more than it saves).
         */
        public void visitBySeries(WriteRecordDecoder.Visitor v) {
            int[] order = seriesOrder();
            if (order == null) {
                visit(v);
                return;
            }
            visitInOrder(order, v);
        }

        /** Series of row {@code r} (in section order). */
        public int seriesOf(int r) {
            return rowSeries[r];
        }

        /** Timestamp of row {@code r} (in section order). */
        public long timestampOf(int r) {
            return rowTs[r];
        }

        /**
         * Row indexes grouped by series, each series' rows in section order: the order of
         * {@link #visitBySeries}, and where it falls back to section order, a sort by series.
         */
        public int[] rowsBySeries() {
            int[] order = seriesOrder();
            if (order != null) {
                return order;
            }
            long[] keys = new long[rowCount];
            for (int r = 0; r < rowCount; r++) {
                keys[r] = ((long) rowSeries[r] << 32) | r; // series ids and row indexes are non-negative ints
            }
            java.util.Arrays.sort(keys);
            int[] out = new int[rowCount];
            for (int i = 0; i < rowCount; i++) {
                out[i] = (int) keys[i];
            }
            return out;
        }

        /** Row indexes grouped by series, stable (a counting sort), or null when not worth it. */
        private int[] seriesOrder() {
            int n = rowCount;
            int min = Integer.MAX_VALUE;
            for (int r = 0; r < n; r++) {
                min = Math.min(min, rowSeries[r]);
            }
            long span = (long) maxSeriesId - min + 1;
            if (n < 2 || span > 2L * n + 1024) {
                return null;
            }
            int[] start = new int[(int) span + 1];
            for (int r = 0; r < n; r++) {
                start[rowSeries[r] - min + 1]++;
            }
            for (int i = 1; i < start.length; i++) {
                start[i] += start[i - 1];
            }
            int[] order = new int[n];
            for (int r = 0; r < n; r++) {
                order[start[rowSeries[r] - min]++] = r;
            }
            return order;
        }

        // Kept apart from seriesOrder: one loop per method, so the JIT compiles each once (its
        // on-stack replacement compiles one method per loop entered while it runs long).
        private void visitInOrder(int[] order, WriteRecordDecoder.Visitor v) {
            int n = order.length;
            for (int k = 0; k < n; k++) {
                int r = order[k];
                v.row(rowSeries[r], rowTs[r]);
                int end = rowEnd[r];
                for (int f = r == 0 ? 0 : rowEnd[r - 1]; f < end; f++) {
                    int col = fieldCol[f];
                    long bits = fieldBits[f];
                    switch (fieldType[f]) {
                        case DOUBLE -> v.doubleField(col, Double.longBitsToDouble(bits));
                        case LONG -> v.longField(col, bits);
                        case BOOLEAN -> v.booleanField(col, bits != 0);
                        default -> v.stringField(col, strings[(int) bits]);
                    }
                }
                v.endRow();
            }
        }

        /** Writes the rows bytes of the section (layout in the class comment). */
        void writeRows(GrowableBytes out) {
            long prev = 0;
            int f = 0;
            for (int r = 0; r < rowCount; r++) {
                int end = rowEnd[r];
                long ts = rowTs[r];
                out.putVarInt(rowSeries[r]).putZigZag(ts - prev).putVarInt(end - f);
                prev = ts;
                for (; f < end; f++) {
                    int col = fieldCol[f];
                    long bits = fieldBits[f];
                    switch (fieldType[f]) {
                        case DOUBLE -> out.putFixedField(col, DOUBLE, bits);
                        case LONG -> out.putVarInt(col).putByte(LONG).putZigZag(bits);
                        case BOOLEAN -> out.putVarInt(col).putByte(BOOLEAN).putByte((int) bits);
                        default -> {
                            byte[] b = strings[(int) bits].getBytes(StandardCharsets.UTF_8);
                            out.putVarInt(col).putByte(STRING).putVarInt(b.length).put(b);
                        }
                    }
                }
            }
        }

        static int varLongSize(long v) {
            return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
        }

        /** See {@link Utf8Length#signed}. */
        static int utf8Length(String s) {
            return Utf8Length.signed(s);
        }
    }

    /** Provides the series definitions a table section must carry. */
    public interface SeriesDefinitions {
        /** Tag values of series {@code id} (null entries = no value). */
        String[] tags(int id);
    }

    private final java.util.List<TableRows> tables = new java.util.ArrayList<>();

    /** The rows section of a table, created on first use. */
    public TableRows table(int tableId) {
        for (TableRows t : tables) {
            if (t.tableId == tableId) {
                return t;
            }
        }
        TableRows t = new TableRows(tableId);
        tables.add(t);
        return t;
    }

    public java.util.List<TableRows> tables() {
        return tables;
    }

    /** Empties the record; the buffers of up to 8 table sections are kept for reuse. */
    public void clear() {
        for (TableRows t : tables) {
            t.reset();
        }
        if (tables.size() > 8) {
            tables.clear();
        }
    }

    /**
     * Produces the payload, in a buffer reused by the next call. {@code firstNewSeries[i]} is, for
     * table {@code tables().get(i)}, the first series id the WAL has not yet recorded; definitions of
     * ids from there to the section's highest id are included.
     */
    public GrowableBytes finish(int[] firstNewSeries, SeriesDefinitions[] defs) {
        long total = 16;
        for (TableRows t : tables) {
            total += 14L * t.fieldCount + 25L * t.rowCount + 16; // a bound for fixed-size fields, grown otherwise
        }
        if (total > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("cannot encode WAL record: " + total + " bytes of rows exceed 2 GiB");
        }
        GrowableBytes out = payload;
        if (out == null || out.array().length < total || out.array().length > 4 * total + (1 << 20)) {
            out = payload = new GrowableBytes((int) total); // reused by the next record of similar size
        }
        out.clear();
        if (rowsScratch.array().length > 4 * total + (1 << 20)) {
            rowsScratch = new GrowableBytes(1 << 16); // do not keep a huge buffer after one huge record
        }
        int nonEmpty = 0;
        for (TableRows t : tables) {
            if (t.rowCount > 0) {
                nonEmpty++;
            }
        }
        out.putByte(KIND_ROWS).putVarInt(nonEmpty);
        for (int i = 0; i < tables.size(); i++) {
            TableRows t = tables.get(i);
            if (t.rowCount == 0) {
                continue;
            }
            out.putVarInt(t.tableId);
            int from = firstNewSeries[i];
            int n = Math.max(0, t.maxSeriesId + 1 - from);
            out.putVarInt(n);
            for (int id = from; id < from + n; id++) {
                String[] tags = defs[i].tags(id);
                out.putVarInt(id).putVarInt(tags.length);
                for (String tag : tags) {
                    if (tag == null) {
                        out.putVarInt(0);
                    } else {
                        byte[] b = tag.getBytes(StandardCharsets.UTF_8);
                        out.putVarInt(b.length + 1).put(b);
                    }
                }
            }
            // rows are written to a scratch buffer first: their byte length precedes them
            GrowableBytes rows = rowsScratch;
            rows.clear();
            t.writeRows(rows);
            out.putVarInt(t.rowCount).putVarInt(rows.size()).put(rows.array(), 0, rows.size());
        }
        return out;
    }

    /** The payload buffer, reused across records (valid until the next {@link #finish}). */
    private GrowableBytes payload;
    private GrowableBytes rowsScratch = new GrowableBytes(1 << 16);
}
