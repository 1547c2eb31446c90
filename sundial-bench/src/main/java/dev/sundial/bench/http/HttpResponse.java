package dev.sundial.bench.http;

import java.nio.charset.StandardCharsets;

/**
 * A response as the sender needs it: status, whether the connection stays open, and the start of the
 * body (up to {@link HttpClientConnection#KEPT_BODY_BYTES} bytes, enough for an error message; the
 * rest is read and dropped). Immutable.
 *
 * @param status     the status code
 * @param reason     the reason phrase, possibly empty
 * @param keepAlive  whether the server keeps the connection open for another request
 * @param bodyLength the whole body's length in bytes
 * @param bodyStart  the body's first bytes
 */
public record HttpResponse(int status, String reason, boolean keepAlive, long bodyLength, byte[] bodyStart) {
    boolean success() {
        return status >= 200 && status < 300;
    }

    /** The kept body as UTF-8, with "…" when it was longer. */
    String bodyText() {
        String s = new String(bodyStart, StandardCharsets.UTF_8).strip();
        return bodyLength > bodyStart.length ? s + "…" : s;
    }
}
