package dev.sundial.bench.pg;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The peak of this JVM's used heap, sampled every 10 ms on a daemon thread ({@link MemoryMXBean}):
 * the client side of the flat-memory figure. A sample can miss a peak between two samples, so this
 * is a lower bound of the true peak. Thread-safe.
 */
final class HeapSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile long peak;
    private volatile boolean running = true;

    HeapSampler() {
        System.gc(); // start from the live set, not from garbage left by the load
        peak = memory.getHeapMemoryUsage().getUsed();
        thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    long peakBytes() {
        return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
