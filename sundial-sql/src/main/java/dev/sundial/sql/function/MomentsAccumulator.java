package dev.sundial.sql.function;

import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * {@code stddev}/{@code stddev_samp}, {@code stddev_pop}, {@code variance}/{@code var_samp},
 * {@code var_pop} with Welford's online update and Chan's parallel merge (numerically stable, unlike
 * sum of squares). Sample statistics of fewer than two values are NULL, as in PostgreSQL.
 */
public final class MomentsAccumulator extends Accumulator {
    private final AggregateKind kind;
    private long[] n = new long[0];
    private double[] mean = new double[0];
    private double[] m2 = new double[0];

    public MomentsAccumulator(AggregateKind kind) {
        this.kind = kind;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            n = Arrays.copyOf(n, capacity);
            mean = Arrays.copyOf(mean, capacity);
            m2 = Arrays.copyOf(m2, capacity);
        }
    }

    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int rows) {
        for (int i = 0; i < rows; i++) {
            if (arg.isNull(i)) {
                continue;
            }
            int g = gids[i];
            double x = arg.asDouble(i);
            long c = ++n[g];
            double d = x - mean[g];
            mean[g] += d / c;
            m2[g] += d * (x - mean[g]);
        }
    }

    /** Merges a rollup cell's (count, mean, M2) into group {@code gid} (Chan's formula). */
    public void addMoments(int gid, long count, double cellMean, double cellM2) {
        if (count == 0) {
            return;
        }
        long na = n[gid];
        long nt = na + count;
        double d = cellMean - mean[gid];
        mean[gid] += d * count / nt;
        m2[gid] += cellM2 + d * d * ((double) na * count / nt);
        n[gid] = nt;
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        MomentsAccumulator o = (MomentsAccumulator) other;
        for (int g = 0; g < groups; g++) {
            if (o.n[g] == 0) {
                continue;
            }
            int t = map[g];
            long na = n[t];
            long nb = o.n[g];
            long nt = na + nb;
            double d = o.mean[g] - mean[t];
            mean[t] += d * nb / nt;
            m2[t] += o.m2[g] + d * d * ((double) na * nb / nt);
            n[t] = nt;
        }
    }

    @Override
    public Vec result(int groups) {
        int size = Math.max(groups, 1);
        double[] out = new double[size];
        boolean sample = kind == AggregateKind.STDDEV_SAMP || kind == AggregateKind.VAR_SAMP;
        boolean root = kind == AggregateKind.STDDEV_SAMP || kind == AggregateKind.STDDEV_POP;
        boolean[] nulls = nullsWhere(groups, g -> n[g] == 0 || (sample && n[g] < 2));
        for (int g = 0; g < groups; g++) {
            if (nulls == null || !nulls[g]) {
                double var = Math.max(0, m2[g] / (sample ? n[g] - 1 : n[g]));
                out[g] = root ? Math.sqrt(var) : var;
            }
        }
        return Vec.ofDoubles(out, nulls);
    }

    @Override
    public long bytesPerGroup() {
        return 24;
    }
}
