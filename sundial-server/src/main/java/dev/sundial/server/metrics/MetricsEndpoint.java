package dev.sundial.server.metrics;

import dev.sundial.server.http.Exchange;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code GET /metrics}: the Prometheus text format (0.0.4), or OpenMetrics text when the scraper's
 * {@code Accept} header asks for it (Prometheus itself does). The answer is rendered whole before
 * it is sent (a few tens of kilobytes), so a scrape failing halfway gets a clean 500 rather than a
 * truncated text a scraper might half read. Thread-safe.
 */
public final class MetricsEndpoint {
    private static final ExpositionFormatWriter TEXT = PrometheusTextFormatWriter.create();
    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

    private final ServerMetrics metrics;

    public MetricsEndpoint(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    public void handle(Exchange ex) throws IOException {
        String accept = ex.header(HttpHeader.ACCEPT);
        ExpositionFormatWriter writer = accept != null && OPEN_METRICS.accepts(accept) ? OPEN_METRICS : TEXT;
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 << 10);
        // our names are all in the classic character set: no escaping is ever needed
        writer.write(body, metrics.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        ex.begin(200, writer.getContentType());
        ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, body.size());
        body.writeTo(ex.output());
    }
}
