package dev.sundial;

/**
 * What one committed write did. Writes are upserts per (series, timestamp): a row whose series
 * already had a row at its timestamp — stored, or earlier in the same write — replaces it (the
 * fields it carries overwrite, last write wins per field), and counts in {@code rowsReplaced};
 * the other rows are new. Counted exactly when the write is applied (see
 * {@code dev.sundial.partition.ReplacedRows}); a row written after crash recovery counts the same
 * as before the crash.
 *
 * @param rowsWritten  rows of the write
 * @param rowsReplaced of those, the rows that replaced an existing row
 */
public record WriteResult(long rowsWritten, long rowsReplaced) {
    /** Nothing written. */
    public static final WriteResult NONE = new WriteResult(0, 0);

    public WriteResult {
        if (rowsReplaced < 0 || rowsReplaced > rowsWritten) {
            throw new IllegalStateException("BUG: " + rowsReplaced + " of " + rowsWritten + " rows replaced");
        }
    }

    /** Rows that added a (series, timestamp) the table did not have. */
    public long rowsNew() {
        return rowsWritten - rowsReplaced;
    }

    /** The sum of two results (of several batches). */
    public WriteResult plus(WriteResult o) {
        return new WriteResult(rowsWritten + o.rowsWritten, rowsReplaced + o.rowsReplaced);
    }
}
