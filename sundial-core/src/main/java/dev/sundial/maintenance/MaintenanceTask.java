package dev.sundial.maintenance;

import java.io.IOException;
import java.util.List;

/**
 * One kind of background work the maintenance scheduler runs: flush, rollup builds, retention,
 * compaction, tier moves. Work is done in bounded steps (one table, one partition, one rollup
 * range) so that the scheduler can interleave kinds, report progress and stop between steps.
 *
 * <p>Contract: {@link #pending()} is cheap (metadata only, no file reads) and may be called from any
 * thread; {@link #runStep()} is called by one scheduler thread at a time per task and must be safe
 * against concurrent writes and queries (it takes the engine's locks only to commit, never while
 * reading or writing files), and against other tasks' steps. Implementations are thread-safe.
 */
public interface MaintenanceTask {
    /** Short lowercase name shown in {@code SHOW MAINTENANCE}: {@code flush}, {@code rollup}, … */
    String name();

    /** What this task would do now, one line per item (e.g. "table cpu: 3 dirty 1m buckets"); empty when idle. */
    List<String> pending();

    /**
     * Runs one bounded step of the pending work.
     *
     * @return one line saying what was done (e.g. "table cpu: built level 1h for 2024-01-01 .. 2024-01-02"),
     *         or null when nothing was pending
     * @throws IOException the step failed; what it had not committed is left as it was and stays pending
     */
    String runStep() throws IOException;
}
