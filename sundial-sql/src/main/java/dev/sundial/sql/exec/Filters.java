package dev.sundial.sql.exec;

/** Applies a boolean expression to a batch: keeps the rows where it is true (not false, not NULL). */
final class Filters {
    private Filters() {
    }

    static Batch apply(Eval predicate, Batch b) {
        Vec m = predicate.eval(b);
        if (m.constant) {
            return !m.isNull(0) && m.getBool(0) ? b : new Batch(0, b.cols);
        }
        int[] sel = new int[b.size];
        int n = 0;
        boolean[] v = m.bools;
        boolean[] nulls = m.nulls;
        for (int i = 0; i < b.size; i++) {
            if (v[i] && (nulls == null || !nulls[i])) {
                sel[n++] = i;
            }
        }
        if (n == b.size) {
            return b;
        }
        return b.select(sel, n);
    }
}
