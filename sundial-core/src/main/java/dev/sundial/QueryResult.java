package dev.sundial;

import java.util.List;

/**
 * The result of one SQL statement, streamed row by row: a {@code SELECT} over a billion rows does
 * not materialize. Statements without rows (DDL, {@code INSERT}, {@code DELETE}) have no columns
 * and report {@link #updateCount()} and {@link #message()}.
 *
 * <pre>{@code
 * try (QueryResult r = db.sql("SELECT host, max(v) FROM m GROUP BY host")) {
 *     while (r.next()) {
 *         System.out.println(r.getString(0) + " " + r.getDouble(1));
 *     }
 * }
 * }</pre>
 *
 * <p>Getters read the current row; calling one on a NULL value returns 0/false/null (check
 * {@link #isNull}). Timestamps are read with {@link #getLong} as epoch nanoseconds. Errors while
 * streaming (I/O, limits, timeout) are thrown from {@link #next()} as {@link QueryException}.
 * Close it to release the snapshot of the tables it reads. Not thread-safe.
 */
public interface QueryResult extends AutoCloseable {
    List<ResultColumn> columns();

    /** Advances to the next row; false at the end. */
    boolean next();

    boolean isNull(int column);

    /** BIGINT values, and TIMESTAMP values as epoch nanoseconds, and INTERVAL values as nanoseconds. */
    long getLong(int column);

    double getDouble(int column);

    boolean getBoolean(int column);

    String getString(int column);

    /** The value boxed: Long, Double, Boolean, String, {@link java.time.Instant} for timestamps, or null. */
    Object getObject(int column);

    /** Rows changed by INSERT or DELETE, or -1 for queries. */
    long updateCount();

    /** A short status for statements without rows ("CREATE TABLE", "INSERT 0 3", …), or null. */
    String message();

    /**
     * The rollup level the statement's aggregation read ({@code 1m}, {@code 1h}, …: the coarsest
     * when several tile the range; the edges, the not yet rolled-up tail and dirty buckets are read
     * raw all the same), {@code raw} when it read raw rows only, or null when the statement
     * aggregates no table. Known once the result is returned (the plan is made by then).
     */
    default String rollupLevel() {
        return null;
    }

    /**
     * The time zone the statement's session had set ({@code SET timezone}), in which its
     * timestamps are to be printed with their offset; null when none was set: they print in UTC,
     * as ISO-8601 with {@code Z}. The values themselves ({@link #getLong}) are instants either way.
     */
    default java.time.ZoneId timeZone() {
        return null;
    }

    @Override
    void close();
}
