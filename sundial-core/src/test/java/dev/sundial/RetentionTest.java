package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention of raw data ({@code retention_raw}) against a clock the test sets: whole expired
 * partitions — and only those — are deleted by the {@code retention} task; reads never return a row
 * past retention (segments and head); a cursor opened before an expiry finishes on the data it saw;
 * a changed retention acts at once; a table without retention keeps everything.
 */
class RetentionTest {
    private static final long SEC = 1_000_000_000L;
    private static final long HOUR = 3600 * SEC;
    private static final long DAY = 24 * HOUR;
    private static final long BASE = 1_700_000_000_000_000_000L / DAY * DAY; // a UTC midnight

    @TempDir
    Path dir;

    private static Table create(Sundial db, String name, Map<String, String> options) throws IOException {
        TableSchema schema = TableSchema.builder(name).tag("host").value("v", ColumnType.DOUBLE).build();
        return db.createTable(schema, TableOptions.DEFAULTS.with(options));
    }

    /** Two hosts, one row per hour, over days [0, days). */
    private static void fill(Table t, int days) throws IOException {
        List<DataPoint> pts = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            for (long k = 0; k < days * 24L; k++) {
                pts.add(DataPoint.at(BASE + k * HOUR).tag("host", "h" + h).field("v", h * 1e6 + k).build());
            }
        }
        t.insert(pts);
    }

    private static List<Long> timestamps(Table t) throws IOException {
        List<Long> out = new ArrayList<>();
        try (SeriesCursor c = t.scan(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
            while (c.hasNext()) {
                ColumnBatch b = c.next().rows();
                for (int i = 0; i < b.size; i++) {
                    out.add(b.timestamps[i]);
                }
            }
        }
        return out;
    }

    private static Set<Long> partitions(Table t) {
        Set<Long> out = new TreeSet<>();
        for (SegmentReader r : t.storage().segments().segments()) {
            out.add((r.partitionStart() - BASE) / DAY);
        }
        return out;
    }

    private static long segmentFiles(Sundial db, Table t) throws IOException {
        try (Stream<Path> s = Files.walk(db.directory().resolve("tables"))) {
            return s.filter(p -> p.toString().endsWith(".sdseg")).count();
        }
    }

    @Test
    void expiresExactlyTheWholePartitionsPastRetentionAndFiltersTheRest() throws IOException {
        SettableClock clock = new SettableClock(BASE + 10 * DAY + 12 * HOUR);
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            Table t = create(db, "cpu", Map.of("retention_raw", "3d"));
            Table keep = create(db, "mem", Map.of());
            fill(t, 11);
            fill(keep, 11);
            db.flush();
            assertThat(partitions(t)).hasSize(11);
            long cutoff = BASE + 7 * DAY + 12 * HOUR;

            // before the task ran: the rows are on disk, but no read returns an expired one
            List<Long> ts = timestamps(t);
            assertThat(ts).allMatch(x -> x >= cutoff).hasSize(2 * (3 * 24 + 12));
            assertThat(timestamps(keep)).hasSize(2 * 11 * 24);

            assertThat(db.retentionTask().pending()).containsExactly("table cpu: 7 expired partitions");
            String did = db.retentionTask().runStep();
            assertThat(did).startsWith("table cpu: deleted 7 partitions");
            // days 0..6 end at or before day 7 12:00; day 7 straddles the cutoff and stays whole
            assertThat(partitions(t)).containsExactly(7L, 8L, 9L, 10L);
            assertThat(partitions(keep)).hasSize(11);
            assertThat(segmentFiles(db, t)).isEqualTo(4 + 11);
            assertThat(db.retentionTask().pending()).isEmpty();
            assertThat(db.retentionTask().runStep()).isNull();
            assertThat(timestamps(t)).isEqualTo(ts);
            assertThat(db.check().problems()).isEmpty();

            // time passes: day 7 expires whole; the head's expired rows are invisible before any flush
            clock.set(BASE + 11 * DAY + 1);
            t.insert(DataPoint.at(BASE + 2 * DAY).tag("host", "late").field("v", 1.0).build());
            t.insert(DataPoint.at(BASE + 10 * DAY + 5 * HOUR).tag("host", "late").field("v", 2.0).build());
            assertThat(timestamps(t)).allMatch(x -> x >= BASE + 8 * DAY).contains(BASE + 10 * DAY + 5 * HOUR)
                    .doesNotContain(BASE + 2 * DAY);
            db.flush(); // the late row lands in the (expired) partition of day 2
            assertThat(partitions(t)).contains(2L);
            db.retentionTask().runStep();
            assertThat(partitions(t)).containsExactly(8L, 9L, 10L);
        }
        // survives a reopen: the manifest no longer lists the expired segments, and their files are gone
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            assertThat(partitions(db.table("cpu"))).containsExactly(8L, 9L, 10L);
            assertThat(db.problems()).isEmpty();
            try (Stream<Path> s = Files.walk(db.directory().resolve("tables"))) {
                assertThat(s.filter(p -> p.toString().endsWith(".sdseg")).count()).as("day 10 holds two segments: the late row has its own").isEqualTo(4 + 11);
            }
        }
    }

    @Test
    void aCursorOpenedBeforeAnExpiryFinishesOnTheRowsItSaw() throws IOException {
        SettableClock clock = new SettableClock(BASE + 5 * DAY);
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            Table t = create(db, "cpu", Map.of("retention_raw", "10d"));
            fill(t, 5);
            db.flush();
            List<Long> expected = timestamps(t);
            assertThat(expected).hasSize(2 * 5 * 24);
            List<Long> got = new ArrayList<>();
            try (SeriesCursor c = t.scan(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
                ColumnBatch first = c.next().rows(); // host h0 read; h1 is read after the expiry
                for (int i = 0; i < first.size; i++) {
                    got.add(first.timestamps[i]);
                }
                clock.set(BASE + 100 * DAY); // everything has expired
                assertThat(db.retentionTask().runStep()).startsWith("table cpu: deleted 5 partitions");
                assertThat(partitions(t)).isEmpty();
                // the files stay while the cursor holds them
                assertThat(segmentFiles(db, t)).isEqualTo(5);
                while (c.hasNext()) {
                    ColumnBatch b = c.next().rows();
                    for (int i = 0; i < b.size; i++) {
                        got.add(b.timestamps[i]);
                    }
                }
            }
            assertThat(got).isEqualTo(expected);
            assertThat(segmentFiles(db, t)).as("deleted when the last reader released them").isZero();
            assertThat(timestamps(t)).isEmpty();
            assertThat(db.check().problems()).isEmpty();
        }
    }

    @Test
    void changedRetentionActsAtOnceAndNoRetentionKeepsEverything() throws IOException {
        SettableClock clock = new SettableClock(BASE + 30 * DAY);
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            Table t = create(db, "cpu", Map.of());
            fill(t, 4);
            db.flush();
            assertThat(db.retentionTask().pending()).isEmpty();
            assertThat(timestamps(t)).hasSize(2 * 4 * 24);
            t.setOptions(Map.of("retention_raw", "28d"));
            assertThat(timestamps(t)).hasSize(2 * 2 * 24);
            assertThat(db.retentionTask().runStep()).startsWith("table cpu: deleted 2 partitions");
            assertThat(partitions(t)).containsExactly(2L, 3L);
        }
    }
}
