package dev.sundial;

import dev.sundial.head.Head;
import dev.sundial.index.SeriesKey;
import dev.sundial.index.SeriesKeyLimit;
import dev.sundial.index.TagFilter;
import dev.sundial.partition.Manifest;
import dev.sundial.partition.TableStorage;
import dev.sundial.scan.SeriesMerger;
import dev.sundial.scan.TableSnapshot;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.table.ValueVector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * A handle on one time-series table of an open {@link Sundial}: insert points, scan or query them,
 * read its schema, options and statistics. Cheap to obtain; thread-safe.
 */
public final class Table {
    private final Sundial db;
    private final TableStorage storage;

    Table(Sundial db, TableStorage storage) {
        this.db = db;
        this.storage = storage;
    }

    public String name() {
        return storage.definition().name();
    }

    public TableSchema schema() {
        return storage.definition().schema();
    }

    public TableOptions options() {
        return storage.definition().options();
    }

    /**
     * Inserts one point durably (per the WAL sync mode); says whether it replaced a row of the same
     * series and timestamp. Prefer {@link #insert(Collection)} for many.
     */
    public WriteResult insert(DataPoint point) throws IOException {
        storage.checkNotDropped("insert into"); // else the name would auto-create a new table
        return db.newBatch().add(name(), point).commit();
    }

    /** Inserts points atomically: all or none; says how many replaced a row of the same series and timestamp. */
    public WriteResult insert(Collection<DataPoint> points) throws IOException {
        storage.checkNotDropped("insert into");
        WriteBatch b = db.newBatch();
        for (DataPoint p : points) {
            b.add(name(), p);
        }
        return b.commit();
    }

    /**
     * The series with these tags, created if new (made durable with the first write that uses it).
     * Tags must be tag columns of the table, and the series key must fit {@link SeriesKeyLimit}.
     */
    public SeriesRef series(Map<String, String> tags) {
        TableSchema schema = schema();
        String[] values = new String[schema.tagCount()];
        for (Map.Entry<String, String> e : tags.entrySet()) {
            int i = schema.tagIndex(e.getKey());
            if (i < 0) {
                throw new IllegalArgumentException("cannot resolve series of table " + name() + ": no tag column '" + e.getKey()
                        + "' (tags: " + schema.tags() + ")");
            }
            values[i] = java.util.Objects.requireNonNull(e.getValue(), "tag value");
        }
        SeriesKeyLimit.check(name(), tags);
        return new SeriesRef(name(), storage.definition().id(), storage.registry().getOrCreate(SeriesKey.of(values)));
    }

    /** Resolves value columns by name, in the given order. */
    public ColumnSet columns(String... names) {
        TableSchema schema = schema();
        int[] idx = new int[names.length];
        ColumnType[] types = new ColumnType[names.length];
        for (int i = 0; i < names.length; i++) {
            idx[i] = schema.valueIndex(names[i]);
            if (idx[i] < 0) {
                throw new IllegalArgumentException("cannot resolve column '" + names[i] + "' of table " + name()
                        + " (columns: " + schema.values().stream().map(ColumnDef::name).toList() + ")");
            }
            types[i] = schema.value(idx[i]).type();
        }
        return new ColumnSet(name(), idx, types);
    }

    /** Adds a value column (no-op if it exists with the same type). */
    public void addColumn(String name, ColumnType type) throws IOException {
        storage.checkNotDropped("alter");
        TableSchema s = db.alter(storage, schema -> {
            int i = schema.valueIndex(name);
            if (i >= 0) {
                if (schema.value(i).type() != type) {
                    throw new IllegalArgumentException("cannot add column " + name + " " + type + ": it exists as " + schema.value(i).type());
                }
                return schema;
            }
            if (schema.tagIndex(name) >= 0 || name.equals(schema.timestampColumn())) {
                throw new IllegalArgumentException("cannot add column " + name + ": the name is taken");
            }
            return schema.withValue(new ColumnDef(name, type));
        });
        if (s.valueIndex(name) < 0) {
            throw new IllegalStateException("BUG: column " + name + " not added");
        }
    }

