package dev.sundial.server.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.SqlType;
import dev.sundial.Sundial;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.http.DeferredCommitStream;
import dev.sundial.server.http.Exchange;
import dev.sundial.server.http.HttpError;
import dev.sundial.server.metrics.QueryMetrics;
import dev.sundial.sql.output.CsvPrinter;
import dev.sundial.sql.output.JsonPrinter;
import dev.sundial.sql.output.ResultPrinter;
import dev.sundial.sql.output.TimestampText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code GET|POST /api/v1/sql}: one SQL statement, from the {@code q} parameter (query string or
 * form body), from a JSON body {@code {"query": …, "params": […]}}, or from the body as text. The
 * answer streams: JSON in the shape of {@code sundial sql --format json} ({@code
 * {"columns":[…],"rows":[[…]…],"row_count":N,"elapsed_ms":X}}; a statement without rows gives
 * {@code {"message":…,"update_count":N,"elapsed_ms":X}}), or CSV with {@code format=csv}.
 *
 * <p>Errors before the first bytes are sent are a 4xx JSON ({@code {"error":…, "position":…}}).
 * An error while rows stream (a time limit reached late) cannot change the status any more: JSON
 * then ends with {@code "error": …} after the rows, and CSV is cut off (the response is aborted, so
 * a client never takes a partial CSV for a whole one).
 *
 * <p>A token's scope must cover the statement: read for queries, write for INSERT and DELETE,
 * admin for DDL and CALL. Queries beyond {@code limits.max_concurrent_queries} wait for a slot up
 * to {@code limits.query_queue_ms}, then get 503. Every statement, from parsing to the end of its
 * answer, is reported to {@link QueryMetrics} once. Thread-safe.
 */
public final class SqlEndpoint {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** Bytes held before the response is committed: errors found by then still get a proper 4xx. */
    private static final int COMMIT_AFTER_BYTES = 64 << 10;

    private final Supplier<Sundial> db;
    private final QuerySlots slots;
    private final QueryMetrics metrics;

    public SqlEndpoint(Supplier<Sundial> db, QuerySlots slots, QueryMetrics metrics) {
        this.db = db;
        this.slots = slots;
        this.metrics = metrics;
    }

    /** The statement and its parameters as the request gives them. */
    record SqlRequest(String query, List<Object> params, String format) {
    }

