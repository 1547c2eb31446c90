package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * {@code percentile_disc(q) WITHIN GROUP (ORDER BY x [DESC])}: PostgreSQL's discrete percentile —
 * the first value, in the given order, whose cumulative distribution reaches q (row
 * {@code max(1, ceil(q · n))} of the n sorted non-NULL values). Exact: every value of the group is
 * kept (numbers as doubles, so a BIGINT beyond 2^53 loses precision). Not thread-safe.
 */
public final class PercentileDiscAccumulator extends Accumulator {
    private final double q;
    private final boolean descending;
    private final SqlType type;
    private double[][] values = new double[0][];
    private int[] counts = new int[0];
    private long held;

    public PercentileDiscAccumulator(double q, boolean descending, SqlType type) {
        this.q = q;
        this.descending = descending;
        this.type = type;
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
        PercentileDiscAccumulator o = (PercentileDiscAccumulator) other;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < o.counts[g]; i++) {
                push(map[g], o.values[g][i]);
            }
        }
    }

    @Override
    public long bytesHeld() {
        return held;
    }

    @Override
    public long bytesPerGroup() {
        return 16;
    }

    /** The discrete percentile of sorted (ascending) {@code a[0..n)}, n ≥ 1. */
    public static double pick(double[] a, int n, double q, boolean descending) {
        int k = Math.max(1, (int) Math.ceil(q * n)); // 1-based row in the requested order, computed as PostgreSQL does
        k = Math.min(k, n);
        return descending ? a[n - k] : a[k - 1];
    }

    @Override
    public Vec result(int groups) {
        int size = Math.max(groups, 1);
        boolean[] nulls = nullsWhere(groups, g -> counts[g] == 0);
        double[] out = new double[size];
        for (int g = 0; g < groups; g++) {
            int c = counts[g];
            if (c > 0) {
                Arrays.sort(values[g], 0, c);
                out[g] = pick(values[g], c, q, descending);
            }
        }
        if (type == SqlType.DOUBLE) {
            return Vec.ofDoubles(out, nulls);
        }
        long[] longs = new long[size];
        for (int g = 0; g < groups; g++) {
            longs[g] = (long) out[g];
        }
        return Vec.ofLongs(type, longs, nulls);
    }
}
