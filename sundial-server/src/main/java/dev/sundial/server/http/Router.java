package dev.sundial.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.QueryException;
import dev.sundial.server.auth.Authenticator;
import dev.sundial.server.auth.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server's one Jetty handler: finds the {@link Route} for a request (404, or 405 with {@code
 * Allow}), checks its credential against the route's scope (401 without a known one, 403 for too
 * small a scope, once any token exists), runs the route's handler on the request thread and turns
 * what it throws into a JSON error ({@code {"error": …}}): {@link HttpError} as given, a {@link
 * QueryException} as 400 with its {@code position}, an {@link IllegalArgumentException} as 400,
 * anything else as 500 (logged with its stack trace: that is our bug). Every finished request is
 * reported to the {@link RequestListener} (metrics). Thread-safe: routes are fixed at construction.
 */
public final class Router extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Told of every finished request (for {@code /metrics}). Must be thread-safe and quick. */
    @FunctionalInterface
    public interface RequestListener {
        void finished(String route, String method, int status, long nanos);
    }

    private final List<Route> routes;
    private final Authenticator auth;
    private final long maxBodyBytes;
    private final RequestListener listener;

    public Router(List<Route> routes, Authenticator auth, long maxBodyBytes, RequestListener listener) {
        super(InvocationType.BLOCKING);
        this.routes = List.copyOf(routes);
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
        this.listener = listener;
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = request.getHttpURI().getDecodedPath();
        List<String> segments = Route.segments(path == null || path.isEmpty() ? "/" : path);
        Route route = null;
        Map<String, String> params = null;
        Set<String> allowed = null; // the methods of routes whose path matches, only for a 405

        for (Route r : routes) {
            Map<String, String> p = r.match(segments);
            if (p == null) {
                continue;
            }
            if (r.methods().contains(request.getMethod())) {
                route = r;
                params = p;
                break;
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.addAll(r.methods());
        }
        Exchange ex = new Exchange(request, response, params == null ? Map.of() : params, maxBodyBytes);
        ex.routeName(route == null ? "other" : route.pattern());
        try {
            if (route == null) {
                if (allowed != null) {
                    response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
                    throw new HttpError(405, "cannot " + request.getMethod() + " " + path + ": allowed methods are "
                            + String.join(", ", allowed));
                }
                throw new HttpError(404, "cannot find " + path + ": no such endpoint (see /api/openapi.json)");
            }
            authorize(ex, route.scope());
            route.handler().handle(ex);
            OutputStream out = ex.openedOutput();
            if (out != null) {
                out.close();
            }
            callback.succeeded();
        } catch (Throwable t) {
            fail(ex, t, callback);
        } finally {
            listener.finished(ex.routeName(), request.getMethod(), response.getStatus(), System.nanoTime() - start);
        }
        return true;
    }

    private void authorize(Exchange ex, Scope needed) {
        if (needed == null || auth.open()) {
            return;
        }
        String secret = credential(ex);
        if (secret == null) {
            ex.response().getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"sundial\"");
            throw new HttpError(401, "cannot " + ex.method() + " " + ex.path()
                    + ": a token is required (Authorization: Bearer <token>; create one with 'sundial token add')");
        }
        Optional<Scope> scope = auth.scopeOf(secret);
        if (scope.isEmpty()) {
            ex.response().getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"sundial\", error=\"invalid_token\"");
            throw new HttpError(401, "cannot " + ex.method() + " " + ex.path() + ": unknown token");
        }
        ex.scope(scope.get());
        if (!scope.get().implies(needed)) {
            throw new HttpError(403, "cannot " + ex.method() + " " + ex.path() + ": the token's scope is "
                    + scope.get().name().toLowerCase() + ", this needs " + needed.name().toLowerCase());
        }
    }

    /**
     * The presented secret: {@code Authorization: Bearer|Token <secret>}, HTTP Basic with the token
     * as the password (InfluxDB v1 clients), or the v1 {@code p} query parameter.
     */
    static String credential(Exchange ex) {
        String h = ex.header(HttpHeader.AUTHORIZATION);
        if (h != null) {
            h = h.strip();
            int sp = h.indexOf(' ');
            String kind = sp < 0 ? h : h.substring(0, sp);
            String value = sp < 0 ? "" : h.substring(sp + 1).strip();
            if (kind.equalsIgnoreCase("Bearer") || kind.equalsIgnoreCase("Token")) {
                return value.isEmpty() ? null : value;
            }
            if (kind.equalsIgnoreCase("Basic")) {
                try {
                    String userPass = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                    int colon = userPass.indexOf(':');
                    return colon < 0 ? null : userPass.substring(colon + 1);
                } catch (IllegalArgumentException e) {
                    throw HttpError.badRequest("cannot read Authorization header: invalid Basic credentials");
                }
            }
            throw new HttpError(401, "cannot read Authorization header: expected 'Bearer <token>' or 'Token <token>'");
        }
        return ex.param("p");
    }

    private void fail(Exchange ex, Throwable t, Callback callback) {
        HttpError error = asHttpError(t);
        if (error == null) { // the client went away: nothing to answer
            LOG.log(Level.FINE, "client closed the connection during " + ex.method() + " " + ex.path(), t);
            callback.failed(t);
            return;
        }
        if (ex.committed()) {
            // headers and part of the body are out: the only honest signal left is an aborted response
            LOG.log(Level.WARNING, "cannot finish " + ex.method() + " " + ex.path() + ": " + error.getMessage());
            callback.failed(t);
            return;
        }
        try {
            ex.response().reset();
            if (ex.request().getLength() != 0) {
                // the request's body may be partly unread (refused before or while reading it): Jetty
                // then closes the connection, so say so, or a client reuses it and loses its next request
                ex.response().getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            byte[] body = errorJson(ex.path().startsWith("/api/v2/") ? forInfluxV2(error) : error);
            ex.response().setStatus(error.status());
            ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            ex.response().write(true, java.nio.ByteBuffer.wrap(body), callback);
        } catch (Throwable again) {
            t.addSuppressed(again);
            callback.failed(t);
        }
    }

    /** The error a throwable answers with, or null when the client disconnected. */
    static HttpError asHttpError(Throwable t) {
        if (t instanceof HttpError h) {
            return h;
        }
        if (t instanceof EofException) {
            return null;
        }
        if (t instanceof QueryException q) {
            return q.position() > 0 ? new HttpError(400, q.getMessage(), Map.of("position", q.position()))
                    : new HttpError(400, q.getMessage());
        }
        if (t instanceof IllegalArgumentException || t instanceof dev.sundial.ingest.IngestException) {
            return HttpError.badRequest(t.getMessage());
        }
        LOG.log(Level.SEVERE, "internal error", t);
        return new HttpError(500, "internal error: " + t);
    }

    /**
     * The error with InfluxDB v2's {@code code} and {@code message} fields too (its clients show
     * {@code message}), unless the route set them.
     */
    static HttpError forInfluxV2(HttpError e) {
        if (e.details().containsKey("message")) {
            return e;
        }
        Map<String, Object> d = new java.util.LinkedHashMap<>(e.details());
        d.put("code", switch (e.status()) {
            case 400, 413, 415 -> "invalid";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 503 -> "unavailable";
            default -> "internal error";
        });
        d.put("message", e.getMessage());
        return new HttpError(e.status(), e.getMessage(), d);
    }

    /** {@code {"error": message, …details}}. */
    static byte[] errorJson(HttpError e) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("error", e.getMessage());
            for (Map.Entry<String, Object> d : e.details().entrySet()) {
                g.writeFieldName(d.getKey());
                writeValue(g, d.getValue());
            }
            g.writeEndObject();
        }
        buf.write('\n');
        return buf.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            case List<?> list -> {
                g.writeStartArray();
                for (Object o : list) {
                    writeValue(g, o);
                }
                g.writeEndArray();
            }
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> en : m.entrySet()) {
                    g.writeFieldName(String.valueOf(en.getKey()));
                    writeValue(g, en.getValue());
                }
                g.writeEndObject();
            }
            default -> g.writeString(v.toString());
        }
    }

    /** The routes' patterns and methods (for the OpenAPI check and docs). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(String.join(",", new java.util.TreeSet<>(r.methods())) + " " + r.pattern());
        }
        return out;
    }
}
