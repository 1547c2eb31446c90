package dev.sundial.maintenance;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the database's background work — flush, then the registered {@link MaintenanceTask}s
 * (rollup builds, retention, compaction, tier moves) — in bounded steps, and records each step in
 * a bounded {@linkplain #history() history} and in cumulative {@linkplain #stats() counters}.
 *
 * <h2>Threads: one bounded pool of two workers, one of them reserved for flush</h2>
 * <ul>
 *   <li>{@code sundial-flush} runs only the flush task: when writers ask for it (memory or WAL
 *       pressure, {@link #requestFlush()}) and every {@code flushIntervalMillis}. It is a reserved
 *       slot because a memory-pressure flush must never wait behind a long compaction or rollup
 *       step: writers past twice the head budget block in {@link #awaitFlush()} until it is done.</li>
 *   <li>{@code sundial-maintenance} runs every other task, one step at a time: after each flush
 *       (which creates work: new segments to roll up, compact, expire) and every
 *       {@code intervalMillis} (retention and tier moves depend on the clock, not on writes). One
 *       worker only: Sundial targets small machines (2 cores), and these steps read and write whole
 *       partitions, so a second worker would take CPU and I/O from ingest and queries rather than
 *       finish sooner.</li>
 * </ul>
 * A round of the task worker makes passes over the tasks in registration order, one step of each
 * task with pending work per pass (so one busy task does not starve the others), until no task
 * has pending work. A failed step is logged, recorded with its error, and its task is left alone
 * until the next trigger (no retry in a hot loop); a task is also left alone for the rest of a
 * round after {@code maxStepsPerTask} steps, so one that never settles cannot hold the worker.
 *
 * <p>Triggers ({@link #requestFlush()}, {@link #trigger()}) return at once: each sets one flag, so
 * requests arriving while a round runs coalesce into one more round. The scheduler holds no engine
 * lock: steps take the engine's locks themselves, only to commit (the {@link MaintenanceTask} contract).
 *
 * <p>On demand, {@link #runAllPending()} runs flush and every task in the caller's thread until none
 * has pending work. It and the workers never run two steps of the same kind at once: flush steps are
 * serialized by one lock, task steps by another.
 *
 * <p>{@link #close()} stops both workers, waiting for a running step; no step starts once close has
 * begun (each step checks under its lock). The database's final flush on close runs after that, in
 * the closing thread, outside the scheduler.
 *
 * <p>Thread-safe.
 */
public final class MaintenanceScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MaintenanceScheduler.class.getName());

    /** Time between rounds of the task worker without a flush: retention and tiers move with the clock, not by the minute. */
    public static final long DEFAULT_INTERVAL_MILLIS = 60_000;
    /** Runs kept in {@link #history()}: enough for a day of one step a minute and more, at a few hundred bytes each. */
    public static final int DEFAULT_HISTORY_CAPACITY = 1_000;
    /**
     * Steps one task may take in one round or one {@link #runAllPending()} before it is left for the
     * next: far above what a real task needs (a step is a partition or a rollup range; a table of
     * years of day partitions with four levels is some thousands of steps), small enough that a task
     * that always reports work stops within seconds.
     */
    public static final int DEFAULT_MAX_STEPS_PER_TASK = 100_000;

    private final InstantSource clock;
    private final MaintenanceTask flush;
    private final List<MaintenanceTask> tasks = new CopyOnWriteArrayList<>();
    private final MaintenanceHistory history;
    private final MaintenanceStats stats = new MaintenanceStats();
    private final int maxStepsPerTask;
    /** One flush step at a time (the flush worker, {@link #runFlush()}, {@link #runAllPending()}). */
    private final ReentrantLock flushStep = new ReentrantLock();
    /** One task step at a time (the task worker and {@link #runAllPending()}). */
    private final ReentrantLock taskStep = new ReentrantLock();
    private final Lane flushLane;
    private final Lane taskLane;
    private volatile boolean closed;

    /**
     * Starts both workers.
     *
     * @param clock               stamps each run's start
     * @param flush               the flush task, run on its reserved worker
     * @param flushIntervalMillis time between flushes without pressure (0: only on request)
     * @param intervalMillis      time between rounds of the other tasks without a flush (0: only after flushes and on request)
     */
    public MaintenanceScheduler(InstantSource clock, MaintenanceTask flush, long flushIntervalMillis, long intervalMillis) {
        this(clock, flush, flushIntervalMillis, intervalMillis, DEFAULT_HISTORY_CAPACITY, DEFAULT_MAX_STEPS_PER_TASK);
    }

    public MaintenanceScheduler(InstantSource clock, MaintenanceTask flush, long flushIntervalMillis, long intervalMillis,
                                int historyCapacity, int maxStepsPerTask) {
        if (clock == null || flush == null) {
            throw new IllegalArgumentException("cannot start the maintenance scheduler: clock and flush task are required");
        }
        if (maxStepsPerTask < 1) {
            throw new IllegalArgumentException("cannot bound maintenance steps per task by " + maxStepsPerTask + ": it must be at least 1");
        }
        this.clock = clock;
        this.flush = flush;
        this.history = new MaintenanceHistory(historyCapacity);
        this.maxStepsPerTask = maxStepsPerTask;
        this.flushLane = new Lane("sundial-flush", flushIntervalMillis, this::flushRound);
        this.taskLane = new Lane("sundial-maintenance", intervalMillis, this::taskRound);
        flushLane.start();
        taskLane.start();
    }

    private volatile boolean background = true;

    /**
     * Stops (false) or resumes (true) rounds of the other tasks in the background: after flushes and
     * by time. On-demand runs ({@link #runAllPending()}) work either way; flushes are not affected.
     */
    public void setBackgroundTasks(boolean on) {
        background = on;
    }

    /**
     * Adds a task; its steps run after those of the tasks registered before it in each pass (register
     * in dependency order: rollups before retention and compaction). Names should be unique.
     */
    public void register(MaintenanceTask task) {
        if (task == null || task.name() == null || task.name().isBlank()) {
            throw new IllegalArgumentException("cannot register maintenance task " + task + ": it needs a name");
        }
        tasks.add(task);
    }

    /** The registered tasks (without flush), in order. */
    public List<MaintenanceTask> tasks() {
        return List.copyOf(tasks);
    }

    // ---- triggers: all return at once ----

    /** Asks the flush worker for a flush soon. */
    public void requestFlush() {
        flushLane.request();
    }

    /** Waits until a flush that is running or requested on the flush worker has completed (writers' back-pressure). */
    public void awaitFlush() {
        flushLane.awaitIdle();
    }

    /** Asks the task worker for a round soon (called after each flush; also for tests and operators). */
    public void trigger() {
        if (!closed && background) {
            taskLane.request();
        }
    }

    /** Waits until a round of the task worker that is running or requested has completed. */
    void awaitTasks() {
        taskLane.awaitIdle();
    }

    // ---- on demand ----

    /**
     * Flushes now in the caller's thread, recorded in the history like the worker's flushes, and
     * triggers a round of the other tasks.
     *
     * @throws IOException the flush failed (recorded too)
     * @throws IllegalStateException the scheduler is closed
     */
    public void runFlush() throws IOException {
        Outcome o = step(flush, flushStep);
        if (o == null) {
            throw new IllegalStateException("cannot flush: the maintenance scheduler is closed (the database is closing)");
        }
        if (o.failure instanceof IOException e) {
            throw e;
        }
        if (o.failure instanceof RuntimeException e) {
            throw e;
        }
        trigger();
    }

    /**
     * Runs flush and then every task, in the caller's thread, until none has pending work, each task
     * at most {@code DEFAULT_MAX_STEPS_PER_TASK} steps. A failed step does not stop the others; its task
     * is not retried in this run.
     *
     * @throws IllegalStateException the scheduler is closed
     */
    public MaintenanceReport runAllPending() {
        return runAllPending(maxStepsPerTask);
    }

    /** {@link #runAllPending()} with its own bound on steps per task. */
    public MaintenanceReport runAllPending(int maxSteps) {
        if (closed) {
            throw new IllegalStateException("cannot run maintenance: the scheduler is closed");
        }
        List<MaintenanceTask> order = new ArrayList<>(tasks.size() + 1);
        order.add(flush);
        order.addAll(tasks);
        List<MaintenanceRun> steps = new ArrayList<>();
        List<String> unsettled = new ArrayList<>();
        drain(order, maxSteps, steps, unsettled);
        return new MaintenanceReport(steps, unsettled);
    }

    // ---- observation ----

    /** What every task (flush first) would do now. A task whose {@code pending()} throws shows the error as its item. */
    public List<PendingWork> pending() {
        List<PendingWork> out = new ArrayList<>();
        pendingOf(flush, out);
        for (MaintenanceTask t : tasks) {
            pendingOf(t, out);
        }
        return out;
    }

    private static void pendingOf(MaintenanceTask t, List<PendingWork> out) {
        try {
            for (String item : t.pending()) {
                out.add(new PendingWork(t.name(), item));
            }
        } catch (RuntimeException e) {
            out.add(new PendingWork(t.name(), "cannot list pending work: " + e));
        }
    }

    /** The last runs (at most the history capacity), oldest first. */
    public List<MaintenanceRun> history() {
        return history.snapshot();
    }

    /** Steps run since the scheduler started, per task and outcome, with their durations (for monitoring). */
    public MaintenanceStats stats() {
        return stats;
    }

    // ---- workers ----

    private void flushRound() {
        // Always run on a trigger (not only when pending() lists heads): the flush also checkpoints
        // the WAL, which WAL-size pressure asks for even when the heads are empty.
        Outcome o = step(flush, flushStep);
        if (o != null && o.run != null && o.run.ok()) {
            trigger();
        }
    }

    private void taskRound() {
        if (!background) {
            return;
        }
        drain(tasks, maxStepsPerTask, null, null);
    }

    /**
     * Passes over {@code order}, one step of each task with pending work per pass, until a pass
     * does nothing. A task is dropped for the rest of the drain when a step fails, returns null
     * (nothing to do after all), or reaches {@code maxSteps}.
     */
    private void drain(List<MaintenanceTask> order, int maxSteps, List<MaintenanceRun> steps, List<String> unsettled) {
        Map<MaintenanceTask, Integer> counts = new HashMap<>();
        Set<MaintenanceTask> dropped = new HashSet<>();
        boolean progressed = true;
        while (progressed) {
            progressed = false;
            for (MaintenanceTask t : order) {
                if (closed) {
                    return;
                }
                if (dropped.contains(t) || !hasPending(t)) {
                    continue;
                }
                Outcome o = step(t, t == flush ? flushStep : taskStep);
                if (o == null) {
                    return; // closed
                }
                if (o.run == null) {
                    dropped.add(t); // pending() listed work that runStep() did not find: do not spin on it
                    continue;
                }
                if (steps != null) {
                    steps.add(o.run);
                }
                if (!o.run.ok()) {
                    dropped.add(t); // retried at the next trigger
                    continue;
                }
                int n = counts.merge(t, 1, Integer::sum);
                if (n >= maxSteps) {
                    dropped.add(t);
                    if (hasPending(t)) {
                        LOG.log(System.Logger.Level.WARNING, "maintenance task " + t.name() + " still has work after " + n
                                + " steps; left for the next run");
                        if (unsettled != null) {
                            unsettled.add(t.name());
                        }
                    }
                }
                progressed = true;
            }
        }
    }

    private static boolean hasPending(MaintenanceTask t) {
        try {
            return !t.pending().isEmpty();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot list pending work of maintenance task " + t.name() + ": " + e, e);
            return false;
        }
    }

    /** A step's record (null when the task had nothing to do) and its exception when it failed. */
    private record Outcome(MaintenanceRun run, Exception failure) {
    }

    /** Runs one step of {@code t} under {@code lock}; null when the scheduler is closed (nothing ran). */
    private Outcome step(MaintenanceTask t, ReentrantLock lock) {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            String detail;
            try {
                detail = t.runStep();
            } catch (IOException | RuntimeException e) {
                long nanos = System.nanoTime() - t0;
                String error = e instanceof IOException ? e.getMessage() : e.toString();
                if (error == null) {
                    error = e.getClass().getSimpleName();
                }
                LOG.log(System.Logger.Level.ERROR, "maintenance task " + t.name() + " failed (retried at the next trigger): " + error, e);
                MaintenanceRun run = new MaintenanceRun(t.name(), started, nanos, null, error);
                history.add(run);
                stats.record(run);
                return new Outcome(run, e);
            }
            if (detail == null) {
                return new Outcome(null, null);
            }
            MaintenanceRun run = new MaintenanceRun(t.name(), started, System.nanoTime() - t0, detail, null);
            history.add(run);
            stats.record(run);
            return new Outcome(run, null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops both workers after their running steps and waits for a step running on demand in
     * another thread; no step starts afterwards. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        flushLane.stop();
        taskLane.stop();
        // a runAllPending()/runFlush() in another thread: wait for its running step; the next sees closed
        flushStep.lock();
        flushStep.unlock();
        taskStep.lock();
        taskStep.unlock();
    }

    public boolean isClosed() {
        return closed;
    }
}
