package dev.sundial.server.query;

import dev.sundial.server.http.HttpError;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The limit on queries running at once ({@code limits.max_concurrent_queries}): a query takes a
 * slot for as long as it runs and streams; when none is free it waits up to {@code
 * limits.query_queue_ms} and then is refused with 503. Thread-safe.
 */
public final class QuerySlots {
    private final Semaphore free;
    private final int size;
    private final long waitMillis;

    public QuerySlots(int size, long waitMillis) {
        this.free = new Semaphore(size, true);
        this.size = size;
        this.waitMillis = waitMillis;
    }

    /** A taken slot; closing it gives it back. */
    public final class Slot implements AutoCloseable {
        private boolean released;

        @Override
        public void close() {
            if (!released) {
                released = true;
                free.release();
            }
        }
    }

    public Slot acquire() throws InterruptedException {
        if (!free.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            throw new HttpError(503, "cannot run query: " + size + " queries are running (limits.max_concurrent_queries="
                    + size + ") and none finished within " + waitMillis + " ms (limits.query_queue_ms); retry later");
        }
        return new Slot();
    }

    /** Queries running now. */
    public int running() {
        return size - free.availablePermits();
    }
}
