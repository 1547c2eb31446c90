package dev.sundial.sql.exec;

import dev.sundial.head.ColumnStats;
import dev.sundial.index.SeriesKey;
import dev.sundial.rollup.RollupField;
import dev.sundial.rollup.RollupSchema;
import dev.sundial.rollup.RollupView;
import dev.sundial.scan.ChunkSource;
import dev.sundial.scan.SeriesMerger;
import dev.sundial.sql.analyze.AggregateCall;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.ValueVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds one series' rollup cells into an aggregation and returns the ranges that must be read raw:
 * the raw tiles, and within level tiles every bucket that overlaps a stale range (a dirty range, or
 * head rows below the built mark). A cell answers an aggregate exactly as a chunk's statistics do
 * (count, sum, min, max, first, last with their own timestamps), plus M2 for stddev and variance and
 * a sketch for percentiles.
 *
 * <p>Not thread-safe: one per scanning worker.
 */
final class CellFeeder {
    private final RollupPlan plan;
    private final List<AggregateCall> aggs;
    private final int[] levelColumns;
    /** Positions of the cells' first and last row timestamps in the batches read, or -1 when not read. */
    private final int tsMinPos;
    private final int tsMaxPos;
    private final SeriesMerger merger;
    /** per aggregate, by RollupField ordinal: position in the merger's batch, or -1 */
    private final int[][] fieldPos;
    private final ColumnType[] colTypes;
    /** Cells buffered for one series, fed to the aggregation in one vectorized call (per aggregate, per cell). */
    private static final int BUFFER = 256;
    private final ColumnStats[][] stats;
    private final long[][] firstTs;
    private final long[][] lastTs;
    private final double[][] mean;
    private final double[][] m2;
    private final String[][] sketch;
    private final long[] buckets = new long[BUFFER];
    private final int[] rowsOf = new int[BUFFER];
    private int buffered;
    long cellsUsed;
    long bucketsStale;

    CellFeeder(RollupPlan plan, List<AggregateCall> aggs, dev.sundial.table.TableSchema table) {
        this.plan = plan;
        this.aggs = aggs;
        this.levelColumns = plan.levelColumns(aggs);
        this.tsMinPos = indexOf(RollupSchema.TS_MIN);
        this.tsMaxPos = indexOf(RollupSchema.TS_MAX);
        this.merger = new SeriesMerger(levelColumns, plan.levelTypes(levelColumns));
        RollupSchema schema = plan.view().schema();
        int n = aggs.size();
        fieldPos = new int[n][RollupField.values().length];
        colTypes = new ColumnType[n];
        for (int a = 0; a < n; a++) {
            java.util.Arrays.fill(fieldPos[a], -1);
            int c = plan.columns()[a];
            if (c < 0) {
                continue;
            }
            colTypes[a] = table.value(c).type();
            for (RollupField f : RollupField.values()) {
                int lc = schema.column(c, f);
                if (lc >= 0) {
                    fieldPos[a][f.ordinal()] = indexOf(lc);
                }
            }
            if (fieldPos[a][RollupField.COUNT.ordinal()] < 0) {
                throw new IllegalStateException("BUG: no count field for aggregate " + aggs.get(a).text());
            }
        }
        stats = new ColumnStats[n][BUFFER];
        firstTs = new long[n][BUFFER];
        lastTs = new long[n][BUFFER];
        mean = new double[n][BUFFER];
        m2 = new double[n][BUFFER];
        sketch = new String[n][BUFFER];
    }

