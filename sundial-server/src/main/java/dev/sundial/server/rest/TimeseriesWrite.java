package dev.sundial.server.rest;

import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.WriteBatch;
import dev.sundial.bytes.CountingInputStream;
import dev.sundial.ingest.Precision;
import dev.sundial.server.http.Exchange;
import dev.sundial.server.http.HttpError;
import dev.sundial.server.write.IngestCounters;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /api/timeseries/{table}}: JSON points (docs/rest-api.md), one request one atomic
 * {@link WriteBatch}, as the line-protocol writes: either every point is written, acknowledged
 * with 204 once durable under {@code wal.sync}, or none is and the answer is 400 listing each bad
 * point (index, field, reason). A table that does not exist is 404 unless {@code
 * ingest.auto_create} is on; then the table, its tags and columns are created on first sight
 * (and stay, as with line protocol, even when a later point of the request is refused).
 * {@code precision} ({@code ns|us|ms|s}, default {@code ms}) is the unit of epoch-number
 * timestamps: milliseconds, because that is what JSON's producers hold (JavaScript's
 * {@code Date.now()}, Java's {@code currentTimeMillis}), and because a nanosecond epoch (about
 * 1.7e18) is past 2^53, where JavaScript numbers silently lose digits.
 *
 * <p>Thread-safe: each request has its own batch and decoder.
 */
public final class TimeseriesWrite {
    private final Supplier<Sundial> db;
    private final boolean autoCreate;
    private final int maxPoints;
    private final IngestCounters counters;

    /**
     * @param autoCreate the server's {@code ingest.auto_create} (the database enforces it too)
     * @param maxPoints  most points per request ({@code limits.max_lines_per_request}: the same bound
     *                   on what one atomic batch may hold in memory)
     */
    public TimeseriesWrite(Supplier<Sundial> db, boolean autoCreate, int maxPoints, IngestCounters counters) {
        this.db = db;
        this.autoCreate = autoCreate;
        this.maxPoints = maxPoints;
        this.counters = counters;
    }

    public void handle(Exchange ex) throws IOException {
        String table = ex.pathParam("table");
        Precision precision = precision(ex.param("precision"));
        Sundial sundial = db.get();
        if (sundial.table(table) == null && !autoCreate) {
            throw new HttpError(404, "cannot write points to table " + table + ": no such table (ingest.auto_create is off;"
                    + " create it with CREATE TIMESERIES TABLE)");
        }
        long now = RestTime.nowNanos(sundial);
        JsonPointDecoder decoder = new JsonPointDecoder(table, () -> {
            Table t = sundial.table(table);
            return t == null ? null : t.schema();
        }, autoCreate, precision, now, maxPoints);
        WriteBatch batch = sundial.newBatch();
        boolean committed = false;
        long replaced;
        try (CountingInputStream body = new CountingInputStream(ex.body())) {
            JsonPointDecoder.Result r = decoder.decode(body, (i, point) -> batch.add(table, point));
            if (!r.ok()) {
                batch.clear();
                counters.rejected(r.badPoints(), r.points());
                throw refusal(table, r);
            }
            long rows = batch.rows();
            long points = batch.points();
            replaced = batch.commit().rowsReplaced(); // returns once durable per wal.sync
            committed = true;
            counters.accepted(rows, points, body.count()); // body bytes after gzip inflation
            counters.replaced(replaced);
        } finally {
            if (!committed) {
                batch.clear();
            }
        }
        ex.responseHeader(dev.sundial.server.write.LineProtocolWrite.ROWS_REPLACED_HEADER, Long.toString(replaced));
        ex.empty(204);
    }

    static Precision precision(String text) {
        if (text == null || text.isEmpty()) {
            return Precision.MILLISECONDS;
        }
        try {
            return Precision.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cannot read timestamps [precision=" + text + "]: unknown precision; expected ns, us, ms or s");
        }
    }

    private static HttpError refusal(String table, JsonPointDecoder.Result r) {
        String message = "cannot write points to table " + table + ": " + r.badPoints() + " bad point(s) of " + r.points()
                + "; nothing of this request was written";
        List<Map<String, Object>> listed = new ArrayList<>();
        for (PointError e : r.errors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", e.index());
            m.put("field", e.field());
            m.put("reason", e.reason());
            listed.add(m);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bad_points", r.badPoints());
        details.put("points", listed);
        return new HttpError(400, message, details);
    }
}
