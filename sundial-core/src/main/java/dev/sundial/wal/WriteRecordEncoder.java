package dev.sundial.wal;

import dev.sundial.segment.GrowableBytes;
import java.nio.charset.StandardCharsets;

/**
 * Builds the payload of a WAL write record ({@code docs/format/wal-record.md}): the rows of one
 * write request for one or more tables. The rows section of each table is built as rows are added
 * (outside any lock); {@link #finish} prepends, per table, the definitions of series that the WAL
 * has not seen yet, so replay can re-create every series a row refers to.
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

    /** Rows of one table, encoded as they are added. */
    public static final class TableRows {
        final int tableId;
        final GrowableBytes rows = new GrowableBytes(1 << 12);
        int rowCount;
        long prevTs;
        int fieldCount;
        int expectedFields;
        int maxSeriesId = -1;

        TableRows(int tableId) {
            this.tableId = tableId;
        }

        void reset() {
            rows.clear();
            rowCount = 0;
            prevTs = 0;
            fieldCount = 0;
            expectedFields = 0;
            maxSeriesId = -1;
        }

        /** Starts a row that will carry exactly {@code fieldCount} fields. */
        public void beginRow(int seriesId, long ts, int fieldCount) {
            rows.putVarInt(seriesId).putZigZag(ts - prevTs).putVarInt(fieldCount);
            prevTs = ts;
            maxSeriesId = Math.max(maxSeriesId, seriesId);
            expectedFields = fieldCount;
            this.fieldCount = 0;
        }

        public void putDouble(int column, double v) {
            rows.putFixedField(column, 1, Double.doubleToRawLongBits(v));
            fieldCount++;
        }

        public void putLong(int column, long v) {
            rows.putVarInt(column).putByte(2).putZigZag(v);
            fieldCount++;
        }

        public void putBoolean(int column, boolean v) {
            rows.putVarInt(column).putByte(3).putByte(v ? 1 : 0);
            fieldCount++;
        }

        public void putString(int column, String v) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            rows.putVarInt(column).putByte(4).putVarInt(b.length).put(b);
            fieldCount++;
        }

        public void endRow() {
            if (fieldCount != expectedFields) {
                throw new IllegalStateException("BUG: row announced " + expectedFields + " fields, got " + fieldCount);
            }
            rowCount++;
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

        /** Bytes buffered so far (for batch size limits). */
        public int bytes() {
            return rows.size();
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

    /** Sections that hold rows (kept sections of earlier records may be empty). */
    public java.util.List<TableRows> nonEmptyTables() {
        java.util.List<TableRows> out = new java.util.ArrayList<>(tables.size());
        for (TableRows t : tables) {
            if (t.rowCount > 0) {
                out.add(t);
            }
        }
        return out;
    }

    public boolean isEmpty() {
        for (TableRows t : tables) {
            if (t.rowCount > 0) {
                return false;
            }
        }
        return true;
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
     * Produces the payload. {@code firstNewSeries[i]} is, for table {@code tables().get(i)}, the first
     * series id the WAL has not yet recorded; definitions of ids from there to the section's highest
     * id are included.
     */
    public GrowableBytes finish(int[] firstNewSeries, SeriesDefinitions[] defs) {
        int total = 16;
        for (TableRows t : tables) {
            total += t.rows.size() + 16;
        }
        GrowableBytes out = new GrowableBytes(total);
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
            out.putVarInt(t.rowCount).putVarInt(t.rows.size()).put(t.rows.array(), 0, t.rows.size());
        }
        return out;
    }
}
