package dev.sundial.sql.exec;

import dev.sundial.SqlType;

/** Row-level reads and writes of {@link Vec}s for the window functions (materialized vectors only). Stateless. */
final class WindowValues {
    private WindowValues() {
    }

    /** Sets row {@code j} of {@code out} NULL (allocating its null mask on the first NULL). */
    static void setNull(Vec out, int j) {
        if (out.nulls == null) {
            out.nulls = new boolean[capacity(out)];
        }
        out.nulls[j] = true;
    }

    /** Copies row {@code i} of {@code src} (NULL included) into row {@code j} of {@code out}, of the same type. */
    static void copy(Vec src, int i, Vec out, int j) {
        if (src.isNull(i)) {
            setNull(out, j);
            return;
        }
        switch (out.type) {
            case DOUBLE -> out.doubles[j] = src.getDouble(i);
            case VARCHAR -> out.strings[j] = src.getString(i);
            case BOOLEAN -> out.bools[j] = src.getBool(i);
            default -> out.longs[j] = src.getLong(i);
        }
    }

    static int capacity(Vec v) {
        return switch (v.type) {
            case DOUBLE -> v.doubles.length;
            case VARCHAR -> v.strings.length;
            case BOOLEAN -> v.bools.length;
            default -> v.longs.length;
        };
    }

    /** Compares rows a and b of a non-NULL column. */
    static int compare(Vec v, int a, int b) {
        return switch (v.type) {
            case DOUBLE -> dev.sundial.sql.function.SqlValues.compareDoubles(v.doubles[a], v.doubles[b]);
            case VARCHAR -> v.strings[a].compareTo(v.strings[b]);
            case BOOLEAN -> Boolean.compare(v.bools[a], v.bools[b]);
            default -> Long.compare(v.longs[a], v.longs[b]);
        };
    }

    /** Row i as a double (BIGINT widened). */
    static double number(Vec v, int i) {
        return v.type == SqlType.DOUBLE ? v.doubles[i] : (double) v.longs[i];
    }
}
