package dev.sundial.maintenance;

import dev.sundial.metrics.DurationHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the maintenance steps run since the database opened, per task (flush, rollup,
 * retention, compaction, tiers), by outcome, with their durations: what the bounded
 * {@link MaintenanceScheduler#history()} forgets. A step that found nothing to do is not counted
 * (it is not in the history either). Task names are those registered, so the set of keys is small
 * and fixed. Counters only grow. Thread-safe.
 */
public final class MaintenanceStats {
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();

    MaintenanceStats() {
    }

    /** Counts a step the scheduler ran and recorded in its history. */
    void record(MaintenanceRun run) {
        Task t = tasks.computeIfAbsent(run.task(), name -> new Task());
        (run.ok() ? t.succeeded : t.failed).increment();
        t.durations.record(run.durationNanos());
    }

    /** The figures of every task that ran at least one step, by name. */
    public List<TaskFigures> snapshot() {
        List<TaskFigures> out = new ArrayList<>(tasks.size());
        tasks.forEach((name, t) -> out.add(new TaskFigures(name, t.succeeded.sum(), t.failed.sum(), t.durations.snapshot())));
        out.sort((a, b) -> a.task().compareTo(b.task()));
        return out;
    }

    /**
     * One task's steps.
     *
     * @param task      the task's name
     * @param succeeded steps that did work and succeeded
     * @param failed    steps that failed (each retried at a later trigger)
     * @param durations how long the steps took, successful and failed alike
     */
    public record TaskFigures(String task, long succeeded, long failed, DurationHistogram.Snapshot durations) {
    }

    private static final class Task {
        final LongAdder succeeded = new LongAdder();
        final LongAdder failed = new LongAdder();
        final DurationHistogram durations = DurationHistogram.forTasks();
    }
}
