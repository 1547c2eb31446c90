package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import java.util.List;

/**
 * Builds a join's output batches: the left side's columns, the right side's, then the COALESCE of
 * FULL JOIN … USING pairs. Gathering by row index, with -1 for a NULL-extended row. Immutable.
 */
final class JoinOutput {
    final int leftWidth;
    final int rightWidth;
    final List<int[]> coalesced;
    final List<ResultColumn> columns;

    JoinOutput(List<ResultColumn> left, List<ResultColumn> right, List<int[]> coalesced) {
        this.leftWidth = left.size();
        this.rightWidth = right.size();
        this.coalesced = coalesced;
        List<ResultColumn> cols = new java.util.ArrayList<>(left);
        cols.addAll(right);
        for (int[] p : coalesced) {
            ResultColumn c = cols.get(p[0]);
            cols.add(new ResultColumn(c.name(), c.type()));
        }
        this.columns = List.copyOf(cols);
    }

    /** The pair layout (left then right) for conditions: right vectors placed after the left's. */
    Vec[] pair(Vec[] left, Vec[] right) {
        Vec[] out = new Vec[leftWidth + rightWidth + coalesced.size()];
        if (left != null) {
            System.arraycopy(left, 0, out, 0, leftWidth);
        } else {
            for (int c = 0; c < leftWidth; c++) {
                out[c] = Vec.constant(columns.get(c).type(), null);
            }
        }
        if (right != null) {
            System.arraycopy(right, 0, out, leftWidth, rightWidth);
        } else {
            for (int c = 0; c < rightWidth; c++) {
                out[leftWidth + c] = Vec.constant(columns.get(leftWidth + c).type(), null);
            }
        }
        return out;
    }

    /** Fills the COALESCE columns of {@code cols} (a full-width array) over {@code n} rows. */
    Batch finish(Vec[] cols, int n) {
        for (int i = 0; i < coalesced.size(); i++) {
            Vec a = cols[coalesced.get(i)[0]];
            Vec b = cols[coalesced.get(i)[1]];
            Vec out = Vec.allocate(a.type, n);
            boolean[] nulls = null;
            for (int r = 0; r < n; r++) {
                Vec src = a.isNull(r) ? b : a;
                if (src.isNull(r)) {
                    nulls = NullMasks.mark(nulls, Math.max(n, 1), r);
                    continue;
                }
                switch (a.type) {
                    case DOUBLE -> out.doubles[r] = src.getDouble(r);
                    case VARCHAR -> out.strings[r] = src.getString(r);
                    case BOOLEAN -> out.bools[r] = src.getBool(r);
                    default -> out.longs[r] = src.getLong(r);
                }
            }
            out.nulls = nulls;
            cols[leftWidth + rightWidth + i] = out;
        }
        return new Batch(n, cols);
    }

    /** Rows {@code idx[0..n)} of {@code v}, NULL where an index is -1. */
    static Vec gather(Vec v, int[] idx, int n) {
        if (v.constant) {
            return v;
        }
        boolean anyMissing = false;
        for (int i = 0; i < n; i++) {
            if (idx[i] < 0) {
                anyMissing = true;
                break;
            }
        }
        if (!anyMissing) {
            return v.select(idx, n);
        }
        int[] safe = new int[n];
        boolean[] nulls = new boolean[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            if (idx[i] < 0) {
                nulls[i] = true;
            } else {
                safe[i] = idx[i];
                nulls[i] = v.isNull(idx[i]);
            }
        }
        Vec out = v.select(safe, n);
        out.nulls = nulls;
        return out;
    }
}
