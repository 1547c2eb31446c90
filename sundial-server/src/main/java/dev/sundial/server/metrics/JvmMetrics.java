package dev.sundial.server.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;

/**
 * The JVM basics — heap and non-heap memory, threads, garbage collections, process CPU time — read
 * from the platform MX beans at each scrape (no sampling thread). Hand-written rather than the
 * client's {@code prometheus-metrics-instrumentation-jvm}, which would add a dependency for the
 * few figures that matter when sizing {@code -Xmx}. Names follow that module where they overlap.
 */
final class JvmMetrics {
    private JvmMetrics() {
    }

    static void register(PrometheusRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Memory in use, by area (heap, nonheap)")
                .labelNames("area").callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getUsed(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getUsed(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_committed_bytes").help("Memory committed by the JVM, by area (heap, nonheap)")
                .labelNames("area").callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getCommitted(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getCommitted(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_max_bytes").help("Most memory the JVM may use, by area (-1: no limit)")
                .labelNames("area").callback(cb -> {
                    cb.call(max(memory.getHeapMemoryUsage()), "heap");
                    cb.call(max(memory.getNonHeapMemoryUsage()), "nonheap");
                }).register(registry);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        GaugeWithCallback.builder().name("jvm_threads_current").help("Live threads, daemon threads included")
                .callback(cb -> cb.call(threads.getThreadCount())).register(registry);
        CounterWithCallback.builder().name("jvm_gc_collections_total").help("Garbage collections, by collector")
                .labelNames("gc").callback(cb -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        cb.call(Math.max(0, gc.getCollectionCount()), gc.getName());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("jvm_gc_collection_seconds_total").help("Time spent in garbage collections, by collector")
                .labelNames("gc").callback(cb -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        cb.call(Math.max(0, gc.getCollectionTime()) / 1e3, gc.getName());
                    }
                }).register(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            CounterWithCallback.builder().name("process_cpu_seconds_total").help("CPU time of the server process, user and system")
                    .callback(cb -> cb.call(Math.max(0, os.getProcessCpuTime()) / 1e9)).register(registry);
        }
    }

    private static double max(MemoryUsage u) {
        return u.getMax();
    }
}
