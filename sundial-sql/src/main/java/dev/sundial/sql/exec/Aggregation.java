package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.head.ColumnStats;
import dev.sundial.sql.analyze.AggregateCall;
import dev.sundial.sql.function.Accumulator;
import dev.sundial.sql.function.CountAccumulator;
import dev.sundial.sql.function.CountDistinctAccumulator;
import dev.sundial.sql.function.FirstLastAccumulator;
import dev.sundial.sql.function.MinMaxAccumulator;
import dev.sundial.sql.function.MomentsAccumulator;
import dev.sundial.sql.function.PercentileAccumulator;
import dev.sundial.sql.function.SumAccumulator;
import java.util.List;

/**
 * Hash aggregation state: a {@link GroupTable} over the GROUP BY keys and one {@link Accumulator}
 * per aggregate. Fed batches (keys and arguments evaluated vectorized) or whole chunks' statistics;
 * partial states of several threads are merged. The output batch holds the keys, then the
 * aggregates. Without GROUP BY there is exactly one group, even over no rows.
 *
 * <p>Not thread-safe: one per thread.
 */
public final class Aggregation {
    private final List<Eval> keys;
    private final List<AggregateCall> aggs;
    private final GroupTable groups;
    private final Accumulator[] accs;
    private final QueryContext ctx;
    private int[] gids = new int[1024];
    private int[] starts = new int[1025];
    private long reserved;

    public Aggregation(List<Eval> keys, List<AggregateCall> aggs, QueryContext ctx) {
        this(keys, aggs, ctx, false);
    }

    /** @param approximatePercentiles percentiles from DDSketches (when the query reads rollup levels) */
    public Aggregation(List<Eval> keys, List<AggregateCall> aggs, QueryContext ctx, boolean approximatePercentiles) {
        this.keys = keys;
        this.aggs = aggs;
        this.ctx = ctx;
        SqlType[] types = new SqlType[keys.size()];
        for (int k = 0; k < types.length; k++) {
            types[k] = keys.get(k).type;
        }
        this.groups = new GroupTable(types);
        this.accs = new Accumulator[aggs.size()];
        for (int a = 0; a < accs.length; a++) {
            accs[a] = approximatePercentiles && aggs.get(a).kind() == dev.sundial.sql.function.AggregateKind.PERCENTILE
                    ? new dev.sundial.sql.function.SketchPercentileAccumulator(aggs.get(a).fraction()) : accumulator(aggs.get(a));
        }
        if (keys.isEmpty()) {
            groups.assign(new Vec[0], 0, gids);
            grow();
        }
    }

    static Accumulator accumulator(AggregateCall a) {
        return switch (a.kind()) {
            case COUNT_STAR -> new CountAccumulator(true);
            case COUNT -> new CountAccumulator(false);
            case COUNT_DISTINCT -> new CountDistinctAccumulator(a.arg().type);
            case SUM -> new SumAccumulator(false, a.arg().type, a.text());
            case AVG -> new SumAccumulator(true, a.arg().type, a.text());
            case MIN -> new MinMaxAccumulator(false, a.arg().type);
            case MAX -> new MinMaxAccumulator(true, a.arg().type);
            case FIRST -> new FirstLastAccumulator(false, a.arg().type);
            case LAST -> new FirstLastAccumulator(true, a.arg().type);
            case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> new MomentsAccumulator(a.kind());
            case PERCENTILE -> new PercentileAccumulator(a.fraction());
            case PERCENTILE_DISC, RATE, DELTA, DERIVATIVE, TIME_WEIGHT, HISTOGRAM -> AggregateFilter.accumulator(a);
        };
    }

    private void grow() {
        int n = groups.size();
        for (Accumulator acc : accs) {
            acc.grow(n);
        }
    }

