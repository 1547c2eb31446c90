package dev.sundial.sql.function;

import dev.sundial.sql.exec.Vec;

/**
 * {@code percentile(x, q)} (also {@code percentile_cont}, {@code quantile}; {@code median(x)} is
 * q = 0.5): exact on raw data — every value of the group is kept — with linear interpolation between
 * the two nearest ranks (PostgreSQL's {@code percentile_cont}, DuckDB's {@code quantile_cont}).
 * NaN sorts last. Memory grows with the values kept; {@link #bytesHeld()} feeds the query's
 * memory limit.
 */
public final class PercentileAccumulator extends KeptValuesAccumulator {
    private final double q;

    public PercentileAccumulator(double q) {
        this.q = q;
    }

    @Override
    public Vec result(int groups) {
        int size = Math.max(groups, 1);
        double[] out = new double[size];
        boolean[] nulls = emptyGroups(groups);
        for (int g = 0; g < groups; g++) {
            int c = count(g);
            if (c == 0) {
                continue;
            }
            double[] a = sorted(g);
            double pos = q * (c - 1);
            int lo = (int) Math.floor(pos);
            int hi = (int) Math.ceil(pos);
            out[g] = lo == hi ? a[lo] : a[lo] + (a[hi] - a[lo]) * (pos - lo);
        }
        return Vec.ofDoubles(out, nulls);
    }
}