    public void handle(Exchange ex) throws Exception {
        long start = System.nanoTime();
        SqlRequest req = read(ex);
        String format = req.format() == null ? "json" : req.format().toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("csv")) {
            throw HttpError.badRequest("cannot run query [format=" + req.format() + "]: expected json or csv");
        }
        if (req.query() == null || req.query().isBlank()) {
            throw HttpError.badRequest("cannot run query: no SQL given (the q parameter, a JSON body {\"query\": …} or the body as text)");
        }
        Sundial sundial = db.get();
        long parseStart = System.nanoTime();
        PreparedQuery.Kind kind = null;
        boolean ok = false;
        try {
            dev.sundial.Session session = sundial.session();
            String tz = ex.param("timezone");
            if (tz != null) {
                // each request is a session of its own: ?timezone=Europe/Paris is its SET timezone
                try {
                    dev.sundial.sql.function.TimeZoneSetting.Value z = dev.sundial.sql.function.TimeZoneSetting.parse(tz);
                    session.setTimeZone(z.zone(), z.name());
                } catch (dev.sundial.QueryException e) {
                    throw HttpError.badRequest(e.getMessage());
                }
            }
            PreparedQuery q = session.prepare(req.query());
            kind = q.kind();
            checkScope(ex, q);
            if (q.parameterCount() != req.params().size()) {
                throw HttpError.badRequest("cannot run query: it takes " + q.parameterCount() + " parameter(s) but "
                        + req.params().size() + " were given");
            }
            try (QuerySlots.Slot slot = slots.acquire()) {
                try (QueryResult r = q.execute(req.params().toArray())) {
                    if (format.equals("csv")) {
                        csv(ex, r);
                        ok = true;
                    } else {
                        ok = json(ex, r, start);
                    }
                }
            }
        } finally {
            metrics.observe(QueryMetrics.Protocol.HTTP, kind, System.nanoTime() - parseStart, ok);
        }
    }

    private void checkScope(Exchange ex, PreparedQuery q) {
        Scope needed = switch (q.access()) {
            case READ -> Scope.READ;
            case WRITE -> Scope.WRITE;
            case ADMIN -> Scope.ADMIN;
        };
        Scope has = ex.scope();
        if (!has.implies(needed)) {
            throw new HttpError(403, "cannot run statement: it needs a token with " + needed.name().toLowerCase(Locale.ROOT)
                    + " scope, this one has " + has.name().toLowerCase(Locale.ROOT));
        }
    }

    /** Streams the result as JSON; false when an error cut the rows short after the response was committed. */
    private static boolean json(Exchange ex, QueryResult r, long start) throws IOException {
        ex.begin(200, "application/json");
        DeferredCommitStream out = new DeferredCommitStream(ex.output(), ex.response(), COMMIT_AFTER_BYTES);
        JsonGenerator g = JSON.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        if (r.columns().isEmpty()) {
            g.writeStringField("message", ResultPrinter.status(r));
            if (r.updateCount() >= 0) {
                g.writeNumberField("update_count", r.updateCount());
            }
        } else {
            SqlType[] types = JsonPrinter.writeColumns(r.columns(), g);
            g.writeArrayFieldStart("rows");
            long rows = 0;
            TimestampText times = new TimestampText();
            try {
                while (r.next()) {
                    JsonPrinter.writeRow(r, types, g, times);
                    rows++;
                }
            } catch (RuntimeException e) {
                if (!out.committed()) {
                    out.discard();
                    throw e; // nothing sent yet: a proper 4xx
                }
                g.writeEndArray();
                g.writeNumberField("row_count", rows);
                g.writeStringField("error", e.getMessage());
                g.writeEndObject();
                g.close();
                out.write('\n');
                out.close();
                return false;
            }
            g.writeEndArray();
            g.writeNumberField("row_count", rows);
        }
        g.writeNumberField("elapsed_ms", (System.nanoTime() - start) / 1e6);
        g.writeEndObject();
        g.close();
        out.write('\n');
        out.close();
        return true;
    }

    private static void csv(Exchange ex, QueryResult r) throws IOException {
        ex.begin(200, "text/csv; charset=utf-8");
        DeferredCommitStream out = new DeferredCommitStream(ex.output(), ex.response(), COMMIT_AFTER_BYTES);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 14);
        try {
            new CsvPrinter().print(r, w);
        } catch (RuntimeException e) {
            w.flush();
            if (!out.committed()) {
                out.discard();
            }
            throw e; // committed: the router aborts the response
        }
        w.close();
    }

    private static SqlRequest read(Exchange ex) throws IOException {
        String format = ex.param("format");
        String q = ex.param("q");
        if (ex.method().equals("GET") || q != null) {
            return new SqlRequest(q, params(ex.param("params")), format);
        }
        String type = ex.header(HttpHeader.CONTENT_TYPE);
        String body = ex.bodyText();
        String mime = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (mime.startsWith("application/json")) {
            return fromJson(body, format);
        }
        if (mime.startsWith("application/x-www-form-urlencoded")) {
            String fq = null;
            String fp = null;
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (k) {
                    case "q" -> fq = v;
                    case "params" -> fp = v;
                    case "format" -> format = format == null ? v : format;
                    default -> {
                    }
                }
            }
            return new SqlRequest(fq, params(fp), format);
        }
        return new SqlRequest(body, List.of(), format);
    }

    /** {@code params} in a query string: a JSON array ({@code [1, "a", true]}). */
    private static List<Object> params(String text) throws IOException {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw HttpError.badRequest("cannot read params: expected a JSON array, e.g. [1, \"a\"]");
            }
            return readArray(p);
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("cannot read params: " + e.getOriginalMessage());
        }
    }

    private static SqlRequest fromJson(String body, String format) throws IOException {
        String query = null;
        List<Object> values = List.of();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw HttpError.badRequest("cannot read request: expected a JSON object {\"query\": …, \"params\": […]}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "query" -> {
                        if (t != JsonToken.VALUE_STRING) {
                            throw HttpError.badRequest("cannot read request: \"query\" must be a string");
                        }
                        query = p.getText();
                    }
                    case "params" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw HttpError.badRequest("cannot read request: \"params\" must be an array");
                        }
                        values = readArray(p);
                    }
                    case "format" -> format = format == null ? p.getValueAsString() : format;
                    default -> throw HttpError.badRequest("cannot read request: unknown field \"" + name
                            + "\" (expected query, params, format)");
                }
            }
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("cannot read request: invalid JSON: " + e.getOriginalMessage());
        }
        return new SqlRequest(query, values, format);
    }

    /** The values of an array whose START_ARRAY was read: numbers, strings, booleans, null. */
    private static List<Object> readArray(JsonParser p) throws IOException {
        List<Object> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            switch (t) {
                case VALUE_NUMBER_INT -> out.add(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getText() : (Object) p.getLongValue());
                // from the text, not getDoubleValue(): Jackson 2.18 returns the previous BIG_INTEGER's
                // value for a float that follows one in the same array (fixed in 2.20)
                case VALUE_NUMBER_FLOAT -> out.add(Double.parseDouble(p.getText()));
                case VALUE_STRING -> out.add(p.getText());
                case VALUE_TRUE -> out.add(Boolean.TRUE);
                case VALUE_FALSE -> out.add(Boolean.FALSE);
                case VALUE_NULL -> out.add(null);
                default -> throw HttpError.badRequest("cannot read params: only numbers, strings, booleans and null are allowed");
            }
        }
        return out;
    }
}
