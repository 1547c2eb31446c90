package dev.sundial;

import java.nio.file.Path;
import java.util.List;

/**
 * Leaves acknowledged rows only in the WAL of a data directory (closed without the final flush,
 * as a crash right after the acknowledgement would), so that the next open has a flush pending.
 * In package {@code dev.sundial} to reach {@link Sundial#closeWithoutFlushForTesting()}.
 */
public final class UnflushedWrites {
    private UnflushedWrites() {
    }

    /** Writes {@code points} into table {@code table} (created on first sight) and closes without flushing. */
    public static void write(Path dir, String table, List<DataPoint> points) throws Exception {
        Sundial db = Sundial.open(dir);
        try {
            WriteBatch b = db.newBatch();
            for (DataPoint p : points) {
                b.add(table, p);
            }
            b.commit();
        } finally {
            db.closeWithoutFlushForTesting();
        }
    }
}
