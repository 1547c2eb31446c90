package dev.sundial;

/**
 * Service interface through which {@link Sundial#sql} reaches the SQL module ({@code sundial-sql},
 * found with {@link java.util.ServiceLoader}); core does not depend on it. Implementations are
 * thread-safe.
 */
public interface SqlEngine {
    /** Parses and analyzes {@code sql} against {@code db}; throws {@link QueryException} on errors. */
    PreparedQuery prepare(Sundial db, String sql);
}
