package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.head.ColumnStats;
import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * {@code first(x, t)} and {@code last(x, t)}: the value of x at the smallest (largest) t among rows
 * where x is not NULL (as the seed's FIRST/LAST and DuckDB's {@code arg_min}/{@code arg_max} over
 * non-NULL x). Rows with NULL t are skipped. Among rows with equal t (different series), the first
 * one seen is kept, so ties between series are broken arbitrarily.
 */
public final class FirstLastAccumulator extends Accumulator {
    private final boolean last;
    private final SqlType type;
    private boolean[] seen = new boolean[0];
    private long[] at = new long[0];
    private long[] longs = new long[0];
    private double[] doubles = new double[0];
    private String[] strings = new String[0];
    private boolean[] bools = new boolean[0];

    public FirstLastAccumulator(boolean last, SqlType type) {
        this.last = last;
        this.type = type;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            seen = Arrays.copyOf(seen, capacity);
            at = Arrays.copyOf(at, capacity);
            switch (type) {
                case DOUBLE -> doubles = Arrays.copyOf(doubles, capacity);
                case VARCHAR -> strings = Arrays.copyOf(strings, capacity);
                case BOOLEAN -> bools = Arrays.copyOf(bools, capacity);
                default -> longs = Arrays.copyOf(longs, capacity);
            }
        }
    }

    private boolean better(int g, long t) {
        return !seen[g] || (last ? t > at[g] : t < at[g]);
    }

    @Override
    public void add(Vec arg, Vec ts, int[] gids, int n) {
        for (int i = 0; i < n; i++) {
            if (arg.isNull(i) || ts.isNull(i)) {
                continue;
            }
            int g = gids[i];
            long t = ts.getLong(i);
            if (better(g, t)) {
                seen[g] = true;
                at[g] = t;
                switch (type) {
                    case DOUBLE -> doubles[g] = arg.getDouble(i);
                    case VARCHAR -> strings[g] = arg.getString(i);
                    case BOOLEAN -> bools[g] = arg.getBool(i);
                    default -> longs[g] = arg.getLong(i);
                }
            }
        }
    }

    /**
     * From statistics: the first/last value of a chunk is at its first/last row only when every row
     * has a value; the planner offers stats only then (count == rows), else it decodes.
     */
    @Override
    public void addStats(int gid, int rows, ColumnStats s, long minTs, long maxTs) {
        if (s == null || s.count() == 0) {
            return;
        }
        long t = last ? maxTs : minTs;
        if (better(gid, t)) {
            seen[gid] = true;
            at[gid] = t;
            long bits = last ? s.lastBits() : s.firstBits();
            switch (type) {
                case DOUBLE -> doubles[gid] = Double.longBitsToDouble(bits);
                case BOOLEAN -> bools[gid] = bits != 0;
                case VARCHAR -> throw new IllegalStateException("BUG: no text statistics");
                default -> longs[gid] = bits;
            }
        }
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        FirstLastAccumulator o = (FirstLastAccumulator) other;
        for (int g = 0; g < groups; g++) {
            int t = map[g];
            if (o.seen[g] && better(t, o.at[g])) {
                seen[t] = true;
                at[t] = o.at[g];
                switch (type) {
                    case DOUBLE -> doubles[t] = o.doubles[g];
                    case VARCHAR -> strings[t] = o.strings[g];
                    case BOOLEAN -> bools[t] = o.bools[g];
                    default -> longs[t] = o.longs[g];
                }
            }
        }
    }

    @Override
    public Vec result(int groups) {
        int n = Math.max(groups, 1);
        boolean[] nm = nullsWhere(groups, g -> !seen[g]);
        return switch (type) {
            case DOUBLE -> Vec.ofDoubles(Arrays.copyOf(doubles, n), nm);
            case VARCHAR -> Vec.ofStrings(Arrays.copyOf(strings, n), nm);
            case BOOLEAN -> Vec.ofBools(Arrays.copyOf(bools, n), nm);
            default -> Vec.ofLongs(type, Arrays.copyOf(longs, n), nm);
        };
    }

    @Override
    public long bytesPerGroup() {
        return 25;
    }
}
