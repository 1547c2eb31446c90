package dev.sundial.server.write;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the write endpoints took in, for {@code /metrics} and the console's live panel: rows,
 * points (field values), body bytes and requests accepted, rows that replaced existing ones; lines
 * and requests refused. Counters
 * only grow. Thread-safe (striped adders: writers do not contend on them).
 */
public final class IngestCounters {
    private final LongAdder rows = new LongAdder();
    private final LongAdder points = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder badLines = new LongAdder();
    private final LongAdder refusedRequests = new LongAdder();
    private final LongAdder replaced = new LongAdder();

    public void accepted(long rowCount, long pointCount, long byteCount) {
        rows.add(rowCount);
        points.add(pointCount);
        bytes.add(byteCount);
        requests.increment();
    }

    /** Rows of accepted requests that replaced a row of the same series and timestamp. */
    public void replaced(long rowCount) {
        if (rowCount > 0) {
            replaced.add(rowCount);
        }
    }

    public long rowsReplaced() {
        return replaced.sum();
    }

    public void rejected(long badLineCount, long lineCount) {
        badLines.add(badLineCount);
        refusedRequests.increment();
    }

    public long rows() {
        return rows.sum();
    }

    public long points() {
        return points.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long requests() {
        return requests.sum();
    }

    public long badLines() {
        return badLines.sum();
    }

    public long refusedRequests() {
        return refusedRequests.sum();
    }
}
