package dev.sundial.sql.exec;

/**
 * The right rows a RIGHT or FULL join emits at its end: those of the held right side that no left
 * row matched, NULL-extended on the left, in batches of at most 4096 rows. Not thread-safe.
 */
final class UnmatchedRightRows {
    private static final int BATCH = 4096;
    private final RowStore store;
    private final boolean[] matched;
    private final JoinOutput out;
    private int pos;

    UnmatchedRightRows(RowStore store, boolean[] matched, JoinOutput out) {
        this.store = store;
        this.matched = matched;
        this.out = out;
    }

    /** The next batch of unmatched rows, or null when none is left. */
    Batch next() {
        int n = store.size;
        int[] sel = new int[BATCH];
        int m = 0;
        while (pos < n && m < BATCH) {
            if (!matched[pos]) {
                sel[m++] = pos;
            }
            pos++;
        }
        if (m == 0) {
            return null;
        }
        Vec[] r = new Vec[out.rightWidth];
        for (int c = 0; c < r.length; c++) {
            r[c] = store.column(c).select(sel, m);
        }
        return out.finish(out.pair(null, r), m);
    }
}
