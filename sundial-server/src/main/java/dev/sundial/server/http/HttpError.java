package dev.sundial.server.http;

import java.util.Map;

/**
 * A request the server refuses, with the status and the message the client gets as {@code
 * {"error": message, …details}}. A user's mistake or a limit, never a bug of ours (those are
 * {@code IllegalStateException("BUG: …")} and answer 500).
 */
public final class HttpError extends RuntimeException {
    private final int status;
    private final Map<String, Object> details;

    public HttpError(int status, String message) {
        this(status, message, Map.of());
    }

    /** {@code details}: more fields of the JSON body (values: strings, numbers, lists or maps of them). */
    public HttpError(int status, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }
}
