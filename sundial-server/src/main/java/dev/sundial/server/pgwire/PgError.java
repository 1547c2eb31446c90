package dev.sundial.server.pgwire;

/**
 * An error to send to the client as an ErrorResponse: its severity ({@code ERROR}, or {@code
 * FATAL} when the connection ends after it), SQLSTATE, message and 1-based position in the
 * statement text (0 when none). Immutable.
 */
final class PgError extends RuntimeException {
    private final boolean fatal;
    private final String sqlState;
    private final int position;

    private PgError(boolean fatal, String sqlState, String message, int position, Throwable cause) {
        super(message, cause);
        this.fatal = fatal;
        this.sqlState = sqlState;
        this.position = position;
    }

    static PgError error(String sqlState, String message) {
        return new PgError(false, sqlState, message, 0, null);
    }

    static PgError error(String sqlState, String message, int position, Throwable cause) {
        return new PgError(false, sqlState, message, position, cause);
    }

    /** An error after which the server closes the connection. */
    static PgError fatal(String sqlState, String message) {
        return new PgError(true, sqlState, message, 0, null);
    }

    boolean isFatal() {
        return fatal;
    }

    String sqlState() {
        return sqlState;
    }

    int position() {
        return position;
    }

    /** Writes this error as an ErrorResponse (fields S, V, C, M, P). */
    void write(PgWriter w) throws java.io.IOException {
        String severity = fatal ? "FATAL" : "ERROR";
        w.begin('E');
        w.int8('S').cstring(severity);
        w.int8('V').cstring(severity);
        w.int8('C').cstring(sqlState);
        w.int8('M').cstring(getMessage() == null ? "unknown error" : getMessage());
        if (position > 0) {
            w.int8('P').cstring(Integer.toString(position));
        }
        w.int8(0);
        w.end();
    }
}
