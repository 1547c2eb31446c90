package dev.sundial.sql.exec;

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
