package dev.sundial.server.rest;

import dev.sundial.server.http.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the hand-written OpenAPI 3.1 description of every route the server
 * serves ({@code openapi.json} beside this class; {@code OpenApiTest} fails when a route is
 * missing from it or it describes one the server lacks). It needs a read token once tokens exist,
 * like every endpoint but {@code /health} and {@code /ready} (issue 9: a locked-down server says
 * nothing to strangers, not even its API's shape). Thread-safe: the bytes are read once.
 */
public final class OpenApi {
    static final String RESOURCE = "openapi.json";
    private final byte[] document;

    public OpenApi() {
        this.document = load();
    }

    /** The document's bytes, as served. */
    public static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("BUG: " + RESOURCE + " is missing from the class path beside " + OpenApi.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public void handle(Exchange ex) throws IOException {
        ex.begin(200, "application/json");
        ex.output().write(document);
    }
}
