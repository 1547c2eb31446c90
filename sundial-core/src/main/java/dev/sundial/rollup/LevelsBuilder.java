package dev.sundial.rollup;

import dev.sundial.flush.HeadFlusher;
import dev.sundial.head.Head;
import dev.sundial.partition.TableStorage;
import dev.sundial.scan.ChunkSource;
import dev.sundial.scan.SeriesMerger;
import dev.sundial.scan.TableSnapshot;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.ValueVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Builds the cells of several levels in one pass over raw rows, and publishes them as segments of
 * each level. Every level is built from raw data (not from the level below): one decode of the raw
 * chunks serves all levels, each level keeps its own field set ({@link RollupFieldSet#forLevel}),
 * and a rebuilt cell never inherits a stale finer cell. The cells are the same either way: a cell
 * summarizes exactly the raw rows of its bucket.
 *
 * <p>Rebuilding (dirty ranges) reads each series once over the span of its ranges, writes a cell for
 * every bucket of the ranges (expanded to each level's buckets) that has rows now, and an empty cell
 * ({@code #rows} 0) over each old cell that lost all its rows, so the newer segment overrides the
 * stale cells (cells are upserts, newest segment wins).
 *
 * <p>Memory: cells go into an in-memory head per level, written out whenever they pass
 * {@link #FLUSH_BYTES} together, so a step holds at most that plus one series' decoded chunks.
 *
 * <p>Single use, single-threaded.
 */
final class LevelsBuilder {
    /** Head bytes at which a step writes what it has (a segment per partition and level): bounds a step's memory. */
    static final long FLUSH_BYTES = 64L << 20;

    private final TableRollups rollups;
    private final RollupSchema schema;
    private final List<RollupLevel> levels;
    private final Head[] out;
    private final long[] cells;

    LevelsBuilder(TableRollups rollups) {
        this.rollups = rollups;
        this.schema = rollups.schema();
        this.levels = rollups.levels();
        this.out = new Head[levels.size()];
        this.cells = new long[levels.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = newHead(k);
        }
    }

    private Head newHead(int k) {
        return new Head(levels.get(k).storage().definition().options().partitionBy(), dev.sundial.head.ChunkSizing.LEVEL_CELLS_PER_CHUNK);
    }

    long cells(int level) {
        return cells[level];
    }

    /**
     * Builds, for every level k with {@code from[k] < to[k]}, the buckets of [from[k], to[k]) (both
     * multiples of its width) for every series; with {@code ranges}, only those ranges of those series
     * (expanded to each level's buckets, clipped below {@code to[k]}).
     */
    void build(long[] from, long[] to, Map<Integer, TreeMap<Long, Long>> ranges) throws IOException {
        RoaringBitmap series = new RoaringBitmap();
        if (ranges == null) {
            int n = rollups.raw().registry().size();
            if (n > 0) {
                series.add(0L, n);
            }
        } else {
            ranges.keySet().forEach(series::add);
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int k = 0; k < levels.size(); k++) {
            if (from[k] < to[k]) {
                lo = Math.min(lo, from[k]);
                hi = Math.max(hi, to[k]);
            }
        }
        if (lo >= hi || series.isEmpty()) {
            return;
        }
        TableStorage raw = rollups.raw();
        int[] columns = new int[raw.types().length];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = c;
        }
        SeriesCells[] acc = new SeriesCells[levels.size()];
        for (int k = 0; k < acc.length; k++) {
            acc[k] = new SeriesCells(schema, levels.get(k), rollups.keptFields(k));
        }
        List<TableSnapshot> old = new ArrayList<>();
        try (TableSnapshot snap = TableSnapshot.take(raw, series, lo, hi)) {
            if (ranges != null) {
                for (RollupLevel l : levels) {
                    old.add(TableSnapshot.take(l.storage(), series, lo, hi));
                }
            }
            SeriesMerger merger = new SeriesMerger(columns, raw.types());
            SeriesMerger oldMerger = new SeriesMerger(new int[] {RollupSchema.ROWS}, new ColumnType[] {ColumnType.BIGINT});
            var it = series.getIntIterator();
            while (it.hasNext()) {
                int s = it.next();
                // per level: the bucket ranges to build for this series, sorted and merged
                long[][][] spans = new long[levels.size()][][];
                long a = Long.MAX_VALUE;
                long b = Long.MIN_VALUE;
                for (int k = 0; k < levels.size(); k++) {
                    spans[k] = ranges == null ? (from[k] < to[k] ? new long[][] {{from[k], to[k]}} : new long[0][])
                            : expand(ranges.get(s), levels.get(k).nanos(), to[k]);
                    if (spans[k].length > 0) {
                        a = Math.min(a, spans[k][0][0]);
                        b = Math.max(b, spans[k][spans[k].length - 1][1]);
                    }
                }
                if (a >= b) {
                    continue;
                }
                for (int k = 0; k < acc.length; k++) {
                    acc[k].start(s, spans[k]);
                }
                List<ChunkSource> sources = snap.sources(s);
                merger.readEach(sources, a, b, true, batch -> {
                    for (SeriesCells c : acc) {
                        c.add(batch, this);
                    }
                });
                for (int k = 0; k < acc.length; k++) {
                    acc[k].finish(this);
                    if (ranges != null) {
                        emptyOldCells(k, s, spans[k], oldMerger, old.get(k), acc[k]);
                    }
                }
                long bytes = 0;
                for (Head h : out) {
                    bytes += h.estimatedBytes();
                }
                if (bytes > FLUSH_BYTES) {
                    publish();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (TableSnapshot t : old) {
                t.close();
            }
        }
        publish();
    }

    /** A series' dirty ranges expanded to a level's buckets and clipped below {@code to}, merged. */
    private static long[][] expand(TreeMap<Long, Long> r, long n, long to) {
        List<long[]> out = new ArrayList<>();
        if (r == null) {
            return new long[0][];
        }
        for (Map.Entry<Long, Long> e : r.entrySet()) {
            long a = Math.floorDiv(e.getKey(), n) * n;
            long f = Math.floorDiv(e.getValue(), n) * n;
            long b = Math.min(to, f == e.getValue() ? f : f + n);
            if (a >= b) {
                continue;
            }
            if (!out.isEmpty() && out.get(out.size() - 1)[1] >= a) {
                out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], b);
            } else {
                out.add(new long[] {a, b});
            }
        }
        return out.toArray(new long[0][]);
    }

    /**
     * Writes an empty cell over every old cell of the series inside {@code spans} that the rebuild did
     * not write: the old cells are read once over the spans' whole extent (one decode per chunk, not one
     * per span: a series may have thousands of dirty spans).
     */
    private void emptyOldCells(int k, int s, long[][] spans, SeriesMerger oldMerger, TableSnapshot old, SeriesCells acc)
            throws IOException {
        if (spans.length == 0) {
            return;
        }
        ColumnBatch existing = oldMerger.read(old.sources(s), spans[0][0], spans[spans.length - 1][1]);
        int span = 0;
        for (int i = 0; i < existing.size; i++) {
            long bucket = existing.timestamps[i];
            while (span < spans.length && bucket >= spans[span][1]) {
                span++;
            }
            if (span == spans.length) {
                break;
            }
            if (bucket < spans[span][0] || acc.wrote(bucket) || CellBuilder.longAt(existing, 0, i, 0) == 0) {
                continue;
            }
            Head.RowWriter w = row(k, s, bucket);
            w.setLong(RollupSchema.ROWS, 0);
            for (int c = 0; c < schema.table().valueCount(); c++) {
                w.setLong(schema.column(c, RollupField.COUNT), 0);
            }
        }
    }

    Head.RowWriter row(int level, int series, long bucket) {
        cells[level]++;
        TableStorage t = levels.get(level).storage();
        return out[level].appendRow(series, bucket, t.types(), t.definition().options().compression());
    }

    private void publish() throws IOException {
        for (int k = 0; k < out.length; k++) {
            if (!out[k].isEmpty()) {
                out[k].freezeAt(0);
                // TableStorage.SupersededException: a compaction of the level committed newer copies of
                // older cells meanwhile; the step fails without moving its marks (its range stays to
                // build or dirty) and its unpublished files are orphans that the next open deletes
                HeadFlusher.flush(levels.get(k).storage(), out[k]);
                out[k] = newHead(k);
            }
        }
    }

    /** The cells of one series in one level being built, bucket by bucket, as raw rows arrive in time order. */
    static final class SeriesCells {
        private final int level;
        private final long nanos;
        private final CellBuilder[] columns;
        /** per table column: level columns of its fields by RollupField ordinal (-1 = none or not kept) */
        private final int[][] levelColumns;
        private int series;
        private long[][] spans;
        private int span;
        private long bucket;
        private long rows;
        private long tsMin;
        private long tsMax;
        private final Set<Long> written = new HashSet<>();

        SeriesCells(RollupSchema schema, RollupLevel level, RollupFieldSet kept) {
            this.level = level.index();
            this.nanos = level.nanos();
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

        void start(int s, long[][] spans) {
            series = s;
            this.spans = spans;
            span = 0;
            bucket = Long.MIN_VALUE;
            rows = 0;
            written.clear();
        }

        boolean wrote(long b) {
            return written.contains(b);
        }

        void add(ColumnBatch b, LevelsBuilder out) {
            for (int i = 0; i < b.size; i++) {
                long ts = b.timestamps[i];
                while (span < spans.length && ts >= spans[span][1]) {
                    span++;
                }
                if (span == spans.length) {
                    return;
                }
                if (ts < spans[span][0]) {
                    continue;
                }
                long bk = Math.floorDiv(ts, nanos) * nanos;
                if (bk != bucket) {
                    emit(out);
                    bucket = bk;
                }
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
        }

        void finish(LevelsBuilder out) {
            emit(out);
            bucket = Long.MIN_VALUE;
        }

        private void emit(LevelsBuilder out) {
            if (bucket == Long.MIN_VALUE || rows == 0) {
                return;
            }
            Head.RowWriter w = out.row(level, series, bucket);
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
