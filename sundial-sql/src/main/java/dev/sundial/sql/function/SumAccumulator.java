package dev.sundial.sql.function;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.head.ColumnStats;
import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * {@code sum(x)} and {@code avg(x)}. A BIGINT sum is exact and fails on overflow (PostgreSQL
 * widens to numeric instead; we have no numeric type); a DOUBLE sum is IEEE addition, so its last
 * digits depend on the order rows are added in. avg is always DOUBLE. NULLs are skipped; a group
 * without values gives NULL. NaN propagates.
 */
public final class SumAccumulator extends Accumulator {
    private final boolean avg;
    private final boolean integer;
    private final String name;
    private double[] dsum = new double[0];
    private long[] lsum = new long[0];
    private long[] counts = new long[0];

    public SumAccumulator(boolean avg, SqlType argType, String name) {
        this.avg = avg;
        this.integer = argType != SqlType.DOUBLE;
        this.name = name;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            dsum = Arrays.copyOf(dsum, capacity);
            lsum = Arrays.copyOf(lsum, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
    }

    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int n) {
        boolean noNulls = arg.nulls == null;
        if (!integer) {
            if (arg.constant) {
                for (int i = 0; i < n; i++) {
                    if (!arg.isNull(i)) {
                        dsum[gids[i]] += arg.doubles[0];
                        counts[gids[i]]++;
                    }
                }
                return;
            }
            double[] v = arg.doubles;
            if (noNulls) {
                for (int i = 0; i < n; i++) {
                    int g = gids[i];
                    dsum[g] += v[i];
                    counts[g]++;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    if (!arg.nulls[i]) {
                        int g = gids[i];
                        dsum[g] += v[i];
                        counts[g]++;
                    }
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!arg.isNull(i)) {
                int g = gids[i];
                long x = arg.type == SqlType.BOOLEAN ? (arg.getBool(i) ? 1 : 0) : arg.getLong(i);
                addLong(g, x);
                counts[g]++;
            }
        }
    }

    @Override
    public void addRuns(Vec arg, Vec arg2, int[] gids, int[] starts, int runs, int n) {
        if (integer || arg.constant || arg.nulls != null) {
            add(arg, arg2, gids, n);
            return;
        }
        double[] v = arg.doubles;
        for (int r = 0; r < runs; r++) {
            int from = starts[r];
            int to = starts[r + 1];
            double s = 0;
            for (int i = from; i < to; i++) {
                s += v[i];
            }
            int g = gids[from];
            dsum[g] += s;
            counts[g] += to - from;
        }
    }

    private void addLong(int g, long x) {
        long r = lsum[g] + x;
        if (((lsum[g] ^ r) & (x ^ r)) < 0) {
            throw new QueryException("bigint out of range in " + name + ": the sum overflows 64 bits (cast the argument to DOUBLE)");
        }
        lsum[g] = r;
    }

    @Override
    public void addStats(int gid, int rows, ColumnStats s, long minTs, long maxTs) {
        if (s == null || s.count() == 0) {
            return;
        }
        if (integer) {
            if (s.longSumOverflow()) {
                throw new QueryException("bigint out of range in " + name + ": the sum overflows 64 bits (cast the argument to DOUBLE)");
            }
            addLong(gid, s.longSum());
        } else {
            dsum[gid] += s.nanCount() > 0 ? Double.NaN : s.sum();
        }
        counts[gid] += s.count();
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        SumAccumulator o = (SumAccumulator) other;
        for (int g = 0; g < groups; g++) {
            int t = map[g];
            if (integer) {
                addLong(t, o.lsum[g]);
            } else {
                dsum[t] += o.dsum[g];
            }
            counts[t] += o.counts[g];
        }
    }

    @Override
    public Vec result(int groups) {
        int n = Math.max(groups, 1);
        boolean[] nulls = nullsWhere(groups, g -> counts[g] == 0);
        if (avg) {
            double[] out = new double[n];
            for (int g = 0; g < groups; g++) {
                out[g] = counts[g] == 0 ? 0 : (integer ? (double) lsum[g] : dsum[g]) / counts[g];
            }
            return Vec.ofDoubles(out, nulls);
        }
        if (integer) {
            return Vec.ofLongs(SqlType.BIGINT, Arrays.copyOf(lsum, n), nulls);
        }
        return Vec.ofDoubles(Arrays.copyOf(dsum, n), nulls);
    }

    @Override
    public long bytesPerGroup() {
        return 24;
    }
}
