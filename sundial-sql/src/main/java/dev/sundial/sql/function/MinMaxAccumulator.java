package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.head.ColumnStats;
import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * {@code min(x)} and {@code max(x)} for every type, with PostgreSQL's ordering of doubles (NaN is
 * the largest value) and of text (code-point order). NULLs are skipped; a group without values gives
 * NULL.
 */
public final class MinMaxAccumulator extends Accumulator {
    private final boolean max;
    private final SqlType type;
    private boolean[] seen = new boolean[0];
    private long[] longs = new long[0];
    private double[] doubles = new double[0];
    private String[] strings = new String[0];

    public MinMaxAccumulator(boolean max, SqlType type) {
        this.max = max;
        this.type = type;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            seen = Arrays.copyOf(seen, capacity);
            switch (type) {
                case DOUBLE -> doubles = Arrays.copyOf(doubles, capacity);
                case VARCHAR -> strings = Arrays.copyOf(strings, capacity);
                default -> longs = Arrays.copyOf(longs, capacity);
            }
        }
    }

    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int n) {
        if (type == SqlType.DOUBLE && !arg.constant && arg.nulls == null) {
            double[] v = arg.doubles;
            for (int i = 0; i < n; i++) {
                offerDouble(gids[i], v[i]);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            if (arg.isNull(i)) {
                continue;
            }
            int g = gids[i];
            switch (type) {
                case DOUBLE -> offerDouble(g, arg.getDouble(i));
                case VARCHAR -> offerString(g, arg.getString(i));
                case BOOLEAN -> offerLong(g, arg.getBool(i) ? 1 : 0);
                default -> offerLong(g, arg.getLong(i));
            }
        }
    }

    @Override
    public void addRuns(Vec arg, Vec arg2, int[] gids, int[] starts, int runs, int n) {
        if (type != SqlType.DOUBLE || arg.constant || arg.nulls != null) {
            add(arg, arg2, gids, n);
            return;
        }
        double[] v = arg.doubles;
        for (int r = 0; r < runs; r++) {
            int from = starts[r];
            int to = starts[r + 1];
            double m = v[from];
            boolean nan = m != m;
            for (int i = from + 1; i < to; i++) {
                double x = v[i];
                nan |= x != x;
                m = max ? Math.max(m, x) : Math.min(m, x);
            }
            // Math.max/min propagate NaN; SQL orders NaN above every number, so only max keeps it
            if (nan && !max) {
                m = Double.NaN;
                for (int i = from; i < to; i++) {
                    double x = v[i];
                    if (x == x && (m != m || x < m)) {
                        m = x;
                    }
                }
            }
            offerDouble(gids[from], m == 0 ? normalizeZero(v, from, to, m) : m);
        }
    }

    /** Math.max/min order -0.0 below 0.0; SQL treats them as equal, so keep the first one seen as the add() path does. */
    private double normalizeZero(double[] v, int from, int to, double m) {
        for (int i = from; i < to; i++) {
            if (v[i] == 0) {
                return v[i];
            }
        }
        return m;
    }

    private void offerDouble(int g, double x) {
        if (!seen[g]) {
            seen[g] = true;
            doubles[g] = x;
            return;
        }
        double m = doubles[g];
        if (max) {
            if (x > m || (x != x && m == m)) {
                doubles[g] = x;
            }
        } else if (x < m || (m != m && x == x)) {
            doubles[g] = x;
        }
    }

    private void offerLong(int g, long x) {
        if (!seen[g]) {
            seen[g] = true;
            longs[g] = x;
        } else if (max ? x > longs[g] : x < longs[g]) {
            longs[g] = x;
        }
    }

    private void offerString(int g, String x) {
        if (!seen[g]) {
            seen[g] = true;
            strings[g] = x;
        } else {
            int c = x.compareTo(strings[g]);
            if (max ? c > 0 : c < 0) {
                strings[g] = x;
            }
        }
    }

    @Override
    public void addStats(int gid, int rows, ColumnStats s, long minTs, long maxTs) {
        if (s == null || s.count() == 0) {
            return;
        }
        if (type == SqlType.DOUBLE) {
            if (s.nanCount() > 0 && (max || s.nanCount() == s.count())) {
                offerDouble(gid, Double.NaN);
                if (max) {
                    return;
                }
            }
            if (s.nanCount() < s.count()) {
                offerDouble(gid, Double.longBitsToDouble(max ? s.maxBits() : s.minBits()));
            }
        } else {
            offerLong(gid, max ? s.maxBits() : s.minBits());
        }
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        MinMaxAccumulator o = (MinMaxAccumulator) other;
        for (int g = 0; g < groups; g++) {
            if (!o.seen[g]) {
                continue;
            }
            switch (type) {
                case DOUBLE -> offerDouble(map[g], o.doubles[g]);
                case VARCHAR -> offerString(map[g], o.strings[g]);
                default -> offerLong(map[g], o.longs[g]);
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
            case BOOLEAN -> {
                boolean[] b = new boolean[n];
                for (int g = 0; g < groups; g++) {
                    b[g] = longs[g] != 0;
                }
                yield Vec.ofBools(b, nm);
            }
            default -> Vec.ofLongs(type, Arrays.copyOf(longs, n), nm);
        };
    }

    @Override
    public long bytesPerGroup() {
        return 17;
    }
}
