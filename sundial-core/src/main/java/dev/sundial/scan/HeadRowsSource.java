package dev.sundial.scan;

import dev.sundial.head.ColumnStats;
import dev.sundial.head.RowFolding;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ValueVector;

/**
 * Unsealed head rows, as a read-only view taken under the table lock (write order, possibly
 * unsorted, possibly with repeated timestamps).
 */
record HeadRowsSource(ColumnBatch view, long minTs, long maxTs) implements ChunkSource {
    @Override
    public int rowCount() {
        return view.size;
    }

    @Override
    public ColumnStats stats(int column) {
        return null;
    }

    @Override
    public boolean hasStats() {
        return false;
    }

    @Override
    public void decode(ColumnBatch out) {
        ColumnBatch sorted = RowFolding.sortAndFold(view);
        int n = sorted.size;
        out.ensureCapacity(n);
        System.arraycopy(sorted.timestamps, 0, out.timestamps, 0, n);
        for (int pos = 0; pos < out.columnIds.length; pos++) {
            int col = out.columnIds[pos];
            ValueVector src = col < sorted.columns.length ? sorted.columns[col] : null;
            if (src == null) {
                out.columns[pos] = null;
                continue;
            }
            ValueVector dst = out.columns[pos];
            if (dst == null || dst.type() != src.type()) {
                dst = new ValueVector(src.type(), n);
                out.columns[pos] = dst;
            }
            dst.ensureCapacity(n);
            dst.present = null;
            for (int r = 0; r < n; r++) {
                dst.copyRow(src, r, r);
            }
        }
        out.size = n;
    }

    @Override
    public boolean inHead() {
        return true;
    }

    @Override
    public String describe() {
        return "head rows";
    }
}
