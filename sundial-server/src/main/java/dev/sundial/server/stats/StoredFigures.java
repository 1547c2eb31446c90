package dev.sundial.server.stats;

import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.TableStats;
import java.io.IOException;

/**
 * The totals over all tables that {@code /api/v1/status} reports: points and rows stored, bytes on
 * disk and rows still only in memory, with a short-lived cache. {@link Table#stats()} is exact but
 * scans every partition that has rows in memory or several segments, and the console polls the
 * status every two seconds per open tab; so a computation is reused for {@link #MAX_AGE_NANOS}
 * (several tabs then cost one scan), and only one runs at a time. Thread-safe.
 */
final class StoredFigures {
    /** Reuse window; shorter than the console's poll interval would defeat the cache. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    /** The totals. */
    record Totals(long points, long rows, long bytes, long headRows, long tables) {
        double bytesPerPoint() {
            return points == 0 ? 0 : (double) bytes / points;
        }
    }

    private Totals last;
    private long lastAt;

    synchronized Totals get(Sundial sundial) throws IOException {
        long now = System.nanoTime();
        if (last != null && now - lastAt < MAX_AGE_NANOS) {
            return last;
        }
        long points = 0;
        long rows = 0;
        long bytes = 0;
        long head = 0;
        long tables = 0;
        for (Table t : sundial.tables()) {
            TableStats s;
            try {
                s = t.stats(); // the tier and level figures are not needed here
            } catch (IllegalStateException e) {
                if (sundial.table(t.name()) == null) {
                    continue; // dropped since the list was read
                }
                throw e;
            }
            points += s.points();
            rows += s.rows();
            bytes += s.bytes();
            head += s.headRows();
            tables++;
        }
        last = new Totals(points, rows, bytes, head, tables);
        lastAt = System.nanoTime();
        return last;
    }
}
