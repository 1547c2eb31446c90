package dev.sundial.server.metrics;

import dev.sundial.Sundial;
import dev.sundial.server.write.IngestCounters;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Every metric of one server, in a registry of its own (not the client's global default registry:
 * two servers in one JVM, as in tests, must not mix their figures). The server hands
 * {@link #http()} to its router and {@link #queries()} to its SQL endpoints; {@code /metrics}
 * serves {@link #scrape()}. Thread-safe.
 */
public final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HttpMetrics http;
    private final QueryMetrics queries;

    /**
     * @param database        the open database, or null while none is (opening, closing): its
     *                        metrics are then left out
     * @param ingest          the write endpoints' counters
     * @param openConnections HTTP connections open now
     */
    public ServerMetrics(Supplier<Sundial> database, IngestCounters ingest, IntSupplier openConnections) {
        http = new HttpMetrics(registry, openConnections);
        queries = new QueryMetrics(registry);
        IngestMetrics.register(registry, ingest);
        registry.register(new WalMetrics(database));
        registry.register(new StorageMetrics(database));
        registry.register(new MaintenanceMetrics(database));
        JvmMetrics.register(registry);
    }

    /** Where the router reports finished requests. */
    public HttpMetrics http() {
        return http;
    }

    /** Where SQL endpoints (HTTP now, PostgreSQL wire protocol later) report statements. */
    public QueryMetrics queries() {
        return queries;
    }

    /** The current value of every metric, read now. */
    public MetricSnapshots scrape() {
        return registry.scrape();
    }
}
