package dev.sundial.head;

import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ValueVector;

/**
 * Puts rows in timestamp order and applies upsert semantics (DESIGN §2): rows with the same
 * timestamp fold into one, where each column takes the value of the LAST row (in input order) that
 * has a value for it. Input order is write order, so a later write wins per field.
 *
 * <p>Stateless and thread-safe. Cost: O(n) when rows are already strictly increasing (the common
 * case), else O(n log n) with a stable merge sort over row indexes (no boxing).
 */
public final class RowFolding {
    private RowFolding() {
    }

    /** True when timestamps [0, size) strictly increase. */
    public static boolean strictlyIncreasing(long[] ts, int size) {
        for (int i = 1; i < size; i++) {
            if (ts[i] <= ts[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns a batch sorted by timestamp with unique timestamps; {@code in} itself when it already
     * is, else a new batch with the same column layout.
     */
    public static ColumnBatch sortAndFold(ColumnBatch in) {
        int n = in.size;
        if (strictlyIncreasing(in.timestamps, n)) {
            return in;
        }
        int[] order = stableOrder(in.timestamps, n);
        ColumnBatch out = new ColumnBatch(in.columnIds, n);
        for (int c = 0; c < in.columns.length; c++) {
            ValueVector src = in.columns[c];
            if (src != null) {
                ValueVector dst = out.vector(c, src.type());
                dst.ensureCapacity(n);
            }
        }
        int o = -1;
        long prev = 0;
        for (int k = 0; k < n; k++) {
            int r = order[k];
            long t = in.timestamps[r];
            if (o < 0 || t != prev) {
                o++;
                out.timestamps[o] = t;
                prev = t;
                for (int c = 0; c < in.columns.length; c++) {
                    ValueVector src = in.columns[c];
                    if (src != null) {
                        out.columns[c].copyRow(src, r, o);
                    }
                }
            } else {
                for (int c = 0; c < in.columns.length; c++) {
                    ValueVector src = in.columns[c];
                    if (src != null && src.isPresent(r)) {
                        out.columns[c].copyRow(src, r, o);
                    }
                }
            }
        }
        out.size = o + 1;
        return out;
    }

    /** Row indexes [0, n) ordered by timestamp; equal timestamps keep input order. */
    static int[] stableOrder(long[] ts, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] tmp = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                if (ts[a[mid - 1]] <= ts[a[mid]]) {
                    continue;
                }
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    tmp[k++] = ts[a[j]] < ts[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    tmp[k++] = a[i++];
                }
                while (j < hi) {
                    tmp[k++] = a[j++];
                }
                System.arraycopy(tmp, lo, a, lo, hi - lo);
            }
        }
        return a;
    }
}
