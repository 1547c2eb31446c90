package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.index.TagFilter;
import dev.sundial.maintenance.MaintenanceRun;
import dev.sundial.maintenance.MaintenanceTask;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler as the database wires it: flushes recorded in its history, a long task step that
 * blocks neither writes, queries nor flushes, and close stopping its threads with no step after it.
 */
class MaintenanceWiringTest {
    private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

    @TempDir
    Path dir;

    private static Table table(Sundial db) throws IOException {
        return db.createTableIfNotExists(TableSchema.builder("m").tag("h").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
    }

    private static Set<Thread> schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().equals("sundial-flush") || t.getName().equals("sundial-maintenance")))
                .collect(Collectors.toSet());
    }

    /** A task with one unit of work whose step waits until released. */
    static final class BlockingTask implements MaintenanceTask {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger steps = new AtomicInteger();
        volatile boolean done;

        @Override
        public String name() {
            return "compaction";
        }

        @Override
        public List<String> pending() {
            return done ? List.of() : List.of("table m: 1 partition");
        }

        @Override
        public String runStep() throws IOException {
            steps.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
            done = true;
            return "compacted 1 partition";
        }
    }

    @Test
    void aLongTaskStepBlocksNeitherWritesQueriesNorFlushesAndFlushesAreRecorded() throws Exception {
        SundialOptions o = SundialOptions.defaults().withFlushIntervalMillis(0).withClock(InstantSource.fixed(NOW));
        try (Sundial db = Sundial.open(dir, o)) {
            Table t = table(db);
            BlockingTask slow = new BlockingTask();
            db.maintenance().register(slow);
            db.maintenance().trigger();
            assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
            try {
                t.insert(DataPoint.at(1_000L).tag("h", "a").field("v", 1.0).build());
                assertThat(t.query(0, 2_000, TagFilter.all())).hasSize(1);
                db.flush(); // its own worker: does not wait for the compaction step
                assertThat(slow.release.getCount()).as("the step is still running").isEqualTo(1);
                assertThat(db.maintenance().history()).singleElement().satisfies(run -> {
                    assertThat(run.task()).isEqualTo("flush");
                    assertThat(run.started()).isEqualTo(NOW);
                    assertThat(run.detail()).startsWith("flushed 1 table(s)").endsWith(": m");
                });
            } finally {
                slow.release.countDown();
            }
        }
    }

    @Test
    void closeStopsTheSchedulerThreadsAndNoStepRunsAfterIt() throws Exception {
        Set<Thread> before = schedulerThreads();
        BlockingTask slow = new BlockingTask();
        Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0));
        Set<Thread> ours = schedulerThreads();
        ours.removeAll(before);
        assertThat(ours).extracting(Thread::getName).containsExactlyInAnyOrder("sundial-flush", "sundial-maintenance");
        db.maintenance().register(slow);
        table(db).insert(DataPoint.at(1_000L).tag("h", "a").field("v", 1.0).build());
        db.maintenance().trigger();
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(() -> {
            try {
                db.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        closer.start();
        closer.join(200);
        assertThat(closer.isAlive()).as("close waits for the running step").isTrue();
        slow.release.countDown();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(ours).allSatisfy(th -> assertThat(th.isAlive()).as(th.getName()).isFalse());
        assertThat(db.maintenance().isClosed()).isTrue();
        assertThat(slow.steps.get()).isEqualTo(1);
        assertThatThrownBy(() -> db.maintenance().runAllPending()).isInstanceOf(IllegalStateException.class);
        assertThat(db.maintenance().history()).extracting(MaintenanceRun::task).containsExactly("compaction");

        try (Sundial again = Sundial.open(dir)) { // the final flush of close kept the row
            assertThat(table(again).query(0, 2_000, TagFilter.all())).hasSize(1);
        }
    }
}
