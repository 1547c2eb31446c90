package dev.sundial.sql.function;

import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * {@code percentile(x, q)} (also {@code percentile_cont}, {@code quantile}; {@code median(x)} is
 * q = 0.5): exact on raw data — every value of the group is kept — with linear interpolation between
 * the two nearest ranks (PostgreSQL's {@code percentile_cont}, DuckDB's {@code quantile_cont}).
 * NaN sorts last. Memory grows with the values kept; {@link #bytesHeld()} feeds the query's
 * memory limit.
 */
public final class PercentileAccumulator extends Accumulator {
    private final double q;
    private double[][] values = new double[0][];
    private int[] counts = new int[0];
    private long held;

    public PercentileAccumulator(double q) {
        this.q = q;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            values = Arrays.copyOf(values, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
    }

    private void push(int g, double x) {
        double[] a = values[g];
        if (a == null) {
            a = new double[8];
            values[g] = a;
            held += 64;
        } else if (counts[g] == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            held += 8L * a.length / 2;
            values[g] = a;
        }
        a[counts[g]++] = x;
    }

    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int n) {
        for (int i = 0; i < n; i++) {
            if (!arg.isNull(i)) {
                push(gids[i], arg.asDouble(i));
            }
        }
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        PercentileAccumulator o = (PercentileAccumulator) other;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < o.counts[g]; i++) {
                push(map[g], o.values[g][i]);
            }
        }
    }

    /** Bytes of values held, for the memory limit. */
    @Override
    public long bytesHeld() {
        return held;
    }

    @Override
    public Vec result(int groups) {
        int size = Math.max(groups, 1);
        double[] out = new double[size];
        boolean[] nulls = nullsWhere(groups, g -> counts[g] == 0);
        for (int g = 0; g < groups; g++) {
            int c = counts[g];
            if (c == 0) {
                continue;
            }
            double[] a = values[g];
            Arrays.sort(a, 0, c); // Arrays.sort orders -0.0 before 0.0 and NaN last
            double pos = q * (c - 1);
            int lo = (int) Math.floor(pos);
            int hi = (int) Math.ceil(pos);
            out[g] = lo == hi ? a[lo] : a[lo] + (a[hi] - a[lo]) * (pos - lo);
        }
        return Vec.ofDoubles(out, nulls);
    }

    @Override
    public long bytesPerGroup() {
        return 16;
    }
}
