package dev.sundial.server.metrics;

import dev.sundial.PreparedQuery;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;

/**
 * SQL statements run by the server's endpoints: a count by protocol, statement kind and outcome,
 * and a latency histogram by protocol and kind. Every endpoint that runs SQL reports each statement
 * once through {@link #observe}: the HTTP endpoint ({@code /api/v1/sql}) now, the PostgreSQL wire
 * protocol later ({@link Protocol#PGWIRE}). Thread-safe.
 */
public final class QueryMetrics {
    /** Where a statement came from. */
    public enum Protocol {
        HTTP, PGWIRE;

        final String label = name().toLowerCase(Locale.ROOT);
    }

    /** The kind label of a statement that did not parse (so has no kind). */
    static final String UNPARSED = "unparsed";
    private static final String[] KINDS = new String[PreparedQuery.Kind.values().length];

    static {
        for (PreparedQuery.Kind k : PreparedQuery.Kind.values()) {
            KINDS[k.ordinal()] = k.name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter statements;
    private final Histogram latency;

    QueryMetrics(PrometheusRegistry registry) {
        statements = Counter.builder().name("sundial_queries_total")
                .help("SQL statements run, by protocol, statement kind (unparsed: the text did not parse) and outcome "
                        + "(error: failed to parse or run, refused, or cut off while streaming)")
                .labelNames("protocol", "kind", "outcome").withoutExemplars().register(registry);
        latency = Histogram.builder().name("sundial_query_duration_seconds")
                .help("Time to parse and run a SQL statement and stream its result to the client, by protocol and statement kind")
                .unit(Unit.SECONDS).labelNames("protocol", "kind").classicOnly()
                .classicUpperBounds(Histograms.LATENCY_BOUNDS_SECONDS).withoutExemplars().register(registry);
    }

    /**
     * Records one statement.
     *
     * @param kind  its kind, or null when it did not parse
     * @param nanos from the start of parsing to the end of the answer
     * @param ok    false when it failed to parse or run, was refused, or its answer was cut off
     */
    public void observe(Protocol protocol, PreparedQuery.Kind kind, long nanos, boolean ok) {
        String k = kind == null ? UNPARSED : KINDS[kind.ordinal()];
        statements.labelValues(protocol.label, k, ok ? "ok" : "error").inc();
        latency.labelValues(protocol.label, k).observe(nanos / 1e9);
    }
}
