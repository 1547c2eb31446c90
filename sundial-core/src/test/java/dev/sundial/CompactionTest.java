package dev.sundial;

import static dev.sundial.UpsertModel.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.compaction.Compactor;
import dev.sundial.index.TagFilter;
import dev.sundial.maintenance.MaintenanceTask;
import dev.sundial.partition.Manifest;
import dev.sundial.partition.PartitionGroup;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background compaction ({@link Compactor}, the maintenance task {@code compaction}): query results
 * equal a reference model before and after compaction and across a reopen, with late writes,
 * upserts and deletes; memory is bounded by one series; a delete that replaces the group during a
 * compaction makes it skip (output discarded, nothing lost); a flush into the group during a
 * compaction keeps its newer values; a partition still written is left alone; deleted series leave
 * the series count.
 */
class CompactionTest {
    static final long SEC = 1_000_000_000L;
    static final long HOUR = 3600 * SEC;
    static final long DAY = 24 * HOUR;
    static final long T0 = 1_451_606_400_000_000_000L; // 2016-01-01T00:00:00Z
    /** A clock long after the data: every partition is settled. */
    static final InstantSource LATER = InstantSource.fixed(Instant.parse("2030-01-01T00:00:00Z"));
    static final SundialOptions OPTS = SundialOptions.defaults().withFlushIntervalMillis(0).withClock(LATER)
            .withBackgroundMaintenance(false); // steps run when the test says

    @TempDir
    Path dir;

    private final UpsertModel model = new UpsertModel();

    static Table create(Sundial db) throws IOException {
        TableSchema schema = TableSchema.builder("cpu").tag("host").value("usage", ColumnType.DOUBLE)
                .value("count", ColumnType.BIGINT).value("note", ColumnType.VARCHAR).build();
        return db.createTable(schema, TableOptions.DEFAULTS.with(Map.of("partition_by", "day")));
    }

    private void write(Table t, List<DataPoint> pts) throws IOException {
        t.insert(pts);
        model.writeAll(pts);
    }

    private static DataPoint point(Random rnd, int host, long ts) {
        DataPoint.Builder b = DataPoint.at(ts).tag("host", "h" + host);
        if (rnd.nextInt(5) != 0) {
            b.field("usage", Math.round(rnd.nextDouble() * 10_000) / 100.0);
        }
        if (rnd.nextInt(3) != 0) {
            b.field("count", (long) rnd.nextInt(1000));
        }
        if (rnd.nextInt(7) == 0) {
            b.field("note", "n" + rnd.nextInt(50));
        }
        if (!b.build().fields().isEmpty()) {
            return b.build();
        }
        return b.field("count", 1L).build();
    }