    /** Adds a tag column (no-op if it exists); existing series have no value (NULL) for it. */
    public void addTag(String name) throws IOException {
        db.alter(storage, schema -> {
            if (schema.tagIndex(name) >= 0) {
                return schema;
            }
            if (schema.valueIndex(name) >= 0 || name.equals(schema.timestampColumn())) {
                throw new IllegalArgumentException("cannot add tag " + name + ": the name is taken");
            }
            return schema.withTag(name);
        });
    }

    /** Changes options, as in {@code ALTER TABLE … SET (key='value', …)}. */
    public void setOptions(Map<String, String> settings) throws IOException {
        storage.checkNotDropped("alter");
        db.setOptions(storage, options().with(settings));
    }

    /**
     * Streams rows in [fromNanos, toNanos) of the series matching {@code filter}, with the named
     * value columns (all when none are given). Close the cursor.
     */
    public SeriesCursor scan(long fromNanos, long toNanos, TagFilter filter, String... columns) {
        TableSchema schema = schema();
        int[] ids;
        if (columns.length == 0) {
            ids = new int[schema.valueCount()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
        } else {
            ids = new int[columns.length];
            for (int i = 0; i < columns.length; i++) {
                ids[i] = schema.valueIndex(columns[i]);
                if (ids[i] < 0) {
                    throw new IllegalArgumentException("cannot scan table " + name() + ": no value column '" + columns[i]
                            + "' (columns: " + schema.values().stream().map(ColumnDef::name).toList() + ")");
                }
            }
        }
        return scanColumns(fromNanos, toNanos, filter, ids);
    }

    /** As {@link #scan}, with value columns by index. */
    public SeriesCursor scanColumns(long fromNanos, long toNanos, TagFilter filter, int[] columnIds) {
        storage.checkNotDropped("scan");
        TableSchema schema = schema();
        ColumnType[] types = new ColumnType[columnIds.length];
        for (int i = 0; i < columnIds.length; i++) {
            types[i] = schema.value(columnIds[i]).type();
        }
        RoaringBitmap series = selectSeries(filter);
        TableSnapshot snap = TableSnapshot.take(storage, series, fromNanos, toNanos);
        return new SeriesCursor(snap, storage.registry(), new SeriesMerger(columnIds, types), null);
    }

    /**
     * Streams all value columns of the matching series in canonical order — series sorted by their
     * tags ({@code key=value} pairs sorted by key, compared as text), then time — as export needs.
     */
    public SeriesCursor scanCanonical(long fromNanos, long toNanos, TagFilter filter) {
        storage.checkNotDropped("scan");
        TableSchema schema = schema();
        int[] columnIds = new int[schema.valueCount()];
        ColumnType[] types = new ColumnType[columnIds.length];
        for (int i = 0; i < columnIds.length; i++) {
            columnIds[i] = i;
            types[i] = schema.value(i).type();
        }
        RoaringBitmap series = selectSeries(filter);
        int[] ids = series.toArray();
        String[] keys = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            keys[i] = canonicalTags(schema, storage.registry().key(ids[i]));
        }
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
        int[] sortedIds = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            sortedIds[i] = ids[order[i]];
        }
        TableSnapshot snap = TableSnapshot.take(storage, series, fromNanos, toNanos);
        return new SeriesCursor(snap, storage.registry(), new SeriesMerger(columnIds, types), sortedIds);
    }

    private static String canonicalTags(TableSchema schema, SeriesKey key) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        for (int t = 0; t < key.length(); t++) {
            if (key.tag(t) != null) {
                m.put(schema.tags().get(t), key.tag(t));
            }
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append('\u0000').append(v).append('\u0001'));
        return b.toString();
    }

    /**
     * A consistent snapshot of {@code series} in [fromNanos, toNanos) for query engines that read
     * sources directly (chunk statistics for push-down, parallel decoding with one
     * {@link dev.sundial.scan.SeriesMerger} per thread). Close it.
     */
    public TableSnapshot snapshot(long fromNanos, long toNanos, RoaringBitmap series) {
        return TableSnapshot.take(storage, series, fromNanos, toNanos);
    }

    /**
     * What a query sees of the table's rollup levels for {@code series} in [fromNanos, toNanos):
     * null when the table has no levels. Close it (it holds the levels' segments).
     */
    public dev.sundial.rollup.RollupView rollupView(long fromNanos, long toNanos, RoaringBitmap series) {
        dev.sundial.rollup.TableRollups r = db.rollupsOf(storage);
        return r == null || r.levels().isEmpty() ? null : r.view(series, fromNanos, toNanos);
    }

    /**
     * The seed's downsampling: every numeric value column of every series aggregated per
     * {@code interval} bucket of [start, end), read from the coarsest rollup level that divides the
     * interval (raw data for the edges, the not yet rolled-up tail and dirty buckets), as
     * {@code time_bucket} in SQL. One point per series and bucket, in series then time order; its
     * fields are the columns' aggregates (absent where a column had no value). Needs
     * {@code sundial-sql} on the class path.
     */
    public List<DataPoint> downsample(Instant start, Instant end, java.time.Duration interval, RollupAggregation aggregation) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("cannot downsample table " + name() + ": interval " + interval + " must be positive");
        }
        return points(new AggregateRequest(start, end, interval, null, TagFilter.all(), List.of(), aggregation, Long.MAX_VALUE));
    }

    /**
     * The seed's grouped query: every numeric value column aggregated over [start, end) per
     * combination of {@code groupByTags} (all series together when empty), reading rollup levels as
     * {@link #downsample} does. One point per group, stamped {@code start}, tags = the group's values.
     */
    public List<DataPoint> query(Instant start, Instant end, List<String> groupByTags, RollupAggregation aggregation) {
        return points(new AggregateRequest(start, end, null, groupByTags, TagFilter.all(), List.of(), aggregation, Long.MAX_VALUE));
    }

    /**
     * The general form of {@link #downsample} and {@link #query} (the REST query uses it): buckets
     * or one range, any grouping, a tag filter, chosen columns, a row limit, and the rollup level
     * that answered ({@link AggregateCursor#level()}). Streams; close the cursor.
     *
     * @throws IllegalArgumentException an unknown tag or column, or a column the aggregate cannot read
     */
    public AggregateCursor aggregate(AggregateRequest request) {
        storage.checkNotDropped("query");
        AggregateRequest.Sql sql = request.toSql(name(), schema());
        if (sql.columns().isEmpty()) {
            return new AggregateCursor(null, sql.groupBy(), sql.columns(), request.interval() != null, request.start());
        }
        QueryResult r = db.sql(sql.text(), sql.params());
        return new AggregateCursor(r, sql.groupBy(), sql.columns(), request.interval() != null, request.start());
    }

    /** The rows of an aggregation as points (rows whose every aggregate is NULL are left out). */
    private List<DataPoint> points(AggregateRequest request) {
        List<DataPoint> out = new ArrayList<>();
        try (AggregateCursor c = aggregate(request)) {
            while (c.next()) {
                DataPoint.Builder b = DataPoint.at(c.timestampNanos());
                for (int i = 0; i < c.groupBy().size(); i++) {
                    String v = c.tag(i);
                    if (v != null) {
                        b.tag(c.groupBy().get(i), v);
                    }
                }
                boolean any = false;
                for (int k = 0; k < c.columns().size(); k++) {
                    Object v = c.value(k);
                    if (v != null) {
                        b.field(c.columns().get(k), v);
                        any = true;
                    }
                }
                if (any) {
                    out.add(b.build());
                }
            }
        }
        return out;
    }

    /** The database's wall clock (retention is measured against it). */
    public java.time.Instant now() {
        return db.options().clock().instant();
    }

    /** The table's rollup levels and their state (tests and tools). */
    public dev.sundial.rollup.TableRollups rollupsForTesting() {
        return db.rollupsOf(storage);
    }

    /** Series ids matching a tag filter (tag index lookup, no data read). */
    public RoaringBitmap selectSeries(TagFilter filter) {
        TableSchema schema = schema();
        return storage.registry().select(filter, schema::tagIndex);
    }

    /** Number of series the table has ever had (dense ids 0..n-1), without reading data. */
    public int seriesCount() {
        return storage.registry().size();
    }

    /** Tag values of a series. */
    public SeriesKey seriesKey(int seriesId) {
        return storage.registry().key(seriesId);
    }

    /** Points in [start, end) matching the filter, series by series, each in time order. */
    public List<DataPoint> query(Instant start, Instant end, TagFilter filter, String... columns) {
        return query(DataPoint.at(start).build().timestampNanos(), DataPoint.at(end).build().timestampNanos(), filter, columns);
    }

    /** As {@link #query(Instant, Instant, TagFilter, String...)} with epoch nanoseconds. */
    public List<DataPoint> query(long fromNanos, long toNanos, TagFilter filter, String... columns) {
        List<DataPoint> out = new ArrayList<>();
        TableSchema schema = schema();
        try (SeriesCursor c = scan(fromNanos, toNanos, filter, columns)) {
            while (c.hasNext()) {
                SeriesRows s = c.next();
                ColumnBatch b = s.rows();
                for (int r = 0; r < b.size; r++) {
                    DataPoint.Builder p = DataPoint.at(b.timestamps[r]);
                    for (int t = 0; t < schema.tagCount(); t++) {
                        String v = s.key().tag(t);
                        if (v != null) {
                            p.tag(schema.tags().get(t), v);
                        }
                    }
                    for (int k = 0; k < b.columnIds.length; k++) {
                        ValueVector v = b.columns[k];
                        if (v != null && v.isPresent(r)) {
                            p.field(schema.value(b.columnIds[k]).name(), v.get(r));
                        }
                    }
                    out.add(p.build());
                }
            }
        }
        return out;
    }

    /**
     * Deletes the rows of the series matching {@code filter} whose timestamp lies in
     * [fromNanos, toNanos), as SQL {@code DELETE FROM t WHERE ts >= from AND ts < to AND <tags>}
     * needs; returns how many rows (series × timestamp) were deleted. An empty range
     * ({@code fromNanos >= toNanos}) or a filter matching no series deletes nothing and returns 0;
     * {@code Long.MIN_VALUE, Long.MAX_VALUE} covers every row except one at exactly
     * {@code Long.MAX_VALUE}.
     *
     * <p>Durable when this returns (survives a crash), and ordered with writes: rows written before
     * the call are gone, rows written after it returns are kept even at the same timestamps. Rows
     * written while it runs may end up either way. Series stay in the registry (and the tag index)
     * with no rows.
     *
     * <p>Cost: flushes every table's head, then rewrites each time partition holding matching rows
     * into one new segment (chunks untouched by the range are copied without re-encoding). One
     * delete or flush runs at a time; writes and queries continue meanwhile (queries keep the data
     * of their snapshot).
     *
     * @throws IllegalStateException when the table was dropped
     */
    public long delete(long fromNanos, long toNanos, TagFilter filter) throws IOException {
        return db.delete(storage, fromNanos, toNanos, filter);
    }

    /**
     * Size figures. Row and point counts are exact: a partition held by exactly one segment is
     * counted from the manifest; a partition with several segments (late writes) or with rows still
     * in the head is scanned, so upserted rows count once. A partition here is a
     * {@linkplain dev.sundial.partition.PartitionGroup partition group} (compaction may merge small
     * partitions into one segment) or a head partition outside every group. Series are those
     * holding rows: a series whose rows were all deleted stays in the registry but is not counted.
     */
    public TableStats stats() throws IOException {
        storage.checkNotDropped("read statistics of");
        Manifest m;
        dev.sundial.partition.SegmentSet set;
        Set<Long> inHead = new java.util.TreeSet<>();
        org.roaringbitmap.RoaringBitmap series = new org.roaringbitmap.RoaringBitmap();
        long headRows = 0;
        storage.lock().lock();
        try {
            m = storage.manifest();
            set = storage.segments();
            List<Head> heads = new ArrayList<>(storage.frozenHeads());
            heads.add(storage.liveHead());
            for (Head h : heads) {
                headRows += h.rows();
                for (long start : h.partitionStarts()) {
                    inHead.add(start);
                }
                for (int s = 0; s < h.seriesBound(); s++) {
                    if (!h.runs(s).isEmpty()) {
                        series.add(s);
                    }
                }
            }
        } finally {
            storage.lock().unlock();
        }
        Map<Long, Manifest.Entry> byId = new java.util.HashMap<>();
        for (Manifest.Entry e : m.segments()) {
            byId.put(e.segmentId(), e);
        }
        for (SegmentReader r : set.segments()) {
            series.add(r.seriesIds()); // a segment lists only series holding rows in it (a delete rewrites)
        }
        // [start, end) of each partition to count, with its one segment's entry when it can be counted from the manifest
        List<long[]> ranges = new ArrayList<>();
        List<Manifest.Entry> single = new ArrayList<>();
        for (dev.sundial.partition.PartitionGroup g : set.groups()) {
            boolean headInside = false;
            for (long p : inHead) {
                headInside |= p >= g.start() && p < g.end();
            }
            inHead.removeIf(p -> p >= g.start() && p < g.end());
            ranges.add(new long[] {g.start(), g.end()});
            single.add(g.segments().size() == 1 && !headInside ? byId.get(g.segments().get(0).segmentId()) : null);
        }
        for (long p : inHead) {
            ranges.add(new long[] {p, options().partitionBy().partitionEnd(p)});
            single.add(null);
        }
        long rows = 0;
        long points = 0;
        for (int i = 0; i < ranges.size(); i++) {
            Manifest.Entry e = single.get(i);
            if (e != null) {
                rows += e.rows();
                points += e.points();
                continue;
            }
            try (SeriesCursor c = scan(ranges.get(i)[0], ranges.get(i)[1], TagFilter.all())) {
                while (c.hasNext()) {
                    ColumnBatch b = c.next().rows();
                    rows += b.size;
                    points += nonNull(b);
                }
            }
        }
        long bytes = 0;
        Path dir = storage.layout().tableDir(storage.definition().id());
        dev.sundial.fs.FileLayer fs = storage.layout().fs();
        if (fs.exists(dir)) {
            for (Path f : fs.walk(dir)) {
                if (fs.isRegularFile(f)) {
                    try {
                        bytes += fs.size(f);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // renamed or deleted since the listing by background maintenance (a temporary
                        // file published, a merged segment retired): it is counted under its new name or not at all
                    }
                }
            }
        }
        return new TableStats(name(), series.getLongCardinality(), rows, points, ranges.size(), bytes, headRows);
    }

    /**
     * Series and memory of the table's in-memory head, without taking the table's lock (cheap:
     * a scrape of {@code /metrics} reads it for every table).
     */
    public HeadStats headStats() {
        long flushing = 0;
        // a frozen head is read-only, and the list publishes it (copy-on-write) after its last write
        for (Head h : storage.frozenHeads()) {
            flushing += h.estimatedBytes();
        }
        return new HeadStats(storage.liveHeadSeries(), storage.liveHeadBytes(), flushing);
    }

    /** Bytes, cells, partitions and segments of each rollup level, finest first (empty without levels). */
    public List<dev.sundial.rollup.RollupLevelStats> levelStats() {
        dev.sundial.rollup.TableRollups r = db.rollupsOf(storage);
        return r == null ? List.of() : dev.sundial.rollup.RollupLevelStats.of(r);
    }

    /**
     * Bytes, rows, partitions and segments per storage tier (hot, warm, cold), from metadata only; see
     * {@link dev.sundial.tier.TierStats} for what is counted where.
     */
    public dev.sundial.tier.TierStats tierStats() {
        storage.checkNotDropped("read statistics of");
        long headRows = 0;
        Set<Long> headPartitions = new HashSet<>();
        storage.lock().lock();
        try {
            List<Head> heads = new ArrayList<>(storage.frozenHeads());
            heads.add(storage.liveHead());
            for (Head h : heads) {
                headRows += h.rows();
                for (long start : h.partitionStarts()) {
                    headPartitions.add(start);
                }
            }
        } finally {
            storage.lock().unlock();
        }
        java.time.Instant now = db.options().clock().instant();
        return dev.sundial.tier.TierStats.of(storage, now.getEpochSecond() * 1_000_000_000L + now.getNano(), headRows, headPartitions);
    }

    private static long nonNull(ColumnBatch b) {
        long n = 0;
        for (ValueVector v : b.columns) {
            if (v == null) {
                continue;
            }
            if (v.present == null) {
                n += b.size;
            } else {
                for (int r = 0; r < b.size; r++) {
                    if (v.present[r]) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    TableStorage storage() {
        return storage;
    }
}
