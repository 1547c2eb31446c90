package dev.sundial.server.http;

import dev.sundial.server.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * One HTTP request and its response as a route handler sees them, in blocking style (the handler
 * runs on a request thread; reading the body blocks until bytes arrive, writing blocks under
 * back-pressure). Query parameters, path parameters and the body (with the size limit and gzip
 * applied, see {@link RequestBody}) are here. Used by one thread.
 */
public final class Exchange {
    private final Request request;
    private final Response response;
    private final Map<String, String> pathParams;
    private final long maxBodyBytes;
    private Fields query;
    private OutputStream out;
    private String routeName;
    private Scope scope = Scope.ADMIN;

    Exchange(Request request, Response response, Map<String, String> pathParams, long maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.pathParams = pathParams;
        this.maxBodyBytes = maxBodyBytes;
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getPath();
    }

    /** The route's name as {@code /metrics} labels it ({@code /api/timeseries/{table}}, not the table). */
    public String routeName() {
        return routeName;
    }

    void routeName(String name) {
        this.routeName = name;
    }

    /** What the request's credential grants; ADMIN while the server has no tokens (it runs open). */
    public Scope scope() {
        return scope;
    }

    void scope(Scope s) {
        this.scope = s;
    }

    /** A path parameter ({@code {table}}), decoded. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A query-string parameter, or null. */
    public String param(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        }
        Fields.Field f = query.get(name);
        return f == null ? null : f.getValue();
    }

    public String header(HttpHeader h) {
        return request.getHeaders().get(h);
    }

    public String header(String name) {
        HttpField f = request.getHeaders().getField(name);
        return f == null ? null : f.getValue();
    }

    /**
     * The request body as a stream: at most the configured body limit is read (413 past it, counted
     * before and after gzip inflation), {@code Content-Encoding: gzip} is inflated (400 for invalid
     * or truncated gzip). Not buffered whole: parsers stream from it.
     */
    public InputStream body() {
        return RequestBody.open(this, maxBodyBytes);
    }

    /** The whole body as UTF-8 text (for small bodies: SQL text, JSON points); invalid UTF-8 is a 400. */
    public String bodyText() throws IOException {
        try (InputStream in = body()) {
            return RequestBody.utf8(in.readAllBytes());
        }
    }

    /** Sets the status and content type; the body is written with {@link #output()}. */
    public void begin(int status, String contentType) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
    }

    /** The response body stream (closed by the router when the handler returns). */
    public OutputStream output() {
        if (out == null) {
            out = Content.Sink.asOutputStream(response);
        }
        return out;
    }

    /** Sets a response header (before the status and body are sent). */
    public void responseHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Answers with {@code status} and no body (204 for a write). */
    public void empty(int status) {
        response.setStatus(status);
    }

    /** Answers with a complete body of text. */
    public void text(int status, String contentType, String body) throws IOException {
        begin(status, contentType);
        output().write(body.getBytes(StandardCharsets.UTF_8));
    }

    public boolean committed() {
        return response.isCommitted();
    }

    OutputStream openedOutput() {
        return out;
    }
}
