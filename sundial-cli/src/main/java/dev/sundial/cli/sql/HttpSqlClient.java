package dev.sundial.cli.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code sundial sql --url}: runs statements on a server through {@code POST /api/v1/sql} and
 * hands back each answer as a streaming {@link QueryResult} ({@link RemoteQueryResult}), so every
 * output format prints a remote result exactly as a local one. A 4xx answer becomes the same
 * {@link QueryException} (with its position) a local run would throw. Thread-safe.
 */
public final class HttpSqlClient {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final URI endpoint;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code base}: {@code http://host:port}; {@code token}: sent as a bearer token when not null. */
    public HttpSqlClient(URI base, String token) {
        String b = base.toString();
        if (!b.startsWith("http://") && !b.startsWith("https://")) {
            throw new IllegalArgumentException("cannot use --url " + base + ": expected http://HOST:PORT or https://HOST:PORT");
        }
        this.endpoint = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/api/v1/sql");
        this.token = token;
    }

    /** Runs {@code sql} with {@code params}; the caller closes the result. */
    public QueryResult execute(String sql, List<Object> params) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestJson(sql, params)));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new IOException("cannot connect to " + endpoint + ": connection refused (is 'sundial serve' running there?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("cannot run statement: interrupted", e);
        }
        if (resp.statusCode() != 200) {
            try (InputStream in = resp.body()) {
                throw error(resp.statusCode(), in.readAllBytes(), sql);
            }
        }
        return RemoteQueryResult.read(JSON.createParser(resp.body()), sql);
    }

    private static byte[] requestJson(String sql, List<Object> params) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(sql.length() + 64);
        try (JsonGenerator g = JSON.createGenerator(b)) {
            g.writeStartObject();
            g.writeStringField("query", sql);
            g.writeArrayFieldStart("params");
            for (Object p : params) {
                g.writeString(String.valueOf(p)); // --param values are text, as for a local run
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return b.toByteArray();
    }

    /** The exception an error answer stands for: a statement error with its position, or the server's refusal. */
    private RuntimeException error(int status, byte[] body, String sql) throws IOException {
        String message = null;
        int position = 0;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("error")) {
                        message = p.getValueAsString();
                    } else if (name.equals("position")) {
                        position = p.getValueAsInt();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            message = null; // not our JSON (a proxy's page): reported with the status below
        }
        if (message == null) {
            message = "the server answered " + status + ": " + new String(body, StandardCharsets.UTF_8).strip();
        }
        if (status == 401 || status == 403) {
            return new IllegalArgumentException(message + " (give a token with --token or SUNDIAL_TOKEN)");
        }
        if (status == 400 && position > 0) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < position - 1 && i < sql.length(); i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new QueryException(message, sql, position, line, position - lineStart, null);
        }
        return new QueryException(message);
    }
}
