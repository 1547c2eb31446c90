package dev.sundial.sql.exec;

/** Null-mask arithmetic for evaluators. Stateless. */
public final class NullMasks {
    private NullMasks() {
    }

    /** Rows where any input is NULL, over {@code n} rows; null when none is. */
    static boolean[] union(Vec a, Vec b, int n) {
        if (a.nulls == null && b.nulls == null) {
            return null;
        }
        boolean[] m = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            m[i] = a.isNull(i) || b.isNull(i);
            any |= m[i];
        }
        return any ? m : null;
    }

    /** Marks row {@code i} NULL in {@code nulls} (allocated for {@code n} rows on first use); returns the mask. */
    public static boolean[] mark(boolean[] nulls, int n, int i) {
        boolean[] m = nulls == null ? new boolean[n] : nulls;
        m[i] = true;
        return m;
    }

    static boolean[] of(Vec a, int n) {
        if (a.nulls == null) {
            return null;
        }
        boolean[] m = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            m[i] = a.isNull(i);
            any |= m[i];
        }
        return any ? m : null;
    }
}
