package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import dev.sundial.Session;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-statement execution state shared by its operators and worker threads: the deadline, the
 * memory budget, cancellation, the time the statement started ({@code now()}), and the session
 * settings the planner reads ({@link #rollupsEnabled()}). Cancelled by {@link #cancel()} or by its
 * session's {@link Session#cancelRunning} after it started. Thread-safe.
 */
public final class QueryContext {
    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private final long timeoutMillis;
    private final MemoryBudget memory;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final boolean analyze;
    private volatile boolean rollupsEnabled;
    /** The coarsest rollup level an aggregate scan of the statement reads, "raw", or null (none planned). */
    private volatile String levelRead;
    private volatile long levelReadNanos = -1;
    /** The session whose {@link Session#cancelRunning} stops this statement, or null; and its count when it started. */
    private final Session session;
    private final long sessionCancels;

    public QueryContext(long timeoutMillis, long memoryBytes, boolean analyze) {
        this(timeoutMillis, memoryBytes, analyze, true);
    }

    /** @param rollupsEnabled the session's {@code rollups} setting: false makes the planner read raw data only */
    public QueryContext(long timeoutMillis, long memoryBytes, boolean analyze, boolean rollupsEnabled) {
        this(timeoutMillis, memoryBytes, analyze, rollupsEnabled, null);
    }

    /**
     * @param session a session whose {@link Session#cancelRunning} called from now on cancels this
     *                statement (null: only {@link #cancel()} does)
     */
    public QueryContext(long timeoutMillis, long memoryBytes, boolean analyze, boolean rollupsEnabled, Session session) {
        this.session = session;
        this.sessionCancels = session == null ? 0 : session.cancelCount();
        this.rollupsEnabled = rollupsEnabled;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = timeoutMillis <= 0 ? Long.MAX_VALUE : startNanos + timeoutMillis * 1_000_000L;
        this.memory = new MemoryBudget(memoryBytes);
        this.analyze = analyze;
    }

    /** Overrides the session's setting for this statement. */
    public void setRollupsEnabled(boolean on) {
        rollupsEnabled = on;
    }

    public MemoryBudget memory() {
        return memory;
    }

    /** True under EXPLAIN ANALYZE: operators time themselves. */
    public boolean analyze() {
        return analyze;
    }

    /** The session's {@code SET rollups = on|off} (default on): whether the planner may read rollup levels. */
    public boolean rollupsEnabled() {
        return rollupsEnabled;
    }

    /**
     * Records what an aggregate scan of the statement reads: a rollup level of {@code nanos} wide,
     * or raw rows ({@code name} "raw", {@code nanos} 0). The coarsest wins, so a statement with
     * several aggregate scans reports the level that did the most. Called while planning (one thread).
     */
    public void noteLevelRead(String name, long nanos) {
        if (nanos > levelReadNanos) {
            levelRead = name;
            levelReadNanos = nanos;
        }
    }

    /** What {@link #noteLevelRead} recorded: {@code 1h}, {@code raw}, or null. */
    public String levelRead() {
        return levelRead;
    }

    public void cancel() {
        cancelled.set(true);
    }

    /** Throws when the statement is past its deadline or cancelled; called once per batch. */
    public void check() {
        if (cancelled.get() || (session != null && session.cancelCount() != sessionCancels)) {
            throw new QueryException("canceling statement due to user request");
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new QueryException("canceling statement due to statement timeout: it ran longer than " + timeoutMillis
                    + " ms (the query time limit: limits.query_timeout_ms on a server, SundialOptions.queryTimeoutMillis embedded)");
        }
    }
}
