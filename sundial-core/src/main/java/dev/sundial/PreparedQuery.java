package dev.sundial;

/**
 * A statement parsed once and run many times with parameters ({@code ?} or {@code $1}, {@code $2}
 * … in the text). Thread-safe: each {@link #execute} gets its own result.
 */
public interface PreparedQuery {
    /** Number of parameters the statement takes. */
    int parameterCount();

    /** Runs the statement with {@code params} bound in order (Long, Integer, Double, String, Boolean, Instant or null). */
    QueryResult execute(Object... params);

    /** The statement's text. */
    String sql();
}
