package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.Arrays;

/**
 * A column of values flowing between operators: one primitive array of the column's SQL type
 * ({@code longs} for BIGINT, TIMESTAMP and INTERVAL; {@code doubles}; {@code bools};
 * {@code strings}) and a null mask ({@code nulls == null} means no NULLs). A <em>constant</em>
 * vector holds one value (index 0) standing for every row — tag columns of a series and literals
 * are constant, so predicates on them cost one evaluation per batch, not per row.
 *
 * <p>Arrays may be longer than the batch; rows past the batch size are garbage. Vectors are never
 * mutated after an operator hands them on. Not thread-safe.
 */
public final class Vec {
    public final SqlType type;
    public long[] longs;
    public double[] doubles;
    public boolean[] bools;
    public String[] strings;
    /** True where the value is NULL; null when no row is NULL. */
    public boolean[] nulls;
    public final boolean constant;

    private Vec(SqlType type, boolean constant) {
        this.type = type;
        this.constant = constant;
    }

    /** A vector of {@code n} rows of {@code type}, all arrays allocated, no NULLs. */
    public static Vec allocate(SqlType type, int n) {
        Vec v = new Vec(type, false);
        int c = Math.max(n, 1);
        switch (type) {
            case TIMESTAMP, BIGINT, INTERVAL -> v.longs = new long[c];
            case DOUBLE -> v.doubles = new double[c];
            case BOOLEAN -> v.bools = new boolean[c];
            case VARCHAR -> v.strings = new String[c];
            default -> throw new IllegalStateException("BUG: type " + type);
        }
        return v;
    }

    public static Vec ofLongs(SqlType type, long[] values, boolean[] nulls) {
        Vec v = new Vec(type, false);
        v.longs = values;
        v.nulls = nulls;
        return v;
    }

    public static Vec ofDoubles(double[] values, boolean[] nulls) {
        Vec v = new Vec(SqlType.DOUBLE, false);
        v.doubles = values;
        v.nulls = nulls;
        return v;
    }

    public static Vec ofBools(boolean[] values, boolean[] nulls) {
        Vec v = new Vec(SqlType.BOOLEAN, false);
        v.bools = values;
        v.nulls = nulls;
        return v;
    }

    public static Vec ofStrings(String[] values, boolean[] nulls) {
        Vec v = new Vec(SqlType.VARCHAR, false);
        v.strings = values;
        v.nulls = nulls;
        return v;
    }

    /** A constant vector of {@code value} (Long, Double, Boolean, String; null = NULL of {@code type}). */
    public static Vec constant(SqlType type, Object value) {
        Vec v = new Vec(type, true);
        switch (type) {
            case TIMESTAMP, BIGINT, INTERVAL -> v.longs = new long[] {value == null ? 0 : ((Number) value).longValue()};
            case DOUBLE -> v.doubles = new double[] {value == null ? 0 : ((Number) value).doubleValue()};
            case BOOLEAN -> v.bools = new boolean[] {value != null && (Boolean) value};
            case VARCHAR -> v.strings = new String[] {(String) value};
            default -> throw new IllegalStateException("BUG: type " + type);
        }
        if (value == null) {
            v.nulls = new boolean[] {true};
        }
        return v;
    }

    public boolean isNull(int row) {
        return nulls != null && nulls[constant ? 0 : row];
    }

    public long getLong(int row) {
        return longs[constant ? 0 : row];
    }

    public double getDouble(int row) {
        return doubles[constant ? 0 : row];
    }

    public boolean getBool(int row) {
        return bools[constant ? 0 : row];
    }

    public String getString(int row) {
        return strings[constant ? 0 : row];
    }

    /** Numeric value as a double (BIGINT widened). */
    public double asDouble(int row) {
        return type == SqlType.DOUBLE ? getDouble(row) : (double) getLong(row);
    }

    /** The value boxed (Long for BIGINT/TIMESTAMP/INTERVAL), or null. Not for hot loops. */
    public Object get(int row) {
        if (isNull(row)) {
            return null;
        }
        return switch (type) {
            case TIMESTAMP, BIGINT, INTERVAL -> getLong(row);
            case DOUBLE -> getDouble(row);
            case BOOLEAN -> getBool(row);
            case VARCHAR -> getString(row);
        };
    }

    /** A non-constant copy of the first {@code n} rows (expands a constant). */
    public Vec materialize(int n) {
        if (!constant) {
            return this;
        }
        Vec v = allocate(type, n);
        boolean isNull = nulls != null && nulls[0];
        switch (type) {
            case TIMESTAMP, BIGINT, INTERVAL -> Arrays.fill(v.longs, 0, n, longs[0]);
            case DOUBLE -> Arrays.fill(v.doubles, 0, n, doubles[0]);
            case BOOLEAN -> Arrays.fill(v.bools, 0, n, bools[0]);
            case VARCHAR -> Arrays.fill(v.strings, 0, n, strings[0]);
            default -> throw new IllegalStateException("BUG: type " + type);
        }
        if (isNull) {
            v.nulls = new boolean[Math.max(n, 1)];
            Arrays.fill(v.nulls, true);
        }
        return v;
    }

    /** Rows {@code sel[0..n)} of this vector, in that order (a constant stays constant). */
    public Vec select(int[] sel, int n) {
        if (constant) {
            return this;
        }
        Vec v = new Vec(type, false);
        switch (type) {
            case TIMESTAMP, BIGINT, INTERVAL -> {
                long[] a = new long[Math.max(n, 1)];
                for (int i = 0; i < n; i++) {
                    a[i] = longs[sel[i]];
                }
                v.longs = a;
            }
            case DOUBLE -> {
                double[] a = new double[Math.max(n, 1)];
                for (int i = 0; i < n; i++) {
                    a[i] = doubles[sel[i]];
                }
                v.doubles = a;
            }
            case BOOLEAN -> {
                boolean[] a = new boolean[Math.max(n, 1)];
                for (int i = 0; i < n; i++) {
                    a[i] = bools[sel[i]];
                }
                v.bools = a;
            }
            case VARCHAR -> {
                String[] a = new String[Math.max(n, 1)];
                for (int i = 0; i < n; i++) {
                    a[i] = strings[sel[i]];
                }
                v.strings = a;
            }
            default -> throw new IllegalStateException("BUG: type " + type);
        }
        if (nulls != null) {
            boolean[] m = new boolean[Math.max(n, 1)];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                m[i] = nulls[sel[i]];
                any |= m[i];
            }
            v.nulls = any ? m : null;
        }
        return v;
    }

    /** Estimated heap bytes of {@code n} rows, for the per-query memory limit. */
    public long bytes(int n) {
        if (constant) {
            return 16;
        }
        long per = switch (type) {
            case TIMESTAMP, BIGINT, INTERVAL, DOUBLE -> 8;
            case BOOLEAN -> 1;
            case VARCHAR -> 40;
        };
        return per * n + (nulls == null ? 0 : n);
    }
}
