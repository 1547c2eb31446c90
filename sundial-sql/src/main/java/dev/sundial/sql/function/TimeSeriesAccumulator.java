package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * The aggregates over a group's samples in time order: {@code rate(v)}, {@code delta(v)},
 * {@code derivative(v, unit)}, {@code time_weighted_avg(v, ts)} / {@code average(time_weight(…))}.
 * Every (timestamp, value) pair with neither NULL is kept, and sorted by time when the result is
 * asked for (rows of a series arrive in time order, so the sort is usually skipped), then
 * {@link TimeSeriesMath} computes the value. Memory grows with the samples kept;
 * {@link #bytesHeld()} feeds the query's memory limit. Not thread-safe: one per thread.
 */
public final class TimeSeriesAccumulator extends Accumulator {
    private final AggregateKind kind;
    private final long unitNanos;
    private final boolean linear;
    private long[][] ts = new long[0][];
    private double[][] vs = new double[0][];
    private int[] counts = new int[0];
    private long held;

    /**
     * @param unitNanos derivative's time unit
     * @param linear    time weighting: trapezoids (LINEAR) rather than LOCF
     */
    public TimeSeriesAccumulator(AggregateKind kind, long unitNanos, boolean linear) {
        this.kind = kind;
        this.unitNanos = unitNanos;
        this.linear = linear;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            ts = Arrays.copyOf(ts, capacity);
            vs = Arrays.copyOf(vs, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
    }

    private void push(int g, long t, double v) {
        int c = counts[g];
        if (ts[g] == null) {
            ts[g] = new long[8];
            vs[g] = new double[8];
            held += 128;
        } else if (c == ts[g].length) {
            ts[g] = Arrays.copyOf(ts[g], c * 2);
            vs[g] = Arrays.copyOf(vs[g], c * 2);
            held += 16L * c;
        }
        ts[g][c] = t;
        vs[g][c] = v;
        counts[g] = c + 1;
    }

    /** {@code arg} the value, {@code arg2} the timestamp. */
    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int n) {
        for (int i = 0; i < n; i++) {
            if (!arg.isNull(i) && !arg2.isNull(i)) {
                push(gids[i], arg2.getLong(i), arg.asDouble(i));
            }
        }
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        TimeSeriesAccumulator o = (TimeSeriesAccumulator) other;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < o.counts[g]; i++) {
                push(map[g], o.ts[g][i], o.vs[g][i]);
            }
        }
    }

    @Override
    public long bytesHeld() {
        return held;
    }

    @Override
    public long bytesPerGroup() {
        return 24;
    }

    @Override
    public Vec result(int groups) {
        int size = Math.max(groups, 1);
        double[] out = new double[size];
        boolean[] nulls = new boolean[size];
        boolean any = groups == 0;
        if (groups == 0) {
            nulls[0] = true;
        }
        for (int g = 0; g < groups; g++) {
            int n = counts[g];
            double r = Double.NaN;
            if (n > 0) {
                sortByTime(g, n);
                long[] t = ts[g];
                double[] v = vs[g];
                r = switch (kind) {
                    case RATE -> TimeSeriesMath.rate(t, v, n);
                    case DELTA -> n < 2 ? Double.NaN : v[n - 1] - v[0];
                    case DERIVATIVE -> TimeSeriesMath.derivative(t, v, n, unitNanos);
                    case TIME_WEIGHT -> TimeSeriesMath.timeWeightedAverage(t, v, n, linear);
                    default -> throw new IllegalStateException("BUG: time-series aggregate " + kind);
                };
            }
            // NaN stands for "no value" here: NaN values in the data are not expected in counters
            if (Double.isNaN(r)) {
                nulls[g] = true;
                any = true;
            } else {
                out[g] = r;
            }
        }
        return Vec.ofDoubles(out, any ? nulls : null);
    }

    /** Sorts group g's samples by time (stable: equal timestamps keep arrival order). */
    private void sortByTime(int g, int n) {
        long[] t = ts[g];
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = t[i - 1] <= t[i];
        }
        if (sorted) {
            return;
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(t[a], t[b]));
        long[] t2 = new long[n];
        double[] v2 = new double[n];
        for (int i = 0; i < n; i++) {
            t2[i] = t[idx[i]];
            v2[i] = vs[g][idx[i]];
        }
        ts[g] = t2;
        vs[g] = v2;
    }

    /** The result type of every kind here. */
    public static SqlType type() {
        return SqlType.DOUBLE;
    }
}
