package dev.sundial;

/**
 * Service interface through which {@link Sundial#sql} and {@link Session#sql} reach the SQL module
 * ({@code sundial-sql}, found with {@link java.util.ServiceLoader}); core does not depend on it.
 * Implementations are thread-safe.
 */
public interface SqlEngine {
    /**
     * Parses and analyzes {@code sql} against {@code session.database()}; throws
     * {@link QueryException} on errors. Executions read the session's settings when they run.
     */
    PreparedQuery prepare(Session session, String sql);
}
