package dev.sundial.head;

import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.ValueVector;

/**
 * The rows of one series in one partition not yet sealed, in write order (not necessarily time
 * order, duplicates allowed). Every value column of the table has a position, created lazily on the
 * first value. Arrays grow geometrically from a small start, so a million mostly idle series do not
 * each hold a 4096-row buffer.
 *
 * <p>Not thread-safe: guarded by the owning table's write lock.
 */
final class MutableChunk {
    private static final int INITIAL_ROWS = 16;
    private ColumnBatch rows;

    MutableChunk(int columnCount) {
        rows = new ColumnBatch(identity(columnCount), INITIAL_ROWS);
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    int size() {
        return rows.size;
    }

    ColumnBatch rows() {
        return rows;
    }

    /** Appends a row with no values yet; returns its index. */
    int appendRow(long ts, int columnCount) {
        if (columnCount > rows.columnIds.length) {
            widen(columnCount);
        }
        int r = rows.size;
        if (r == rows.timestamps.length) {
            // x4 steps (16, 64, 256, 1024, 4096): half the copies of doubling, and a chunk never
            // holds more than MAX_ROWS_PER_CHUNK rows before it is sealed
            rows.ensureCapacity(Math.max(r + 1, Math.min(4 * r, ChunkSizing.MAX_ROWS_PER_CHUNK)));
        }
        rows.timestamps[r] = ts;
        // presence flags of row r are already false: rows are only appended and grown arrays are zeroed
        rows.size = r + 1;
        return r;
    }

    /** The vector of a column, created on first use; every vector here keeps an explicit mask. */
    ValueVector column(int column, ColumnType type) {
        ValueVector v = rows.columns[column];
        if (v == null) {
            v = rows.vector(column, type);
            v.ensureCapacity(rows.timestamps.length);
            bytesPerRow += type == ColumnType.BOOLEAN ? 2 : 9;
        }
        return v;
    }

    /** Heap bytes per row of capacity: timestamp plus each allocated vector (value + presence flag). */
    private long bytesPerRow = 8;

    private void widen(int columnCount) {
        ColumnBatch wider = new ColumnBatch(identity(columnCount), rows.timestamps.length);
        System.arraycopy(rows.timestamps, 0, wider.timestamps, 0, rows.size);
        System.arraycopy(rows.columns, 0, wider.columns, 0, rows.columns.length);
        wider.size = rows.size;
        rows = wider;
    }

    /** Approximate heap bytes, for the head's memory bound; O(1). */
    long estimatedBytes() {
        return 16L + rows.timestamps.length * bytesPerRow;
    }

    /**
     * A read-only view of the rows written so far, sharing arrays (no copy). Must be taken under the
     * table lock; stays valid afterwards because rows below the current size are never modified.
     */
    ColumnBatch view() {
        ColumnBatch v = new ColumnBatch(rows.columnIds, 0);
        v.timestamps = rows.timestamps;
        for (int c = 0; c < rows.columns.length; c++) {
            if (rows.columns[c] != null) {
                v.columns[c] = rows.columns[c].view();
            }
        }
        v.size = rows.size;
        return v;
    }

    /** A sorted, folded copy (or view) of the rows; does not modify this chunk. */
    ColumnBatch sortedSnapshot() {
        ColumnBatch copy = new ColumnBatch(rows.columnIds, Math.max(rows.size, 1));
        System.arraycopy(rows.timestamps, 0, copy.timestamps, 0, rows.size);
        for (int c = 0; c < rows.columns.length; c++) {
            ValueVector v = rows.columns[c];
            if (v != null) {
                ValueVector d = copy.vector(c, v.type());
                d.ensureCapacity(rows.size);
                for (int r = 0; r < rows.size; r++) {
                    d.copyRow(v, r, r);
                }
            }
        }
        copy.size = rows.size;
        return RowFolding.sortAndFold(copy);
    }
}