    /** Adds every row of {@code batch} (already filtered). */
    public void add(Batch batch) {
        int n = batch.size;
        if (n == 0) {
            return;
        }
        assignGroups(batch, n);
        if (starts.length < n + 1) {
            starts = new int[Math.max(n + 1, starts.length * 2)];
        }
        int runs = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || gids[i] != gids[i - 1]) {
                starts[runs++] = i;
            }
        }
        starts[runs] = n;
        boolean useRuns = runs * 4 <= n;
        for (int a = 0; a < accs.length; a++) {
            AggregateCall call = aggs.get(a);
            Vec arg = call.arg() == null ? null : call.arg().eval(batch);
            Vec arg2 = call.arg2() == null ? null : call.arg2().eval(batch);
            if (call.filter() != null) {
                AggregateFilter.add(accs[a], call.filter().eval(batch), arg, arg2, gids, n);
                continue;
            }
            if (useRuns) {
                accs[a].addRuns(arg, arg2, gids, starts, runs, n);
            } else {
                accs[a].add(arg, arg2, gids, n);
            }
        }
        account();
    }

    /**
     * Adds a whole chunk from statistics: {@code keyRow} is a one-row batch (its timestamp and tags)
     * from which the keys are evaluated; {@code stats[a]} are the statistics of aggregate a's column.
     */
    public void addStats(Batch keyRow, int rows, ColumnStats[] stats, long minTs, long maxTs) {
        assignGroups(keyRow, 1);
        for (int a = 0; a < accs.length; a++) {
            accs[a].addStats(gids[0], rows, stats[a], minTs, maxTs);
        }
    }

    /**
     * Adds {@code n} rollup cells of one series at once: their keys are evaluated vectorized on
     * {@code keyRows} (bucket starts and tags); per aggregate a and cell i, {@code stats[a][i]} (null:
     * no value), the timestamps of the first and last value, the cell's mean, M2 and sketch.
     */
    public void addCells(Batch keyRows, int n, int[] rows, ColumnStats[][] stats, long[][] firstTs, long[][] lastTs,
                         double[][] mean, double[][] m2, String[][] sketch) {
        if (n == 0) {
            return;
        }
        assignGroups(keyRows, n);
        for (int a = 0; a < accs.length; a++) {
            Accumulator acc = accs[a];
            ColumnStats[] st = stats[a];
            if (acc instanceof MomentsAccumulator m) {
                for (int i = 0; i < n; i++) {
                    if (st[i] != null) {
                        m.addMoments(gids[i], st[i].count(), mean[a][i], m2[a][i]);
                    }
                }
            } else if (acc instanceof dev.sundial.sql.function.SketchPercentileAccumulator p) {
                for (int i = 0; i < n; i++) {
                    p.addSketch(gids[i], sketch[a][i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    acc.addStats(gids[i], rows[i], st[i], firstTs[a][i], lastTs[a][i]);
                }
            }
        }
        account();
    }

    /** Evaluates the keys of rows [0, n) of {@code rows} into {@code gids} (new groups added) and grows the accumulators. */
    private void assignGroups(Batch rows, int n) {
        if (gids.length < n) {
            gids = new int[Math.max(n, gids.length * 2)];
        }
        Vec[] kv = new Vec[keys.size()];
        for (int k = 0; k < kv.length; k++) {
            kv[k] = keys.get(k).eval(rows);
        }
        groups.assign(kv, n, gids);
        grow();
    }

    /** Merges another thread's partial state into this one. */
    public void merge(Aggregation other) {
        int n = other.groups.size();
        int[] map = new int[Math.max(n, 1)];
        groups.assign(other.groups.keyColumns(), n, map);
        grow();
        for (int a = 0; a < accs.length; a++) {
            accs[a].merge(other.accs[a], map, n);
        }
        account();
    }

    private void account() {
        long bytes = groups.bytes();
        for (Accumulator acc : accs) {
            bytes += acc.bytesPerGroup() * groups.size() + acc.bytesHeld();
        }
        if (bytes > reserved + (1 << 20) || bytes < reserved) {
            ctx.memory().reserve(bytes - reserved, "aggregation of " + groups.size() + " groups");
            reserved = bytes;
        }
    }

    /** The result: key columns, then one column per aggregate, one row per group. */
    public Batch result() {
        int n = groups.size();
        Vec[] out = new Vec[keys.size() + aggs.size()];
        Vec[] kc = groups.keyColumns();
        System.arraycopy(kc, 0, out, 0, kc.length);
        for (int a = 0; a < accs.length; a++) {
            // finishing an aggregate can be long (exact percentiles sort every group's values): a
            // cancel or the deadline is observed between aggregates, not only between input batches
            ctx.check();
            out[keys.size() + a] = accs[a].result(n);
        }
        return new Batch(n, out);
    }

    /** Releases the memory this state counted against the query's limit. */
    public void release() {
        ctx.memory().release(reserved);
        reserved = 0;
    }
}
