package dev.sundial.server.metrics;

import dev.sundial.server.write.IngestCounters;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * What the write endpoints took in and refused, read from {@link IngestCounters} at each scrape
 * (the endpoints count with striped adders; nothing here runs per row).
 */
final class IngestMetrics {
    private IngestMetrics() {
    }

    static void register(PrometheusRegistry registry, IngestCounters c) {
        counter(registry, "sundial_ingest_rows_total", "Rows accepted by the write endpoints (a row: one series at one timestamp)", c::rows);
        counter(registry, "sundial_ingest_rows_replaced_total",
                "Rows accepted by the write endpoints that replaced a row of the same series and timestamp (writes are upserts)", c::rowsReplaced);
        counter(registry, "sundial_ingest_points_total", "Field values accepted by the write endpoints", c::points);
        counter(registry, "sundial_ingest_bytes_total", "Line-protocol bytes accepted by the write endpoints (after gzip inflation)", c::bytes);
        counter(registry, "sundial_ingest_requests_total", "Write requests accepted (each applied atomically)", c::requests);
        counter(registry, "sundial_ingest_bad_lines_total", "Lines refused as malformed or conflicting with a column's type", c::badLines);
        counter(registry, "sundial_ingest_refused_requests_total", "Write requests refused for bad lines (nothing of them was written)", c::refusedRequests);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }
}
