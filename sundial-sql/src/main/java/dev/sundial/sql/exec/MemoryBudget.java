package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes a statement may hold in sorts, hash tables and buffers. Operators reserve before they grow
 * and release when done; exceeding the budget fails the statement with a clear error instead of
 * exhausting the heap. Estimates, not exact heap use. Thread-safe.
 */
public final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    public void reserve(long bytes, String what) {
        long now = used.addAndGet(bytes);
        if (bytes > 0 && now > limit) {
            used.addAndGet(-bytes);
            throw new QueryException("query needs more memory than its limit of " + (limit >> 20) + " MiB (for " + what
                    + "); narrow the time range, add filters or a LIMIT, or raise the limit (limits.query_memory_bytes on a server, SundialOptions.queryMemoryBytes embedded)");
        }
        peak.accumulateAndGet(now, Math::max);
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** The most held at once so far. */
    public long peak() {
        return peak.get();
    }


    public long used() {
        return used.get();
    }
}
