package dev.sundial.server;

import dev.sundial.Sundial;
import dev.sundial.server.http.HttpError;
import java.util.function.Supplier;

/**
 * The database the endpoints use, once it is open. The server listens before the database has
 * replayed its WAL (so {@code /health} answers and {@code /ready} says "not yet"); until then
 * every endpoint that needs the database answers 503. Thread-safe.
 */
final class DatabaseSlot implements Supplier<Sundial> {
    private volatile Sundial db;
    private volatile boolean closing;

    void attach(Sundial sundial) {
        this.db = sundial;
    }

    void closing() {
        closing = true;
    }

    boolean ready() {
        return db != null && !closing;
    }

    /** The database when it serves requests, else null (for {@code /metrics}: no 503, just fewer metrics). */
    Sundial current() {
        return closing ? null : db;
    }

    @Override
    public Sundial get() {
        Sundial s = db;
        if (s == null) {
            throw new HttpError(503, "cannot serve the request: the database is still opening (replaying its WAL); see /ready");
        }
        if (closing) {
            throw new HttpError(503, "cannot serve the request: the server is shutting down");
        }
        return s;
    }
}
