package dev.sundial.server.metrics;

import dev.sundial.server.http.Router;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * HTTP traffic: requests by route, method and status, their latency by route, and the connections
 * open now. The {@link Router} reports every finished request here ({@link #finished}); the route
 * is its pattern ({@code /api/timeseries/{table}}) or {@code other} for a path no route matches,
 * and a method outside the standard ones counts as {@code other}, so no client can grow the label
 * sets. Thread-safe.
 */
public final class HttpMetrics implements Router.RequestListener {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /** Status codes as label values, made once: 100..599, the only codes HTTP defines. */
    private static final String[] STATUS = new String[600];

    static {
        for (int i = 100; i < STATUS.length; i++) {
            STATUS[i] = Integer.toString(i);
        }
    }

    private final Counter requests;
    private final Histogram latency;

    HttpMetrics(PrometheusRegistry registry, IntSupplier openConnections) {
        requests = Counter.builder().name("sundial_http_requests_total")
                .help("HTTP requests finished, by route pattern, method and status code")
                .labelNames("route", "method", "status").withoutExemplars().register(registry);
        latency = Histogram.builder().name("sundial_http_request_duration_seconds")
                .help("Time from a request's arrival to the end of its handling (the response body written), by route pattern")
                .unit(Unit.SECONDS).labelNames("route").classicOnly().classicUpperBounds(Histograms.LATENCY_BOUNDS_SECONDS)
                .withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("sundial_http_connections")
                .help("HTTP connections open now (idle keep-alive connections included)")
                .callback(cb -> cb.call(openConnections.getAsInt())).register(registry);
    }

    @Override
    public void finished(String route, String method, int status, long nanos) {
        String m = METHODS.contains(method) ? method : "other";
        String s = status >= 100 && status < STATUS.length ? STATUS[status] : "other";
        requests.labelValues(route, m, s).inc();
        latency.labelValues(route).observe(nanos / 1e9);
    }
}
