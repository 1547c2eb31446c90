package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Vec;

/**
 * {@code percentile_disc(q) WITHIN GROUP (ORDER BY x [DESC])}: PostgreSQL's discrete percentile —
 * the first value, in the given order, whose cumulative distribution reaches q (row
 * {@code max(1, ceil(q · n))} of the n sorted non-NULL values). Exact: every value of the group is
 * kept (numbers as doubles, so a BIGINT beyond 2^53 loses precision). Not thread-safe.
 */
public final class PercentileDiscAccumulator extends KeptValuesAccumulator {
    private final double q;
    private final boolean descending;
    private final SqlType type;

    public PercentileDiscAccumulator(double q, boolean descending, SqlType type) {
        this.q = q;
        this.descending = descending;
        this.type = type;
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
        boolean[] nulls = emptyGroups(groups);
        double[] out = new double[size];
        for (int g = 0; g < groups; g++) {
            int c = count(g);
            if (c > 0) {
                out[g] = pick(sorted(g), c, q, descending);
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
