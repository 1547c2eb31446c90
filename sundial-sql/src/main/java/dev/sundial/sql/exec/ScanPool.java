package dev.sundial.sql.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads scans run on: one per core, daemons, shared by all queries of the process.
 * Tasks never wait on other tasks (the consumer thread does the waiting), so a fixed pool cannot
 * deadlock; each query bounds how many tasks it has queued.
 */
public final class ScanPool {
    public static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger IDS = new AtomicInteger();
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "sundial-scan-" + IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private ScanPool() {
    }
}
