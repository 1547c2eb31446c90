package dev.sundial.table;

/**
 * Rows of one series in column form: timestamps plus selected value columns as primitive arrays
 * ({@link ValueVector}). The unit that flows from storage to queries: decoding a chunk fills one,
 * and scans hand them to operators without per-row objects.
 *
 * <p>{@code columns[i]} holds the value column {@code columnIds[i]} of the table; a null vector means
 * the column has no value in any row of the batch. Not thread-safe.
 */
public final class ColumnBatch {
    public long[] timestamps;
    public int size;
    public final int[] columnIds;
    public final ValueVector[] columns;

    public ColumnBatch(int[] columnIds, int capacity) {
        this.columnIds = columnIds;
        this.columns = new ValueVector[columnIds.length];
        this.timestamps = new long[capacity];
    }

    /** Grows the timestamp array and every allocated vector to hold {@code rows}. */
    public void ensureCapacity(int rows) {
        if (rows <= timestamps.length && allocatedFor(rows)) {
            return;
        }
        if (rows > timestamps.length) {
            timestamps = java.util.Arrays.copyOf(timestamps, Math.max(rows, timestamps.length * 2));
        }
        for (ValueVector v : columns) {
            if (v != null) {
                v.ensureCapacity(rows);
            }
        }
    }

    private boolean allocatedFor(int rows) {
        for (ValueVector v : columns) {
            if (v != null && v.capacity() < rows) {
                return false;
            }
        }
        return true;
    }

    /** Returns the vector at position {@code pos}, creating it (all rows so far absent) if needed. */
    public ValueVector vector(int pos, ColumnType type) {
        ValueVector v = columns[pos];
        if (v == null) {
            v = new ValueVector(type, Math.max(timestamps.length, 8));
            v.present = new boolean[v.capacity()];
            columns[pos] = v;
        }
        return v;
    }
}
