package dev.sundial.server.stats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.Sundial;
import dev.sundial.server.BuildInfo;
import dev.sundial.server.http.Exchange;
import dev.sundial.server.write.IngestCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/status}: what the console's live panel shows. {@code {"version", "uptime_s",
 * "ready", "ingest": {"rows", "points", "bytes", "requests"}, "stored": {"tables", "rows", "points",
 * "bytes", "bytes_per_point", "head_rows"}, "queries_running"}}. {@code ingest} counts what the write
 * endpoints accepted since the server started (rates are the client's: the difference of two polls
 * over the difference of their {@code uptime_s}); {@code stored} is every table's figures (see
 * {@link StoredFigures}: up to a second old), and null while the database is still opening, when
 * the rest still answers. Thread-safe.
 */
public final class StatusEndpoint {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Supplier<Sundial> db;
    private final BooleanSupplier ready;
    private final IngestCounters ingest;
    private final IntSupplier queriesRunning;
    private final long startedNanos;
    private final StoredFigures stored = new StoredFigures();

    /**
     * @param db             the database (throws 503 while it is not open)
     * @param ready          whether {@code db} would answer
     * @param startedNanos   {@link System#nanoTime()} when the server started
     */
    public StatusEndpoint(Supplier<Sundial> db, BooleanSupplier ready, IngestCounters ingest, IntSupplier queriesRunning,
            long startedNanos) {
        this.db = db;
        this.ready = ready;
        this.ingest = ingest;
        this.queriesRunning = queriesRunning;
        this.startedNanos = startedNanos;
    }

    public void handle(Exchange ex) throws IOException {
        boolean isReady = ready.getAsBoolean();
        StoredFigures.Totals totals = isReady ? stored.get(db.get()) : null;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("version", BuildInfo.version());
            g.writeNumberField("uptime_s", (System.nanoTime() - startedNanos) / 1e9);
            g.writeBooleanField("ready", isReady);
            g.writeObjectFieldStart("ingest");
            g.writeNumberField("rows", ingest.rows());
            g.writeNumberField("points", ingest.points());
            g.writeNumberField("bytes", ingest.bytes());
            g.writeNumberField("requests", ingest.requests());
            g.writeEndObject();
            if (totals == null) {
                g.writeNullField("stored");
            } else {
                g.writeObjectFieldStart("stored");
                g.writeNumberField("tables", totals.tables());
                g.writeNumberField("rows", totals.rows());
                g.writeNumberField("points", totals.points());
                g.writeNumberField("bytes", totals.bytes());
                g.writeNumberField("bytes_per_point", totals.bytesPerPoint());
                g.writeNumberField("head_rows", totals.headRows());
                g.writeEndObject();
            }
            g.writeNumberField("queries_running", queriesRunning.getAsInt());
            g.writeEndObject();
        }
        buf.write('\n');
        ex.begin(200, "application/json");
        ex.response().getHeaders().put(org.eclipse.jetty.http.HttpHeader.CACHE_CONTROL, "no-store");
        buf.writeTo(ex.output());
    }
}
