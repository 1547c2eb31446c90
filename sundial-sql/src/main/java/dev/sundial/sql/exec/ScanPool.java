package dev.sundial.sql.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads scans run on: one per core, daemons, shared by all queries of the process.
 * Tasks never wait on other tasks (the consumer thread does the waiting), so a fixed pool cannot
 * deadlock; each query bounds how many tasks it has queued.
 */
public final class ScanPool {
    public static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger IDS = new AtomicInteger();
    /**
     * Tasks waiting for a worker: each query queues at most a few (its lookahead or one per core),
     * so 1,024 means hundreds of concurrent queries; beyond that the submitting query thread runs the
     * task itself (back-pressure instead of an unbounded queue).
     */
    private static final int QUEUE = 1024;
    static final ExecutorService POOL = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "sundial-scan-" + IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    private ScanPool() {
    }
}