    /** Position of a level column in the batches read, or -1 when it is not read (the aggregate does not need it). */
    private int indexOf(int levelColumn) {
        for (int i = 0; i < levelColumns.length; i++) {
            if (levelColumns[i] == levelColumn) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Feeds the cells of series {@code id} that are not stale; returns the ranges to read raw, sorted
     * and merged, as {from, to} pairs.
     */
    List<long[]> feed(int id, SeriesKey key, List<ChunkSource> rawSources, Aggregation agg, SeriesBatchReader reader) {
        RollupView view = plan.view();
        List<long[]> stale = view.staleRanges(id, rawSources);
        List<long[]> raw = new ArrayList<>();
        Vec[][] tags = {null};
        for (RollupView.Tile t : plan.tiles()) {
            if (t.raw()) {
                raw.add(new long[] {t.from(), t.to()});
                continue;
            }
            long n = view.levels().get(t.level()).nanos();
            List<long[]> skip = new ArrayList<>();
            for (long[] s : stale) {
                if (s[1] > t.from() && s[0] < t.to()) {
                    long a = Math.max(t.from(), Math.floorDiv(s[0], n) * n);
                    long b = Math.min(t.to(), ceil(s[1], n));
                    skip.add(new long[] {a, b});
                    raw.add(new long[] {a, b});
                    bucketsStale += (b - a) / n;
                }
            }
            try {
                view.readCells(t.level(), id, t.from(), t.to(), merger, cb -> {
                    for (int i = 0; i < cb.size; i++) {
                        long bucket = cb.timestamps[i];
                        long rows = longAt(cb, 0, i);
                        if (rows == 0 || inside(skip, bucket)) {
                            continue;
                        }
                        if (tags[0] == null) {
                            tags[0] = reader.tagVectors(key);
                        }
                        if (buffered == BUFFER) {
                            flush(agg, reader, tags[0]);
                        }
                        bufferCell(bucket, cb, i, rows);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read rollup cells of series " + key + ": " + e.getMessage(), e);
            }
        }
        if (tags[0] != null) {
            flush(agg, reader, tags[0]);
        }
        return merge(raw);
    }

    private void flush(Aggregation agg, SeriesBatchReader reader, Vec[] tags) {
        if (buffered == 0) {
            return;
        }
        // the key batch shares the buffer: addCells evaluates and copies the keys before it returns
        agg.addCells(reader.keyRows(tags, buckets, buffered), buffered, rowsOf, stats, firstTs,
                lastTs, mean, m2, sketch);
        buffered = 0;
    }

    private static boolean inside(List<long[]> ranges, long t) {
        for (long[] r : ranges) {
            if (t >= r[0] && t < r[1]) {
                return true;
            }
        }
        return false;
    }

    private void bufferCell(long bucket, ColumnBatch cb, int i, long rows) {
        cellsUsed++;
        int j = buffered++;
        buckets[j] = bucket;
        rowsOf[j] = (int) rows;
        long tsMin = longAt(cb, tsMinPos, i);
        long tsMax = longAt(cb, tsMaxPos, i);
        for (int a = 0; a < aggs.size(); a++) {
            AggregateCall call = aggs.get(a);
            sketch[a][j] = null;
            if (call.kind() == AggregateKind.COUNT_STAR) {
                stats[a][j] = null;
                firstTs[a][j] = tsMin;
                lastTs[a][j] = tsMax;
                continue;
            }
            int c = plan.columns()[a];
            if (c < 0) { // the timestamp
                stats[a][j] = new ColumnStats((int) rows, tsMin, tsMax, tsMin, tsMax, 0, 0, false, 0);
                firstTs[a][j] = tsMin;
                lastTs[a][j] = tsMax;
                mean[a][j] = 0;
                m2[a][j] = 0;
                continue;
            }
            int[] f = fieldPos[a];
            long count = longAt(cb, f[RollupField.COUNT.ordinal()], i);
            if (count == 0) {
                stats[a][j] = null;
                continue;
            }
            long nans = f[RollupField.NANS.ordinal()] < 0 ? 0 : longAt(cb, f[RollupField.NANS.ordinal()], i);
            ColumnType type = colTypes[a];
            long minBits = bits(cb, f[RollupField.MIN.ordinal()], i, type);
            long maxBits = bits(cb, f[RollupField.MAX.ordinal()], i, type);
            long firstBits = bits(cb, f[RollupField.FIRST.ordinal()], i, type);
            long lastBits = bits(cb, f[RollupField.LAST.ordinal()], i, type);
            double dsum = 0;
            long lsum = 0;
            boolean overflow = false;
            int sp = f[RollupField.SUM.ordinal()];
            if (sp >= 0 && type == ColumnType.DOUBLE) {
                dsum = doubleAt(cb, sp, i);
            } else if (sp >= 0) {
                lsum = longAt(cb, sp, i);
                dsum = lsum;
                int op = f[RollupField.SUM_OVERFLOW.ordinal()];
                overflow = op >= 0 && cb.columns[op] != null && present(cb.columns[op], i) && cb.columns[op].booleans[i];
            }
            stats[a][j] = new ColumnStats((int) count, minBits, maxBits, firstBits, lastBits, dsum, lsum, overflow, (int) nans);
            firstTs[a][j] = f[RollupField.FIRST_TS.ordinal()] < 0 ? tsMin : longAt(cb, f[RollupField.FIRST_TS.ordinal()], i);
            lastTs[a][j] = f[RollupField.LAST_TS.ordinal()] < 0 ? tsMax : longAt(cb, f[RollupField.LAST_TS.ordinal()], i);
            mean[a][j] = nans > 0 ? Double.NaN : dsum / count;
            m2[a][j] = f[RollupField.M2.ordinal()] < 0 ? Double.NaN : doubleAt(cb, f[RollupField.M2.ordinal()], i);
            int kp = f[RollupField.SKETCH.ordinal()];
            sketch[a][j] = kp < 0 || cb.columns[kp] == null || !present(cb.columns[kp], i) ? null : cb.columns[kp].strings[i];
        }
    }

    private static long bits(ColumnBatch cb, int pos, int i, ColumnType type) {
        if (pos < 0 || cb.columns[pos] == null || !present(cb.columns[pos], i)) {
            return 0;
        }
        ValueVector v = cb.columns[pos];
        return switch (type) {
            case DOUBLE -> Double.doubleToRawLongBits(v.doubles[i]);
            case BIGINT -> v.longs[i];
            case BOOLEAN -> v.booleans[i] ? 1 : 0;
            case VARCHAR -> 0;
        };
    }

    private static boolean present(ValueVector v, int i) {
        return v.present == null || v.present[i];
    }

    private static long longAt(ColumnBatch cb, int pos, int i) {
        ValueVector v = pos < 0 ? null : cb.columns[pos];
        return v == null || !present(v, i) ? 0 : v.longs[i];
    }

    private static double doubleAt(ColumnBatch cb, int pos, int i) {
        ValueVector v = pos < 0 ? null : cb.columns[pos];
        return v == null || !present(v, i) ? Double.NaN : v.doubles[i];
    }

    private static long ceil(long t, long n) {
        long f = Math.floorDiv(t, n) * n;
        return f == t ? t : f + n;
    }

    static List<long[]> merge(List<long[]> ranges) {
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            if (r[0] >= r[1]) {
                continue;
            }
            if (!out.isEmpty() && out.get(out.size() - 1)[1] >= r[0]) {
                out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return out;
    }
}
