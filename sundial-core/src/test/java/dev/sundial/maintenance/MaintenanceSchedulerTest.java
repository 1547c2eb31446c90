package dev.sundial.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The maintenance scheduler with small real tasks: order of steps, coalesced triggers, failures
 * recorded and retried at the next trigger, the bounded history, flush not waiting behind a long
 * step, and close waiting for a running step with none starting afterwards.
 */
class MaintenanceSchedulerTest {
    private static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(T0);

    private final List<MaintenanceScheduler> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(MaintenanceScheduler::close);
    }

    /**
     * A task with {@code items} units of work, one per step. Optionally its steps wait for a latch
     * (to hold the worker), fail a number of times, or never run out of work.
     */
    static class WorkTask implements MaintenanceTask {
        final String name;
        final AtomicInteger items;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile boolean endless;
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release;
        final AtomicBoolean inStep = new AtomicBoolean();
        final List<String> log;

        WorkTask(String name, int items, List<String> log) {
            this.name = name;
            this.items = new AtomicInteger(items);
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> pending() {
            int n = items.get();
            return endless || n > 0 ? List.of(name + ": " + (endless ? "always" : n) + " item(s)") : List.of();
        }

        @Override
        public String runStep() throws IOException {
            calls.incrementAndGet();
            inStep.set(true);
            try {
                entered.countDown();
                CountDownLatch r = release;
                if (r != null) {
                    try {
                        r.await();
                    } catch (InterruptedException e) {
                        throw new IOException("interrupted", e);
                    }
                }
                if (failuresLeft.getAndUpdate(f -> Math.max(0, f - 1)) > 0) {
                    throw new IOException("cannot do " + name + ": disk full");
                }
                if (endless) {
                    synchronized (log) {
                        log.add(name);
                    }
                    return name + " did one more";
                }
                int left = items.getAndUpdate(n -> Math.max(0, n - 1));
                if (left <= 0) {
                    return null;
                }
                synchronized (log) {
                    log.add(name);
                }
                return name + " item " + left;
            } finally {
                inStep.set(false);
            }
        }
    }

    /** A thread per async action: the common pool has one worker on a 2-core machine, which would serialize them. */
    private static void ownThread(Runnable r) {
        Thread t = new Thread(r, "test-async");
        t.setDaemon(true);
        t.start();
    }

    private MaintenanceScheduler scheduler(MaintenanceTask flush, int historyCapacity) {
        MaintenanceScheduler s = new MaintenanceScheduler(CLOCK, flush, 0, 0, historyCapacity, 1_000);
        opened.add(s);
        return s;
    }

    @Test
    void runAllPendingFlushesFirstThenInterleavesTasksInRegistrationOrder() {
        List<String> log = new ArrayList<>();
        WorkTask flush = new WorkTask("flush", 1, log);
        MaintenanceScheduler s = scheduler(flush, 100);
        s.register(new WorkTask("rollup", 3, log));
        s.register(new WorkTask("compaction", 1, log));
        assertThat(s.pending()).extracting(PendingWork::task).containsExactly("flush", "rollup", "compaction");

        MaintenanceReport r = s.runAllPending();

        assertThat(r.steps()).extracting(MaintenanceRun::task)
                .containsExactly("flush", "rollup", "compaction", "rollup", "rollup");
        assertThat(r.unsettled()).isEmpty();
        assertThat(r.failed()).isFalse();
        assertThat(s.pending()).isEmpty();
        assertThat(s.history()).isEqualTo(r.steps());
        assertThat(r.steps()).allSatisfy(run -> {
            assertThat(run.started()).isEqualTo(T0);
            assertThat(run.ok()).isTrue();
            assertThat(run.durationNanos()).isNotNegative();
        });
        assertThat(r.steps().get(1).detail()).isEqualTo("rollup item 3");
    }

    @Test
    void triggersWhileAStepRunsCoalesceIntoOneMoreRound() throws Exception {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 0, new ArrayList<>()), 100);
        // always pending, but each step finds nothing: exactly one step per round, so calls count rounds
        WorkTask t = new WorkTask("probe", 0, new ArrayList<>()) {
            @Override
            public List<String> pending() {
                return List.of("probe");
            }
        };
        t.release = new CountDownLatch(1);
        s.register(t);
        s.trigger();
        assertThat(t.entered.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            s.trigger(); // must not wait for the running step
        }
        assertThat(System.nanoTime() - t0).as("triggers return at once").isLessThan(TimeUnit.SECONDS.toNanos(2));
        t.release.countDown();
        s.awaitTasks();
        s.awaitTasks();
        assertThat(t.calls.get()).as("the round that was running and one more").isEqualTo(2);
        assertThat(s.history()).as("steps that found nothing are not recorded").isEmpty();
    }

    @Test
    void aFailedStepIsRecordedAndRetriedAtTheNextTriggerNotInALoop() {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 0, new ArrayList<>()), 100);
        WorkTask t = new WorkTask("retention", 1, new ArrayList<>());
        t.failuresLeft.set(1);
        s.register(t);

        s.trigger();
        s.awaitTasks();
        assertThat(t.calls.get()).as("one attempt per trigger").isEqualTo(1);
        assertThat(s.history()).singleElement().satisfies(run -> {
            assertThat(run.ok()).isFalse();
            assertThat(run.status()).isEqualTo("failed");
            assertThat(run.error()).isEqualTo("cannot do retention: disk full");
            assertThat(run.detail()).isNull();
        });
        assertThat(s.pending()).extracting(PendingWork::task).containsExactly("retention");

        s.trigger();
        s.awaitTasks();
        assertThat(t.calls.get()).isEqualTo(2);
        assertThat(s.history()).extracting(MaintenanceRun::status).containsExactly("failed", "ok");
        assertThat(s.pending()).isEmpty();
    }

    @Test
    void runAllPendingReportsAFailureAndGoesOnWithTheOtherTasks() {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 0, new ArrayList<>()), 100);
        WorkTask bad = new WorkTask("bad", 2, new ArrayList<>());
        bad.failuresLeft.set(100);
        WorkTask good = new WorkTask("good", 2, new ArrayList<>());
        s.register(bad);
        s.register(good);
        MaintenanceReport r = s.runAllPending();
        assertThat(r.failed()).isTrue();
        assertThat(r.steps()).extracting(MaintenanceRun::task).containsExactly("bad", "good", "good");
        assertThat(bad.calls.get()).isEqualTo(1);
    }

    @Test
    void statsCountEveryStepByOutcomeWhenTheHistoryHasForgottenThem() {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 0, new ArrayList<>()), 5);
        WorkTask bad = new WorkTask("bad", 2, new ArrayList<>());
        bad.failuresLeft.set(1);
        s.register(bad);
        s.register(new WorkTask("compaction", 12, new ArrayList<>()));
        s.runAllPending(); // bad fails once and is dropped from this run
        s.runAllPending(); // bad's two items now succeed
        assertThat(s.history()).hasSize(5);
        assertThat(s.stats().snapshot()).as("flush found nothing to do: not counted")
                .extracting(MaintenanceStats.TaskFigures::task).containsExactly("bad", "compaction");
        MaintenanceStats.TaskFigures b = s.stats().snapshot().get(0);
        assertThat(b.succeeded()).isEqualTo(2);
        assertThat(b.failed()).isEqualTo(1);
        assertThat(b.durations().count()).isEqualTo(3);
        MaintenanceStats.TaskFigures c = s.stats().snapshot().get(1);
        assertThat(c.succeeded()).isEqualTo(12);
        assertThat(c.failed()).isZero();
        assertThat(c.durations().count()).isEqualTo(12);
    }

    @Test
    void historyKeepsOnlyTheLastRuns() {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 0, new ArrayList<>()), 5);
        s.register(new WorkTask("compaction", 12, new ArrayList<>()));
        assertThat(s.runAllPending().steps()).hasSize(12);
        assertThat(s.history()).extracting(MaintenanceRun::detail)
                .containsExactly("compaction item 5", "compaction item 4", "compaction item 3", "compaction item 2", "compaction item 1");
    }

    @Test
    void runAllPendingStopsATaskThatNeverSettlesAndFinishesTheOthers() {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 0, new ArrayList<>()), 1_000);
        WorkTask endless = new WorkTask("endless", 0, new ArrayList<>());
        endless.endless = true;
        s.register(endless);
        s.register(new WorkTask("finite", 3, new ArrayList<>()));
        MaintenanceReport r = s.runAllPending(50);
        assertThat(r.steps()).filteredOn(run -> run.task().equals("endless")).hasSize(50);
        assertThat(r.steps()).filteredOn(run -> run.task().equals("finite")).hasSize(3);
        assertThat(r.unsettled()).containsExactly("endless");
    }

    @Test
    void flushDoesNotWaitBehindALongTaskStep() throws Exception {
        List<String> log = new ArrayList<>();
        WorkTask flush = new WorkTask("flush", 1, log);
        MaintenanceScheduler s = scheduler(flush, 100);
        WorkTask slow = new WorkTask("compaction", 1, log);
        slow.release = new CountDownLatch(1);
        s.register(slow);
        s.trigger();
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> {
            s.requestFlush();
            s.awaitFlush();
        }, MaintenanceSchedulerTest::ownThread);
        flushed.get(10, TimeUnit.SECONDS);
        assertThat(flush.calls.get()).isEqualTo(1);
        assertThat(slow.inStep.get()).as("the compaction step is still running").isTrue();
        slow.release.countDown();
        s.awaitTasks();
        assertThat(s.history()).extracting(MaintenanceRun::task).containsExactly("flush", "compaction");
    }

    @Test
    void aFlushTriggersARoundOfTheOtherTasks() {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 1, new ArrayList<>()), 100);
        WorkTask rollup = new WorkTask("rollup", 2, new ArrayList<>());
        s.register(rollup);
        s.requestFlush();
        s.awaitFlush();
        s.awaitTasks();
        assertThat(s.history()).extracting(MaintenanceRun::task).containsExactly("flush", "rollup", "rollup");
    }

    @Test
    void closeWaitsForTheRunningStepAndNoStepStartsAfterIt() throws Exception {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 0, new ArrayList<>()), 100);
        WorkTask t = new WorkTask("rollup", 5, new ArrayList<>());
        t.release = new CountDownLatch(1);
        s.register(t);
        s.trigger();
        assertThat(t.entered.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean stepWasRunningWhenCloseReturned = new AtomicBoolean(true);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            s.close();
            stepWasRunningWhenCloseReturned.set(t.inStep.get());
        }, MaintenanceSchedulerTest::ownThread);
        Thread.sleep(200);
        assertThat(closing).as("close waits for the running step").isNotDone();
        t.release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(stepWasRunningWhenCloseReturned).isFalse();
        assertThat(t.calls.get()).as("the running step finished; no other started").isEqualTo(1);
        assertThat(t.items.get()).isEqualTo(4);

        s.trigger();
        s.requestFlush();
        Thread.sleep(100);
        assertThat(t.calls.get()).isEqualTo(1);
        assertThatThrownBy(s::runAllPending).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(s::runFlush).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void closeDuringAnOnDemandRunLetsItsStepFinishAndStopsTheRun() throws Exception {
        MaintenanceScheduler s = scheduler(new WorkTask("flush", 0, new ArrayList<>()), 100);
        WorkTask t = new WorkTask("compaction", 5, new ArrayList<>());
        t.release = new CountDownLatch(1);
        s.register(t);
        CompletableFuture<MaintenanceReport> run = CompletableFuture.supplyAsync(s::runAllPending, MaintenanceSchedulerTest::ownThread);
        assertThat(t.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close, MaintenanceSchedulerTest::ownThread);
        Thread.sleep(200);
        assertThat(closing).isNotDone();
        t.release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        MaintenanceReport r = run.get(10, TimeUnit.SECONDS);
        assertThat(r.steps()).hasSize(1);
        assertThat(t.calls.get()).isEqualTo(1);
    }

    @Test
    void aFailingFlushIsRecordedAndRethrownOnDemand() {
        WorkTask flush = new WorkTask("flush", 1, new ArrayList<>());
        flush.failuresLeft.set(1);
        MaintenanceScheduler s = scheduler(flush, 100);
        assertThatThrownBy(s::runFlush).isInstanceOf(IOException.class).hasMessage("cannot do flush: disk full");
        assertThat(s.history()).singleElement().extracting(MaintenanceRun::status).isEqualTo("failed");
    }
}
