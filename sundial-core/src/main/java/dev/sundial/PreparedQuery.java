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

    /** What a statement does to the database, for access control (a server's token scopes). */
    enum Access {
        /** Reads data or settings: SELECT, EXPLAIN, SHOW, DESCRIBE, and SET of a session setting. */
        READ,
        /** Changes rows: INSERT, DELETE. */
        WRITE,
        /** Changes the schema or runs maintenance: CREATE, ALTER, DROP, CALL. */
        ADMIN
    }

    /** What this statement does (see {@link Access}), from its {@link #kind()}. */
    default Access access() {
        return switch (kind()) {
            case SELECT, EXPLAIN, SHOW, SET -> Access.READ; // SET changes a session setting, nothing stored
            case INSERT, DELETE -> Access.WRITE;
            case DDL, CALL -> Access.ADMIN;
        };
    }

    /**
     * The kind of statement, finer than {@link Access}: for monitoring (a server counts queries and
     * their latency by kind). A fixed set, so it may label a metric.
     */
    enum Kind {
        /** SELECT. */
        SELECT,
        /** EXPLAIN [ANALYZE]. */
        EXPLAIN,
        /** SHOW TABLES, SHOW MAINTENANCE, SHOW of a setting, DESCRIBE. */
        SHOW,
        /** SET of a session setting. */
        SET,
        /** INSERT. */
        INSERT,
        /** DELETE. */
        DELETE,
        /** CREATE TABLE, ALTER TABLE, DROP TABLE. */
        DDL,
        /** CALL (maintenance procedures). */
        CALL
    }

    /** The kind of this statement (see {@link Kind}). */
    Kind kind();
}
