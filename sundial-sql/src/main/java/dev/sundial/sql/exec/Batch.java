package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import java.util.List;

/**
 * Rows passed between operators in column form: {@code size} rows, one {@link Vec} per column of
 * the producing operator's layout. Immutable once handed on.
 */
public final class Batch {
    public final int size;
    public final Vec[] cols;

    public Batch(int size, Vec[] cols) {
        this.size = size;
        this.cols = cols;
    }

    /**
     * A batch from boxed rows (Long for BIGINT/TIMESTAMP/INTERVAL, Double, Boolean, String, null),
     * for the few operators whose output is small and built row by row (latest-by winners, gap fill).
     */
    public static Batch ofRows(List<ResultColumn> columns, List<Object[]> rows) {
        int n = rows.size();
        Vec[] cols = new Vec[columns.size()];
        for (int c = 0; c < cols.length; c++) {
            SqlType t = columns.get(c).type();
            Vec v = Vec.allocate(t, n);
            boolean[] nulls = null;
            for (int r = 0; r < n; r++) {
                Object o = rows.get(r)[c];
                if (o == null) {
                    nulls = NullMasks.mark(nulls, Math.max(n, 1), r);
                    continue;
                }
                switch (t) {
                    case DOUBLE -> v.doubles[r] = ((Number) o).doubleValue();
                    case VARCHAR -> v.strings[r] = (String) o;
                    case BOOLEAN -> v.bools[r] = (Boolean) o;
                    default -> v.longs[r] = ((Number) o).longValue();
                }
            }
            v.nulls = nulls;
            cols[c] = v;
        }
        return new Batch(n, cols);
    }

    /** Rows {@code sel[0..n)} of this batch. */
    public Batch select(int[] sel, int n) {
        Vec[] out = new Vec[cols.length];
        for (int c = 0; c < cols.length; c++) {
            out[c] = cols[c] == null ? null : cols[c].select(sel, n);
        }
        return new Batch(n, out);
    }

    /** Estimated heap bytes, for the memory limit. */
    public long bytes() {
        long b = 16;
        for (Vec v : cols) {
            if (v != null) {
                b += v.bytes(size);
            }
        }
        return b;
    }
}
