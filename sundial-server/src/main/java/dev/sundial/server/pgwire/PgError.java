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
    /** The CONTEXT field (W): where the error happened, as {@code COPY cpu, line 3, column usage: "abc"}. */
    private final String where;

    private PgError(boolean fatal, String sqlState, String message, int position, Throwable cause) {
        this(fatal, sqlState, message, position, cause, null);
    }

    private PgError(boolean fatal, String sqlState, String message, int position, Throwable cause, String where) {
        super(message, cause);
        this.fatal = fatal;
        this.sqlState = sqlState;
        this.position = position;
        this.where = where;
    }

    /** This error with a CONTEXT field. */
    PgError withWhere(String context) {
        return new PgError(fatal, sqlState, getMessage(), position, getCause(), context);
    }

    String where() {
        return where;
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

    /** Writes this error as an ErrorResponse (fields S, V, C, M, P, W). */
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
        if (where != null) {
            w.int8('W').cstring(where);
        }
        w.int8(0);
        w.end();
    }
}
