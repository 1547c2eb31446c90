package dev.sundial;

import static dev.sundial.UpsertModel.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.partition.Manifest;
import dev.sundial.partition.PartitionGroup;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse series in small, settled partitions are merged by compaction into one segment spanning
 * many partitions: time-range queries, deletes, late writes into the merged span, a reopen (the
 * manifest's version 2 spans) and a manifest rebuilt from the files (spans derived) all give the
 * model's rows, and the fixed cost per partition is gone from the bytes on disk.
 */
class SparseMergeTest {
    private static final long SEC = CompactionTest.SEC;
    private static final long HOUR = CompactionTest.HOUR;
    private static final long DAY = CompactionTest.DAY;
    private static final long T0 = CompactionTest.T0;
    private static final int DAYS = 90;

    @TempDir
    Path dir;

    private final UpsertModel model = new UpsertModel();

    private void assertMatches(Sundial db, Table t, Random rnd, String msg) throws IOException {
        assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).as(msg).isEqualTo(model.all());
        for (int i = 0; i < 40; i++) {
            long a = T0 - 2 * DAY + (long) (rnd.nextDouble() * (DAYS + 4) * DAY);
            long b = a + (long) (rnd.nextDouble() * (i % 2 == 0 ? HOUR * 5 : 20 * DAY));
            assertThat(sorted(t.query(a, b, TagFilter.eq("host", "h1")))).as(msg + " [%d, %d)", a, b)
                    .isEqualTo(model.expected(a, b).stream().filter(p -> p.tag("host").equals("h1")).toList());
        }
        TableStats s = t.stats();
        assertThat(s.rows()).as(msg).isEqualTo(model.rowCount());
        assertThat(s.points()).as(msg).isEqualTo(model.pointCount());
        assertThat(db.check().problems()).as(msg).isEmpty();
    }

    @Test
    void mergedSparsePartitionsAnswerRangesDeletesAndLateWrites() throws IOException {
        long seed = System.nanoTime();
        System.out.println("SparseMergeTest seed=" + seed);
        Random rnd = new Random(seed);
        String msg = "seed=" + seed;
        long before;
        try (Sundial db = Sundial.open(dir, CompactionTest.OPTS)) {
            Table t = db.createTable(TableSchema.builder("nab").tag("host").value("value", ColumnType.DOUBLE).build(),
                    TableOptions.DEFAULTS.with(Map.of("partition_by", "day")));
            for (int d = 0; d < DAYS; d++) {
                List<DataPoint> day = new ArrayList<>();
                for (int h = 0; h < 3; h++) {
                    for (int k = 0; k < 24; k++) {
                        long ts = T0 + d * DAY + k * HOUR + rnd.nextInt(600) * SEC;
                        day.add(DataPoint.at(ts).tag("host", "h" + h).field("value", Math.round(rnd.nextGaussian() * 1000) / 10.0).build());
                    }
                }
                t.insert(day);
                model.writeAll(day);
                if (d % 10 == 9) {
                    db.flush();
                }
            }
            db.flush();
            assertThat(t.storage().segments().groups()).hasSize(DAYS);
            before = t.stats().bytes();
            assertMatches(db, t, rnd, msg + " before");
            List<String> done = CompactionTest.compactAll(db.compactionTask());
            assertThat(done).hasSize(1).allMatch(s -> s.contains("merge " + DAYS + " small partitions"));
            List<PartitionGroup> groups = t.storage().segments().groups();
            assertThat(groups).hasSize(1);
            assertThat(groups.get(0).start()).isEqualTo(T0);
            assertThat(groups.get(0).end()).isEqualTo(T0 + DAYS * DAY);
            assertThat(t.storage().manifest().segments()).singleElement()
                    .matches(e -> e.partitionEnd() - e.partitionStart() == DAYS * DAY);
            long after = t.stats().bytes();
            System.out.println("SparseMergeTest: " + before + " bytes in " + DAYS + " partitions -> " + after + " bytes merged");
            assertThat(after).as("the per-partition fixed cost is gone").isLessThan(before / 2);
            assertThat(t.stats().partitions()).isEqualTo(1);
            assertMatches(db, t, rnd, msg + " merged");

            t.delete(T0 + 40 * DAY + 5 * HOUR, T0 + 42 * DAY, TagFilter.eq("host", "h1"));
            model.delete(T0 + 40 * DAY + 5 * HOUR, T0 + 42 * DAY, tags -> tags.get("host").equals("h1"));
            assertThat(t.storage().segments().groups()).hasSize(1);
            assertMatches(db, t, rnd, msg + " after a delete inside the merged span");

            // late writes into a day of the merged span: a DAY segment joins the merged one's group
            DataPoint upsert = DataPoint.at(model.expected(T0 + 50 * DAY, T0 + 51 * DAY).get(0).timestampNanos())
                    .tag("host", "h0").field("value", -1.0).build();
            List<DataPoint> late = List.of(upsert, DataPoint.at(T0 + 50 * DAY + 30 * SEC).tag("host", "h2").field("value", 7.5).build());
            t.insert(late);
            model.writeAll(late);
            db.flush();
            assertThat(t.storage().segments().groups()).singleElement().matches(g -> g.segments().size() == 2);
            assertMatches(db, t, rnd, msg + " with a late segment inside the merged span");
            t.delete(T0 + 49 * DAY, T0 + 51 * DAY + HOUR, TagFilter.eq("host", "h0"));
            model.delete(T0 + 49 * DAY, T0 + 51 * DAY + HOUR, tags -> tags.get("host").equals("h0"));
            assertMatches(db, t, rnd, msg + " after a delete over both");
            t.insert(late.subList(1, 2));
            db.flush();
            CompactionTest.compactAll(db.compactionTask());
            assertThat(t.storage().segments().groups()).singleElement().matches(g -> g.segments().size() == 1);
            assertMatches(db, t, rnd, msg + " compacted again");
        }
        try (Sundial db = Sundial.open(dir, CompactionTest.OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertMatches(db, db.table("nab"), rnd, msg + " reopened");
        }
        Files.delete(dir.resolve("tables/t0/manifest.sdm"));
        try (Sundial db = Sundial.open(dir, CompactionTest.OPTS)) {
            assertThat(db.problems()).singleElement().matches(p -> p.contains("rebuilt the manifest"));
            Manifest.Entry e = db.table("nab").storage().manifest().segments().get(0);
            assertThat(e.partitionEnd()).as("span derived from the last row").isEqualTo(T0 + DAYS * DAY);
            Table t = db.table("nab");
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
            for (int i = 0; i < 20; i++) {
                long a = T0 + (long) (rnd.nextDouble() * DAYS * DAY);
                assertThat(sorted(t.query(a, a + 3 * DAY, TagFilter.all()))).isEqualTo(model.expected(a, a + 3 * DAY));
            }
        }
    }
}