    /** Runs steps until nothing is pending; returns what they said. */
    static List<String> compactAll(MaintenanceTask task) throws IOException {
        List<String> done = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String s = task.runStep();
            if (s == null) {
                assertThat(task.pending()).isEmpty();
                return done;
            }
            done.add(s);
        }
        throw new AssertionError("compaction does not converge: " + done.subList(done.size() - 5, done.size()));
    }

    private void assertMatches(Sundial db, Table t, Random rnd, String msg) throws IOException {
        assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).as(msg).isEqualTo(model.all());
        for (int i = 0; i < 20; i++) {
            long a = T0 - DAY + (long) (rnd.nextDouble() * 14 * DAY);
            long b = a + (long) (rnd.nextDouble() * 5 * DAY);
            assertThat(sorted(t.query(a, b, TagFilter.all()))).as(msg + " [%d, %d)", a, b).isEqualTo(model.expected(a, b));
        }
        TableStats s = t.stats();
        assertThat(s.rows()).as(msg + ": rows").isEqualTo(model.rowCount());
        assertThat(s.points()).as(msg + ": points").isEqualTo(model.pointCount());
        assertThat(db.check().problems()).as(msg + ": check").isEmpty();
    }

    @Test
    void compactionGivesTheSameResultsWithLateWritesUpsertsAndDeletes() throws IOException {
        long seed = System.nanoTime();
        System.out.println("CompactionTest seed=" + seed);
        Random rnd = new Random(seed);
        String msg = "seed=" + seed;
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            // 10 days, 6 hosts, flushed in 12 rounds: every round writes new rows, late rows into
            // earlier days, and upserts of existing timestamps (some fields only)
            for (int round = 0; round < 12; round++) {
                List<DataPoint> batch = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    int host = rnd.nextInt(6);
                    long ts = T0 + (long) (rnd.nextDouble() * 10 * DAY) / SEC * SEC;
                    batch.add(point(rnd, host, ts));
                }
                write(t, batch);
                if (rnd.nextInt(4) == 0) {
                    long from = T0 + (long) (rnd.nextDouble() * 10 * DAY);
                    long to = from + (long) (rnd.nextDouble() * DAY);
                    String host = "h" + rnd.nextInt(6);
                    t.delete(from, to, TagFilter.eq("host", host));
                    model.delete(from, to, tags -> tags.get("host").equals(host));
                }
                db.flush();
            }
            assertThat(t.storage().segments().groups().stream().mapToInt(g -> g.segments().size()).max().orElse(0))
                    .as("overlapping segments to compact").isGreaterThan(1);
            assertMatches(db, t, rnd, msg + " before");
            MaintenanceTask task = db.compactionTask();
            assertThat(task.name()).isEqualTo("compaction");
            assertThat(task.pending()).isNotEmpty();
            List<String> done = compactAll(task);
            assertThat(done).isNotEmpty().allMatch(s -> s.contains("compacted"));
            assertThat(t.storage().segments().groups()).allMatch(g -> g.segments().size() == 1);
            assertMatches(db, t, rnd, msg + " after " + done);
            // a delete and late writes into the compacted (here: merged) span, then compaction again
            long from = T0 + 3 * DAY + 7 * HOUR;
            t.delete(from, from + 30 * HOUR, TagFilter.all());
            model.delete(from, from + 30 * HOUR, tags -> true);
            List<DataPoint> late = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                late.add(point(rnd, rnd.nextInt(6), T0 + (long) (rnd.nextDouble() * 10 * DAY) / SEC * SEC));
            }
            write(t, late);
            db.flush();
            assertMatches(db, t, rnd, msg + " after a delete and late writes into compacted data");
            compactAll(task);
            assertMatches(db, t, rnd, msg + " compacted again");
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertMatches(db, db.table("cpu"), rnd, msg + " reopened");
        }
    }

    @Test
    void memoryIsBoundedByOneSeries() throws IOException {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            Random rnd = new Random(7);
            // 200 series, each written in 3 overlapping flushes of one day: the partition holds
            // 200 x 600 rows, a series 600
            for (int round = 0; round < 3; round++) {
                List<DataPoint> batch = new ArrayList<>();
                for (int h = 0; h < 200; h++) {
                    for (int k = 0; k < 200; k++) {
                        batch.add(point(rnd, h, T0 + (k * 3 + round) * 60 * SEC));
                    }
                }
                write(t, batch);
                db.flush();
            }
            Compactor c = db.compactor(Long.MAX_VALUE);
            assertThat(c.runStep()).contains("compacted");
            assertThat(c.runStep()).isNull();
            assertThat(CompactorAccess.peakRowsHeld(c)).as("rows held at once").isPositive().isLessThanOrEqualTo(600);
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
        }
    }

    @Test
    void aDeleteDuringACompactionMakesItSkipAndLosesNothing() throws IOException {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            Random rnd = new Random(11);
            for (int round = 0; round < 3; round++) {
                List<DataPoint> batch = new ArrayList<>();
                for (int k = 0; k < 300; k++) {
                    batch.add(point(rnd, k % 4, T0 + (k * 7L + round) * 60 * SEC)); // one day, overlapping flushes
                }
                write(t, batch);
                db.flush();
            }
            Compactor c = db.compactor(Long.MAX_VALUE);
            CompactorAccess.beforeCommit(c, () -> {
                try {
                    t.delete(T0 + HOUR, T0 + 3 * HOUR, TagFilter.eq("host", "h1"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            model.delete(T0 + HOUR, T0 + 3 * HOUR, tags -> tags.get("host").equals("h1"));
            String step = c.runStep();
            assertThat(step).contains("skipped");
            CompactorAccess.beforeCommit(c, null);
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
            assertThat(db.check().problems()).isEmpty();
            assertThat(segmentFiles()).as("no output left behind").hasSize(t.storage().manifest().segments().size());
        }
    }

    @Test
    void aFlushIntoTheGroupDuringACompactionKeepsItsNewerValues() throws IOException {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, List.of(DataPoint.at(T0).tag("host", "a").field("usage", 1.0).build()));
            db.flush();
            write(t, List.of(DataPoint.at(T0 + SEC).tag("host", "a").field("usage", 2.0).build()));
            db.flush();
            Compactor c = db.compactor(Long.MAX_VALUE);
            CompactorAccess.beforeCommit(c, () -> {
                try {
                    write(t, List.of(DataPoint.at(T0).tag("host", "a").field("usage", 3.0).build()));
                    db.flush(); // a segment with a higher id than the compaction's output
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            c.runStep();
            CompactorAccess.beforeCommit(c, null);
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
            compactAll(db.compactionTask());
            assertThat(t.query(T0, T0 + 1, TagFilter.all()).get(0).field("usage")).isEqualTo(3.0);
            assertThat(db.check().problems()).isEmpty();
        }
    }

    @Test
    void aPartitionStillWrittenIsLeftUntilItHasManySegments() throws IOException {
        InstantSource noon = InstantSource.fixed(Instant.ofEpochSecond(0, T0 + DAY + 12 * HOUR));
        try (Sundial db = Sundial.open(dir, OPTS.withClock(noon))) {
            Table t = create(db);
            Random rnd = new Random(3);
            for (int round = 0; round < 3; round++) {
                write(t, List.of(point(rnd, 0, T0 + round * SEC), point(rnd, 0, T0 + DAY + round * SEC)));
                db.flush();
            }
            MaintenanceTask task = db.compactionTask();
            assertThat(task.pending()).hasSize(1).allMatch(s -> s.contains("2016-01-01T00:00:00Z .. 2016-01-02T00:00:00Z"));
            compactAll(task);
            List<PartitionGroup> groups = t.storage().segments().groups();
            assertThat(groups.get(0).segments()).hasSize(1);
            assertThat(groups.get(1).segments()).as("today's partition, 3 flushes").hasSize(3);
            for (int round = 3; round < 8; round++) {
                write(t, List.of(point(rnd, 0, T0 + DAY + round * SEC)));
                db.flush();
            }
            assertThat(task.pending()).hasSize(1).allMatch(s -> s.contains("8 segments (partition still written)"));
            compactAll(task);
            assertThat(t.storage().segments().groups().get(1).segments()).hasSize(1);
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
        }
    }

    @Test
    void seriesWhoseRowsAreAllDeletedLeaveTheCounts() throws IOException {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            Random rnd = new Random(5);
            List<DataPoint> pts = new ArrayList<>();
            for (int h = 0; h < 3; h++) {
                for (int k = 0; k < 10; k++) {
                    pts.add(point(rnd, h, T0 + k * HOUR));
                }
            }
            write(t, pts);
            db.flush();
            assertThat(t.stats().series()).isEqualTo(3);
            t.delete(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.eq("host", "h1"));
            assertThat(t.stats().series()).as("after deleting every row of h1").isEqualTo(2);
            write(t, List.of(point(rnd, 1, T0)));
            assertThat(t.stats().series()).as("h1 written again, in the head").isEqualTo(3);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sdseg")).toList();
        }
    }

    /** Reaches the compactor's package-private test hooks. */
    static final class CompactorAccess {
        static void beforeCommit(Compactor c, Runnable r) {
            dev.sundial.compaction.CompactorTestHooks.beforeCommit(c, r);
        }

        static long peakRowsHeld(Compactor c) {
            return dev.sundial.compaction.CompactorTestHooks.peakRowsHeld(c);
        }
    }

    static Manifest manifest(Table t) {
        return t.storage().manifest();
    }
}
