package dev.sundial;

import dev.sundial.index.SeriesKey;
import dev.sundial.index.SeriesKeyLimit;
import dev.sundial.ingest.FieldType;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.partition.TableStorage;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableSchema;
import dev.sundial.table.TimestampRange;
import dev.sundial.wal.WriteRecordEncoder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Points gathered for one atomic write: {@link #commit()} makes all of them durable in one WAL
 * record (per the sync mode) and visible, or none. Points are checked as they are added: a point
 * with a timestamp outside {@link TimestampRange}, a series key over {@link SeriesKeyLimit}, a name
 * the catalog refuses (empty, over 256 bytes, control characters), a type conflict or an unknown
 * column (when auto-create is off) is rejected by {@link #add} with a {@link WriteException} and
 * leaves the batch as it was.
 *
 * <p>Tables and columns that a point needs are created when it is added (durably, in the catalog),
 * even if the batch is later abandoned — as in InfluxDB.
 *
 * <p>Memory: besides the pending rows, a batch keeps a lookup cache for each table it wrote in its
 * last commit only (a writer that sprays thousands of tables over time keeps its working set, not
 * every table it ever saw), and each cache starts small and grows with the table's series. Bulk
 * writers bound a batch by {@link #rows()}, {@link #tables()} and the bytes they added.
 *
 * <p>Not thread-safe: one batch per writer thread. Reusable after commit.
 */
public final class WriteBatch {
    private final Sundial db;
    private final WriteRecordEncoder encoder = new WriteRecordEncoder();
    private final Map<String, TableCache> byName = new HashMap<>();
    private long points;
    private long rows;

    WriteBatch(Sundial db) {
        this.db = db;
    }

    /** Thrown when a point cannot be added; the batch is unchanged. */
    public static final class WriteException extends IllegalArgumentException {
        public WriteException(String message) {
            super(message);
        }
    }

    /** Per-table name lookups, refreshed when the schema changes. */
    private static final class TableCache {
        final TableStorage storage;
        TableSchema schema;
        WriteRecordEncoder.TableRows rows;
        long epoch;
        String[] tagValues;
        /**
         * Series by identity of the parser's tag strings: the line-protocol parser hands out the same
         * String objects for a repeated series section, so an identity-hashed probe replaces building
         * and hashing a SeriesKey. Open addressing with linear probing; starts at
         * {@value #MIN_SLOTS} slots and doubles when half full up to {@value #MAX_SLOTS}, then is
         * emptied when half full: bounded, small for a table of few series, and (unlike a
         * direct-mapped table, where ~10 of 100 devops hosts collided and missed on every row)
         * without thrashing for up to 1024 series.
         */
        String[][] slotTags = new String[MIN_SLOTS][];
        int[] slotSeries = new int[MIN_SLOTS];
        int slotsUsed;
        /** Field layout of the previous point (by identity of key strings), with resolved columns. */
        String[] lastFieldKeys = new String[0];
        FieldType[] lastFieldTypes = new FieldType[0];
        int[] lastFieldCols = new int[0];
        boolean lastHasUnsigned;

        TableCache(TableStorage storage, WriteRecordEncoder.TableRows rows) {
            this.storage = storage;
            this.schema = storage.definition().schema();
            this.rows = rows;
            this.tagValues = new String[schema.tagCount()];
        }
    }

    private static final int MIN_SLOTS = 16;
    private static final int MAX_SLOTS = 2048;

    /** Incremented when the encoder is cleared, so caches re-attach to a fresh rows section. */
    private long epoch;
    /** Tables attached to the pending rows (see {@link #tables()}). */
    private int tablesInBatch;

    private String lastTableName;
    private TableCache lastTable;

    private TableCache cache(String table) throws IOException {
        if (table == lastTableName && lastTable.epoch == epoch) {
            return lastTable; // same String object as the previous point: the parser reuses names
        }
        return lookUp(table);
    }

    /** Kept out of {@link #cache}, so the hot path compiles small and without rarely-taken branches. */
    private TableCache lookUp(String table) throws IOException {
        TableCache c = byName.get(table);
        if (c != null && c.storage.isDropped() && c.epoch != epoch) {
            byName.remove(table); // dropped since an earlier commit: resolve the name afresh
            c = null;
        }
        if (c == null) {
            TableStorage s = forPoint(() -> db.storageForWrite(table));
            c = new TableCache(s, encoder.table(s.definition().id()));
            c.epoch = epoch;
            byName.put(table, c);
            tablesInBatch++;
        } else if (c.epoch != epoch) {
            c.rows = encoder.table(c.storage.definition().id());
            c.epoch = epoch;
            tablesInBatch++;
        }
        lastTableName = table;
        lastTable = c;
        return c;
    }

    /** Adds a point to {@code table}. */
    public WriteBatch add(String table, DataPoint p) throws IOException {
        checkTimestamp(table, p.timestampNanos());
        try {
            SeriesKeyLimit.check(table, p.tags());
        } catch (IllegalArgumentException e) {
            throw new WriteException(e.getMessage());
        }
        TableCache c = cache(table);
        int[] tagIdx = new int[p.tags().size()];
        int k = 0;
        for (String tag : p.tags().keySet()) {
            tagIdx[k++] = tagIndex(c, tag);
        }
        int[] colIdx = new int[p.fields().size()];
        k = 0;
        for (Map.Entry<String, Object> f : p.fields().entrySet()) {
            ColumnType t = typeOf(f.getValue());
            colIdx[k++] = columnIndex(c, f.getKey(), t);
        }
        String[] tv = new String[c.schema.tagCount()];
        k = 0;
        for (String v : p.tags().values()) {
            tv[tagIdx[k++]] = v;
        }
        int series = c.storage.registry().getOrCreate(SeriesKey.of(tv));
        c.rows.beginRow(series, p.timestampNanos(), p.fields().size());
        k = 0;
        for (Object v : p.fields().values()) {
            int col = colIdx[k++];
            switch (v) {
                case Double d -> c.rows.putDouble(col, d);
                case Long l -> c.rows.putLong(col, l);
                case Boolean b -> c.rows.putBoolean(col, b);
                case String s -> c.rows.putString(col, s);
                default -> throw new IllegalStateException("BUG: field type " + v.getClass());
            }
        }
        c.rows.endRow();
        rows++;
        points += p.fields().size();
        return this;
    }

    /**
     * The fast columnar path: one row of {@code series} at {@code ts} with DOUBLE values for the
     * columns of {@code columns}, {@code values[offset …]} in the same order; NaN is stored as NaN
     * (use {@link #add(String, DataPoint)} for NULLs).
     */
    public WriteBatch addDoubles(SeriesRef series, long ts, ColumnSet columns, double[] values, int offset) throws IOException {
        if (!series.table().equals(columns.table())) {
            throw new WriteException("cannot write: series of " + series.table() + " with columns of " + columns.table());
        }
        checkTimestamp(series.table(), ts);
        TableCache c = cache(series.table());
        int n = columns.size();
        if (columns != checkedDoubles) {
            checkDoubles(c, series, columns);
        }
        c.rows.beginRow(series.seriesId(), ts, n);
        int[] idx = columns.indexes();
        for (int i = 0; i < n; i++) {
            c.rows.putDouble(idx[i], values[offset + i]);
        }
        c.rows.endRow();
        rows++;
        points += n;
        return this;
    }

    /** The last column set found to be all DOUBLE (column sets are immutable): checked once, not per row. */
    private ColumnSet checkedDoubles;

    private void checkDoubles(TableCache c, SeriesRef series, ColumnSet columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.types()[i] != ColumnType.DOUBLE) {
                throw new WriteException("cannot write column " + c.schema.value(columns.indexes()[i]).name() + " of table "
                        + series.table() + " as DOUBLE: it is " + columns.types()[i]);
            }
        }
        checkedDoubles = columns;
    }

    /** A catalog change that a point needs. */
    private interface SchemaChange<T> {
        T apply() throws IOException;
    }

    /**
     * Applies a catalog change a point needs (a new table, tag or column). A name the catalog
     * refuses (empty, over 256 bytes, control characters) or one tag column too many is an error of
     * the point, as a type conflict is, not of the writer.
     */
    private static <T> T forPoint(SchemaChange<T> change) throws IOException {
        try {
            return change.apply();
        } catch (WriteException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new WriteException(e.getMessage());
        }
    }

    private static void checkSeriesKey(ParsedPoint p, int tagCount) {
        try {
            SeriesKeyLimit.check(p.measurement(), tagCount, p::tagKey, p::tagValue);
        } catch (IllegalArgumentException e) {
            throw new WriteException(e.getMessage());
        }
    }

    /** Refuses a row outside {@link TimestampRange} before anything of it is kept (a table or column created). */
    private static void checkTimestamp(String table, long ts) {
        if (!TimestampRange.contains(ts)) {
            throw new WriteException("cannot write point of table " + table + ": " + TimestampRange.outsideReason(ts));
        }
    }

    private static ColumnType typeOf(Object v) {
        return switch (v) {
            case Double d -> ColumnType.DOUBLE;
            case Long l -> ColumnType.BIGINT;
            case Boolean b -> ColumnType.BOOLEAN;
            case String s -> ColumnType.VARCHAR;
            default -> throw new WriteException("cannot write value of type " + v.getClass().getName());
        };
    }

    /**
     * Adds a point parsed from line protocol or CSV: measurement → table, tags → tag columns, fields
     * → value columns (float → DOUBLE, integer and unsigned → BIGINT, boolean, string → VARCHAR).
     *
     * @param defaultTimestampNanos time for a point without timestamp
     */
    public WriteBatch add(ParsedPoint p, long defaultTimestampNanos) throws IOException {
        long ts = p.hasTimestamp() ? p.timestampNanos() : defaultTimestampNanos;
        checkTimestamp(p.measurement(), ts);
        TableCache c = cache(p.measurement());
        int tagCount = p.tagCount();
        int fieldCount = p.fieldCount();
        if (fieldCount == 0) {
            throw new WriteException("cannot write point of " + p.measurement() + ": it has no fields");
        }
        int h = slotHash(p, tagCount);
        String[][] slots = c.slotTags;
        int mask = slots.length - 1;
        int slot = (h ^ (h >>> 16)) & mask;
        int series = -1;
        for (String[] cached; (cached = slots[slot]) != null; slot = (slot + 1) & mask) {
            if (sameTags(cached, p, tagCount)) {
                series = c.slotSeries[slot];
                break;
            }
        }
        // Check and resolve every name and type before creating anything, so a rejected point
        // changes nothing; a series is only created once the point is known to be good.
        if (series < 0) {
            checkSeriesKey(p, tagCount);
        }
        int[] colIdx = resolveFields(c, p, fieldCount);
        if (c.lastHasUnsigned) {
            checkUnsigned(p, fieldCount);
        }
        if (series < 0) {
            series = cacheSeries(c, p, tagCount, slot);
        }
        WriteRecordEncoder.TableRows out = c.rows;
        out.beginRow(series, ts, fieldCount);
        FieldType[] types = c.lastFieldTypes; // the types of p's fields: resolveFields checked them
        for (int i = 0; i < fieldCount; i++) {
            int col = colIdx[i];
            FieldType t = types[i];
            if (t == FieldType.FLOAT) {
                out.putDouble(col, p.doubleValue(i));
            } else {
                putOther(out, p, i, col, t);
            }
        }
        c.rows.endRow();
        rows++;
        points += fieldCount;
        return this;
    }

    private static void putOther(WriteRecordEncoder.TableRows rows, ParsedPoint p, int i, int col, FieldType t) {
        switch (t) {
            case INTEGER, UNSIGNED -> rows.putLong(col, p.longValue(i));
            case BOOLEAN -> rows.putBoolean(col, p.booleanValue(i));
            case STRING -> rows.putString(col, p.stringValue(i));
            default -> throw new IllegalStateException("BUG: field type " + t);
        }
    }

    private static void checkUnsigned(ParsedPoint p, int fieldCount) {
        for (int i = 0; i < fieldCount; i++) {
            if (p.fieldType(i) == FieldType.UNSIGNED && p.longValue(i) < 0) {
                throw new WriteException("cannot write field " + p.fieldKey(i) + ": unsigned value above 2^63-1 does not fit BIGINT");
            }
        }
    }

    private static boolean sameTags(String[] cached, ParsedPoint p, int tagCount) {
        if (cached.length != 2 * tagCount) {
            return false;
        }
        for (int i = 0; i < tagCount; i++) {
            if (cached[2 * i] != p.tagKey(i) || cached[2 * i + 1] != p.tagValue(i)) {
                return false;
            }
        }
        return true;
    }

    /** Resolves a series the identity cache missed and remembers it in {@code slot} (an empty slot). */
    private int cacheSeries(TableCache c, ParsedPoint p, int tagCount, int slot) throws IOException {
        int series = resolveSeries(c, p, tagCount);
        if (c.slotsUsed >= c.slotTags.length / 2) {
            if (c.slotTags.length >= MAX_SLOTS) {
                java.util.Arrays.fill(c.slotTags, null);
                c.slotsUsed = 0;
                return series; // remembered on its next occurrence
            }
            growSlots(c);
            slot = emptySlot(c, slotHash(p, tagCount));
        }
        String[] refs = new String[2 * tagCount];
        for (int i = 0; i < tagCount; i++) {
            refs[2 * i] = p.tagKey(i);
            refs[2 * i + 1] = p.tagValue(i);
        }
        c.slotTags[slot] = refs;
        c.slotSeries[slot] = series;
        c.slotsUsed++;
        return series;
    }

    /**
     * Where the identity cache probes for a point's series: hashed on the tag values only (keys are
     * the same few strings on every line); {@link #sameTags} compares keys and values.
     */
    private static int slotHash(ParsedPoint p, int tagCount) {
        int h = tagCount;
        for (int i = 0; i < tagCount; i++) {
            h = h * 31 + System.identityHashCode(p.tagValue(i));
        }
        return h;
    }

    private static int emptySlot(TableCache c, int h) {
        int mask = c.slotTags.length - 1;
        int slot = (h ^ (h >>> 16)) & mask;
        while (c.slotTags[slot] != null) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Doubles the identity cache, re-inserting what it holds (refs are key, value, key, value …). */
    private static void growSlots(TableCache c) {
        String[][] oldTags = c.slotTags;
        int[] oldSeries = c.slotSeries;
        c.slotTags = new String[oldTags.length * 2][];
        c.slotSeries = new int[oldTags.length * 2];
        for (int i = 0; i < oldTags.length; i++) {
            String[] refs = oldTags[i];
            if (refs != null) {
                int h = refs.length / 2;
                for (int k = 1; k < refs.length; k += 2) {
                    h = h * 31 + System.identityHashCode(refs[k]);
                }
                int slot = emptySlot(c, h);
                c.slotTags[slot] = refs;
                c.slotSeries[slot] = oldSeries[i];
            }
        }
    }

    /** Column of each field, reusing the previous point's resolution when its keys are the same objects. */
    private int[] resolveFields(TableCache c, ParsedPoint p, int fieldCount) throws IOException {
        boolean same = fieldCount == c.lastFieldKeys.length;
        for (int i = 0; i < fieldCount && same; i++) {
            same = p.fieldKey(i) == c.lastFieldKeys[i] && p.fieldType(i) == c.lastFieldTypes[i];
        }
        if (same) {
            return c.lastFieldCols;
        }
        return resolveNewFields(c, p, fieldCount);
    }

    /** Kept out of {@link #resolveFields}: runs when the field layout changes, rarely in bulk loads. */
    private int[] resolveNewFields(TableCache c, ParsedPoint p, int fieldCount) throws IOException {
        int[] cols = new int[fieldCount];
        boolean unsigned = false;
        String[] keys = new String[fieldCount];
        FieldType[] types = new FieldType[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            cols[i] = columnIndex(c, p.fieldKey(i), columnType(p.fieldType(i)));
            keys[i] = p.fieldKey(i);
            types[i] = p.fieldType(i);
            unsigned |= types[i] == FieldType.UNSIGNED;
        }
        c.lastHasUnsigned = unsigned;
        c.lastFieldKeys = keys;
        c.lastFieldTypes = types;
        c.lastFieldCols = cols;
        return cols;
    }

    private int resolveSeries(TableCache c, ParsedPoint p, int tagCount) throws IOException {
        int[] tagIdx = scratchTags(tagCount);
        for (int i = 0; i < tagCount; i++) {
            tagIdx[i] = tagIndex(c, p.tagKey(i));
        }
        String[] tv = c.tagValues;
        if (tv.length != c.schema.tagCount()) {
            tv = c.tagValues = new String[c.schema.tagCount()];
        }
        java.util.Arrays.fill(tv, null);
        for (int i = 0; i < tagCount; i++) {
            tv[tagIdx[i]] = p.tagValue(i);
        }
        return c.storage.registry().getOrCreate(SeriesKey.of(tv));
    }

    private int[] tagScratch = new int[16];

    private int[] scratchTags(int n) {
        if (tagScratch.length < n) {
            tagScratch = new int[n];
        }
        return tagScratch;
    }

    private static ColumnType columnType(FieldType t) {
        return switch (t) {
            case FLOAT -> ColumnType.DOUBLE;
            case INTEGER, UNSIGNED -> ColumnType.BIGINT;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case STRING -> ColumnType.VARCHAR;
        };
    }

    private int tagIndex(TableCache c, String tag) throws IOException {
        int i = c.schema.tagIndex(tag);
        if (i >= 0) {
            return i;
        }
        if (c.schema.valueIndex(tag) >= 0 || tag.equals(c.schema.timestampColumn())) {
            throw new WriteException("cannot write tag " + tag + " of table " + c.schema.name() + ": it is a value column");
        }
        c.schema = forPoint(() -> db.addTag(c.storage, tag));
        return c.schema.tagIndex(tag);
    }

    private int columnIndex(TableCache c, String name, ColumnType type) throws IOException {
        int i = c.schema.valueIndex(name);
        if (i < 0) {
            if (c.schema.tagIndex(name) >= 0 || name.equals(c.schema.timestampColumn())) {
                throw new WriteException("cannot write field " + name + " of table " + c.schema.name() + ": it is a tag or the timestamp");
            }
            c.schema = forPoint(() -> db.addColumn(c.storage, name, type));
            i = c.schema.valueIndex(name);
        }
        ColumnType have = c.schema.value(i).type();
        if (have != type) {
            throw new WriteException("cannot write field " + name + " of table " + c.schema.name() + ": it is " + type
                    + " here but the column is " + have);
        }
        return i;
    }

    /** Rows added since the last commit. */
    public long rows() {
        return rows;
    }

    /**
     * Tables written to since the last commit (a point rejected after its table was looked up
     * counts too). Each costs a rows section of its own in the pending WAL record, some tens of KiB
     * however few its rows, so a writer that meets many tables bounds this as well as {@link #rows()}.
     */
    public int tables() {
        return tablesInBatch;
    }

    /** Non-null values added since the last commit. */
    public long points() {
        return points;
    }

    /** Bytes of the pending WAL record (rows sections), to bound batch sizes; a pass over the rows. */
    public long bytes() {
        long n = 0;
        for (WriteRecordEncoder.TableRows t : encoder.tables()) {
            n += t.bytes();
        }
        return n;
    }

    /**
     * Makes the batch durable (per the WAL sync mode) and visible; afterwards the batch is empty and
     * can be reused. On failure nothing of the batch is applied. Returns how many rows were
     * written and how many of them replaced a stored row ({@link WriteResult}).
     */
    public WriteResult commit() throws IOException {
        if (rows == 0) {
            lastCommit = WriteResult.NONE;
            return lastCommit;
        }
        long n = rows;
        try {
            lastCommit = new WriteResult(n, db.commit(encoder, this::storageOf).replaced());
            return lastCommit;
        } finally {
            clear();
        }
    }

    private WriteResult lastCommit = WriteResult.NONE;

    /**
     * What the last {@link #commit()} or {@link #commitWithoutWaiting()} of this batch wrote (for
     * the latter, visible but maybe not yet durable); {@link WriteResult#NONE} before the first.
     */
    public WriteResult lastCommit() {
        return lastCommit;
    }

    /**
     * Writes the batch to the WAL and makes it visible like {@link #commit()}, but returns without
     * waiting for durability: pass the returned sequence to {@link Sundial#awaitDurable(long)}
     * before acknowledging the points to anyone. Lets one writer overlap the fsync of a batch with
     * work on the next (bulk imports). Returns -1 for an empty batch.
     */
    public long commitWithoutWaiting() throws IOException {
        if (rows == 0) {
            lastCommit = WriteResult.NONE;
            return -1;
        }
        long n = rows;
        try {
            CommitPath.Committed c = db.commitWithoutWaiting(encoder, this::storageOf);
            lastCommit = new WriteResult(n, c.replaced());
            return c.sequence();
        } finally {
            clear();
        }
    }

    /** The storage this batch resolved for a table id it holds rows of, or null. */
    private TableStorage storageOf(int tableId) {
        for (TableCache c : byName.values()) {
            if (c.epoch == epoch && c.storage.definition().id() == tableId) {
                return c.storage;
            }
        }
        return null;
    }

    /** Drops the pending points. */
    public void clear() {
        encoder.clear();
        if (byName.size() > tablesInBatch) {
            // keep the lookups of the tables this batch wrote (the next batch likely writes them
            // again) and drop the others: memory follows the working set, not every table ever seen
            long used = epoch;
            byName.values().removeIf(c -> c.epoch != used);
            lastTableName = null;
            lastTable = null;
        }
        epoch++;
        tablesInBatch = 0;
        rows = 0;
        points = 0;
    }
}
