package dev.sundial.rollup;

import dev.sundial.flush.HeadFlusher;
import dev.sundial.head.Head;
import dev.sundial.partition.TableStorage;
import dev.sundial.scan.ChunkSource;
import dev.sundial.scan.SeriesMerger;
import dev.sundial.scan.TableSnapshot;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableSchema;
import dev.sundial.table.ValueVector;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Builds the cells of one level over a time range, from raw rows (the finest level) or from the
 * cells of the level below, and publishes them as segments of the level. Rebuilding (dirty ranges)
 * writes a cell for every bucket of the ranges that has rows now and an empty cell ({@code #rows} 0)
 * over each old cell that lost all its rows, so the newer segment overrides the stale cells (cells
 * are upserts, newest segment wins).
 *
 * <p>Memory: cells go into an in-memory head of the level, flushed to segments whenever it passes
 * {@link #FLUSH_BYTES}, so a step holds at most that much plus one series' decoded chunks.
 *
 * <p>Single use, single-threaded.
 */
final class LevelBuilder {
    /** Head bytes at which a build step writes what it has (a segment per partition): bounds a step's memory. */
    static final long FLUSH_BYTES = 64L << 20;

    private final TableRollups rollups;
    private final RollupLevel level;
    private final RollupSchema schema;
    private final TableStorage target;
    private final TableStorage source;
    private final boolean fromRaw;
    private final long nanos;
    private final ColumnType[] levelTypes;
    private Head out;
    private long cells;

    LevelBuilder(TableRollups rollups, RollupLevel level) {
        this.rollups = rollups;
        this.level = level;
        this.schema = rollups.schema();
        this.target = level.storage();
        this.fromRaw = level.index() == 0;
        this.source = fromRaw ? rollups.raw() : rollups.levels().get(level.index() - 1).storage();
        this.nanos = level.nanos();
        this.levelTypes = target.types();
    }

    /**
     * Builds [from, to) for every series, or with {@code ranges} only those ranges of those series
     * (expanded to this level's buckets, clipped below {@code to}). Returns the cells written.
     */
    long build(long from, long to, Map<Integer, TreeMap<Long, Long>> ranges) throws IOException {
        RoaringBitmap series = new RoaringBitmap();
        if (ranges == null) {
            int n = rollups.raw().registry().size();
            if (n > 0) {
                series.add(0L, n);
            }
        } else {
            for (int s : ranges.keySet()) {
                series.add(s);
            }
        }
        long lo = from;
        if (ranges != null) {
            lo = Long.MAX_VALUE;
            for (TreeMap<Long, Long> m : ranges.values()) {
                if (!m.isEmpty()) {
                    lo = Math.min(lo, Math.floorDiv(m.firstKey(), nanos) * nanos);
                }
            }
            if (lo >= to) {
                return 0;
            }
        }
        out = new Head(target.definition().options().partitionBy());
        TableSchema srcSchema = source.definition().schema();
        int[] srcColumns = identity(srcSchema.valueCount());
        ColumnType[] srcTypes = source.types();
        try (TableSnapshot snap = TableSnapshot.take(source, series, lo, to);
             TableSnapshot old = ranges == null ? null : TableSnapshot.take(target, series, lo, to)) {
            SeriesMerger merger = new SeriesMerger(srcColumns, srcTypes);
            SeriesMerger oldMerger = new SeriesMerger(new int[] {RollupSchema.ROWS}, new ColumnType[] {ColumnType.BIGINT});
            SeriesCells acc = new SeriesCells(schema, srcTypes.length, rollups.keptFields(), fromRaw, nanos);
            var it = series.getIntIterator();
            while (it.hasNext()) {
                int s = it.next();
                List<ChunkSource> sources = snap.sources(s);
                if (ranges == null) {
                    acc.start(s);
                    merger.readEach(sources, from, to, true, b -> acc.add(b, this));
                    acc.finish(this);
                } else {
                    for (Map.Entry<Long, Long> r : ranges.get(s).entrySet()) {
                        long a = Math.floorDiv(r.getKey(), nanos) * nanos;
                        long b = Math.min(to, ceil(r.getValue()));
                        if (a >= b) {
                            continue;
                        }
                        acc.start(s);
                        merger.readEach(sources, a, b, true, batch -> acc.add(batch, this));
                        acc.finish(this);
                        // old cells in [a, b) that no longer have rows: override them with empty cells
                        ColumnBatch existing = oldMerger.read(old.sources(s), a, b);
                        for (int i = 0; i < existing.size; i++) {
                            if (!acc.wrote(existing.timestamps[i])) {
                                emptyCell(s, existing.timestamps[i]);
                            }
                        }
                    }
                }
                if (out.estimatedBytes() > FLUSH_BYTES) {
                    publish();
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        publish();
        return cells;
    }

    private long ceil(long t) {
        long f = Math.floorDiv(t, nanos) * nanos;
        return f == t ? t : f + nanos;
    }

    Head.RowWriter row(int series, long bucket) {
        cells++;
        return out.appendRow(series, bucket, levelTypes, target.definition().options().compression());
    }

    private void emptyCell(int series, long bucket) {
        Head.RowWriter w = row(series, bucket);
        w.setLong(RollupSchema.ROWS, 0);
        for (int c = 0; c < schema.table().valueCount(); c++) {
            w.setLong(schema.column(c, RollupField.COUNT), 0);
        }
    }

    private void publish() throws IOException {
        if (out.isEmpty()) {
            return;
        }
        out.freezeAt(0);
        HeadFlusher.flush(target, out);
        out = new Head(target.definition().options().partitionBy());
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    /** The cells of one series being built, bucket by bucket, as rows (or finer cells) arrive in time order. */
    static final class SeriesCells {
        private final RollupSchema schema;
        private final boolean fromRaw;
        private final long nanos;
        private final CellBuilder[] columns;
        /** per table column: level columns of its fields by RollupField ordinal (-1 = none) */
        private final int[][] levelColumns;
        private int series;
        private long bucket;
        private long rows;
        private long tsMin;
        private long tsMax;
        private final java.util.Set<Long> written = new java.util.HashSet<>();

        SeriesCells(RollupSchema schema, int tableColumns, RollupFieldSet kept, boolean fromRaw, long nanos) {
            this.schema = schema;
            this.fromRaw = fromRaw;
            this.nanos = nanos;
            int n = schema.table().valueCount();
            this.columns = new CellBuilder[n];
            this.levelColumns = new int[n][];
            for (int c = 0; c < n; c++) {
                columns[c] = new CellBuilder(schema.table().value(c).type(), kept);
                levelColumns[c] = new int[RollupField.values().length];
                for (RollupField f : RollupField.values()) {
                    levelColumns[c][f.ordinal()] = schema.column(c, f);
                }
            }
        }

        void start(int s) {
            series = s;
            bucket = Long.MIN_VALUE;
            rows = 0;
            written.clear();
        }

        boolean wrote(long b) {
            return written.contains(b);
        }

        void add(ColumnBatch b, LevelBuilder out) {
            for (int i = 0; i < b.size; i++) {
                long ts = b.timestamps[i];
                long bk = Math.floorDiv(ts, nanos) * nanos;
                if (bk != bucket) {
                    emit(out);
                    bucket = bk;
                }
                if (fromRaw) {
                    addRaw(b, i, ts);
                } else {
                    addCell(b, i);
                }
            }
        }

        private void addRaw(ColumnBatch b, int i, long ts) {
            if (rows == 0) {
                tsMin = ts;
            }
            tsMax = ts;
            rows++;
            for (int p = 0; p < b.columnIds.length; p++) {
                ValueVector v = b.columns[p];
                if (v != null && (v.present == null || v.present[i])) {
                    columns[b.columnIds[p]].addRaw(v, i, ts);
                }
            }
        }

        private void addCell(ColumnBatch b, int i) {
            long r = CellBuilder.longAt(b, RollupSchema.ROWS, i, 0);
            if (r == 0) {
                return; // an empty cell (its bucket lost its rows)
            }
            long mn = CellBuilder.longAt(b, RollupSchema.TS_MIN, i, 0);
            long mx = CellBuilder.longAt(b, RollupSchema.TS_MAX, i, 0);
            if (rows == 0) {
                tsMin = mn;
            }
            tsMax = mx;
            rows += r;
            for (int c = 0; c < columns.length; c++) {
                // the batch holds every level column at its own index
                columns[c].mergeCell(b, i, levelColumns[c]);
            }
        }

        void finish(LevelBuilder out) {
            emit(out);
            bucket = Long.MIN_VALUE;
        }

        private void emit(LevelBuilder out) {
            if (bucket == Long.MIN_VALUE || rows == 0) {
                rows = 0;
                for (CellBuilder c : columns) {
                    c.reset();
                }
                return;
            }
            Head.RowWriter w = out.row(series, bucket);
            w.setLong(RollupSchema.ROWS, rows);
            w.setLong(RollupSchema.TS_MIN, tsMin);
            w.setLong(RollupSchema.TS_MAX, tsMax);
            for (int c = 0; c < columns.length; c++) {
                columns[c].write(w, levelColumns[c]);
                columns[c].reset();
            }
            written.add(bucket);
            rows = 0;
        }
    }
}
