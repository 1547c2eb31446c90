package dev.sundial;

import static dev.sundial.UpsertModel.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.head.ColumnBlock;
import dev.sundial.head.SealedChunk;
import dev.sundial.index.TagFilter;
import dev.sundial.partition.Manifest;
import dev.sundial.segment.ChunkMeta;
import dev.sundial.segment.SegmentReader;
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
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Table#delete}: rows of matching series in [from, to) disappear — from segments and from
 * the head, durably (reopen, WAL replay), with upsert precedence intact across overlapping
 * segments, statistics and {@code check} consistent, and nothing rewritten when nothing matches.
 * Every read is compared with {@link UpsertModel}.
 */
class DeleteRowsTest {
    private static final long SEC = 1_000_000_000L;
    private static final long HOUR = 3600 * SEC;
    private static final long BASE = 1_700_000_000_000_000_000L / HOUR * HOUR;
    private static final SundialOptions OPTS = SundialOptions.defaults().withFlushIntervalMillis(0)
            .withBackgroundMaintenance(false); // no background step holds a segment the test expects gone
    private static final long MIN = Long.MIN_VALUE;
    private static final long MAX = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private final UpsertModel model = new UpsertModel();

    private static Table create(Sundial db) throws IOException {
        TableSchema schema = TableSchema.builder("cpu").tag("host").tag("dc").value("usage", ColumnType.DOUBLE)
                .value("count", ColumnType.BIGINT).value("note", ColumnType.VARCHAR).build();
        return db.createTable(schema, TableOptions.DEFAULTS.with(Map.of("partition_by", "hour")));
    }

    /** {@code n} rows per host every {@code step} from {@code start}: usage and count always, note sometimes. */
    private static List<DataPoint> grid(int hosts, long start, int n, long step, double salt) {
        List<DataPoint> out = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            for (int k = 0; k < n; k++) {
                DataPoint.Builder b = DataPoint.at(start + k * step).tag("host", "h" + h).tag("dc", "dc" + (h % 2))
                        .field("usage", salt + h * 1000 + k * 0.5).field("count", (long) k);
                if (k % 7 == 0) {
                    b.field("note", "n" + k);
                }
                out.add(b.build());
            }
        }
        return out;
    }

    private void write(Table t, List<DataPoint> pts) throws IOException {
        for (int i = 0; i < pts.size(); i += 1000) {
            t.insert(pts.subList(i, Math.min(pts.size(), i + 1000)));
        }
        model.writeAll(pts);
    }

    private void assertMatchesModel(Sundial db, Table t, String msg) throws IOException {
        assertThat(sorted(t.query(MIN, MAX, TagFilter.all()))).as(msg).isEqualTo(model.all());
        TableStats s = t.stats();
        assertThat(s.rows()).as(msg + ": stats rows").isEqualTo(model.rowCount());
        assertThat(s.points()).as(msg + ": stats points").isEqualTo(model.pointCount());
        assertThat(db.check().problems()).as(msg + ": check").isEmpty();
    }

    private static List<Long> segmentIds(Table t) {
        return t.storage().manifest().segments().stream().map(Manifest.Entry::segmentId).toList();
    }

    @Test
    void deletesTimeRangeOfAllSeriesFromSegmentsAndHead() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, grid(3, BASE, 900, 10 * SEC, 0)); // 2.5 hours: three partitions
            db.flush();
            write(t, grid(3, BASE + 9000 * SEC, 50, 10 * SEC, 0)); // head only
            long from = BASE + 1000 * SEC;
            long to = BASE + 9200 * SEC; // into the head rows
            long expected = model.delete(from, to, tags -> true);
            assertThat(expected).isEqualTo(3 * (800 + 20));
            assertThat(t.delete(from, to, TagFilter.all())).isEqualTo(expected);
            assertMatchesModel(db, t, "after delete");
            assertThat(t.stats().headRows()).isZero();
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertMatchesModel(db, db.table("cpu"), "after reopen");
        }
    }

    @Test
    void deletesOnlyTheSeriesTheTagFilterSelects() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, grid(4, BASE, 500, 10 * SEC, 0));
            db.flush();
            long n = model.delete(BASE + 100 * SEC, BASE + 2000 * SEC, tags -> tags.get("host").equals("h1"));
            assertThat(t.delete(BASE + 100 * SEC, BASE + 2000 * SEC, TagFilter.eq("host", "h1"))).isEqualTo(n).isEqualTo(190);
            assertMatchesModel(db, t, "host=h1");
            n = model.delete(BASE, BASE + 600 * SEC, tags -> tags.get("dc").equals("dc0") && !tags.get("host").equals("h2"));
            assertThat(t.delete(BASE, BASE + 600 * SEC, TagFilter.eq("dc", "dc0").andNotEquals("host", "h2"))).isEqualTo(n).isEqualTo(60);
            assertMatchesModel(db, t, "dc=dc0 and host!=h2");
            n = model.delete(BASE + 4000 * SEC, MAX, tags -> Set.of("h0", "h3").contains(tags.get("host")));
            assertThat(t.delete(BASE + 4000 * SEC, MAX, TagFilter.all().andIn("host", Set.of("h0", "h3")))).isEqualTo(n).isEqualTo(200);
            assertMatchesModel(db, t, "host in (h0, h3)");
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertMatchesModel(db, db.table("cpu"), "after reopen");
        }
    }

    @Test
    void keepsUpsertPrecedenceAcrossOverlappingAndLateSegments() throws Exception {
        long p1 = BASE + HOUR;
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, grid(2, p1, 100, 10 * SEC, 1)); // segment A: ts p1 + 0..990 s
            db.flush();
            // segment B overlaps A in time: later writes of usage only (count kept from A)
            List<DataPoint> upserts = new ArrayList<>();
            for (int k = 50; k < 150; k++) {
                upserts.add(DataPoint.at(p1 + k * 10 * SEC).tag("host", "h0").tag("dc", "dc0").field("usage", 2000.0 + k).build());
            }
            write(t, upserts);
            db.flush();
            // segment C: late rows of the partition before, and notes upserted into A's first rows
            write(t, grid(2, BASE + 3000 * SEC, 30, 10 * SEC, 3));
            List<DataPoint> notes = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                notes.add(DataPoint.at(p1 + k * 10 * SEC).tag("host", "h0").tag("dc", "dc0").field("note", "late" + k).build());
            }
            write(t, notes);
            db.flush();
            assertThat(t.storage().manifest().segments().stream().filter(e -> e.partitionStart() == p1)).hasSize(3);

            long n = model.delete(p1 + 200 * SEC, p1 + 600 * SEC, tags -> tags.get("host").equals("h0"));
            assertThat(t.delete(p1 + 200 * SEC, p1 + 600 * SEC, TagFilter.eq("host", "h0"))).isEqualTo(n).isEqualTo(40);
            assertMatchesModel(db, t, "after delete");
            // the partition's segments became one; the earlier partition was not touched
            assertThat(t.storage().manifest().segments().stream().filter(e -> e.partitionStart() == p1)).hasSize(1);
            assertThat(t.storage().manifest().segments().stream().filter(e -> e.partitionStart() == BASE)).hasSize(1);
            DataPoint merged = t.query(p1 + 700 * SEC, p1 + 700 * SEC + 1, TagFilter.eq("host", "h0")).get(0);
            assertThat(merged.fields()).isEqualTo(Map.of("usage", 2070.0, "count", 70L, "note", "n70"));
            DataPoint noted = t.query(p1 + 30 * SEC, p1 + 30 * SEC + 1, TagFilter.eq("host", "h0")).get(0);
            assertThat(noted.fields()).isEqualTo(Map.of("usage", 1 + 3 * 0.5, "count", 3L, "note", "late3"));

            // a later write of a kept row wins over the rewritten segment, per field
            List<DataPoint> later = List.of(DataPoint.at(p1 + 700 * SEC).tag("host", "h0").tag("dc", "dc0").field("count", -1L).build());
            write(t, later);
            assertMatchesModel(db, t, "later write in head");
            db.flush();
            assertMatchesModel(db, t, "later write flushed");
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertMatchesModel(db, db.table("cpu"), "after reopen");
        }
    }

    @Test
    void rowsWrittenAfterTheDeleteAtTheSameTimestampsAreVisibleAlone() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, grid(2, BASE, 100, 10 * SEC, 0));
            db.flush();
            write(t, grid(2, BASE + 1000 * SEC, 100, 10 * SEC, 0)); // head only
            long n = model.delete(BASE, BASE + 2000 * SEC, tags -> true);
            assertThat(t.delete(BASE, BASE + 2000 * SEC, TagFilter.all())).isEqualTo(n).isEqualTo(400);
            // re-insert the same timestamps with only one field: the deleted fields must not come back
            List<DataPoint> again = new ArrayList<>();
            for (int k = 0; k < 200; k += 3) {
                again.add(DataPoint.at(BASE + k * 10 * SEC).tag("host", "h0").tag("dc", "dc0").field("usage", -k - 0.5).build());
            }
            write(t, again);
            assertMatchesModel(db, t, "re-inserted, in head");
            assertThat(t.query(BASE, BASE + 1, TagFilter.all()).get(0).fields()).isEqualTo(Map.of("usage", -0.5));
            db.closeWithoutFlushForTesting(); // the WAL holds the deleted rows' records and the new ones
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            Table t = db.table("cpu");
            assertMatchesModel(db, t, "after WAL replay");
            db.flush();
            assertMatchesModel(db, t, "replayed rows flushed");
        }
    }

    @Test
    void deleteOfRowsOnlyInTheHeadSurvivesACrash() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, grid(3, BASE, 300, SEC, 0));
            long n = model.delete(BASE + 100 * SEC, BASE + 200 * SEC, tags -> !tags.get("host").equals("h2"));
            assertThat(t.delete(BASE + 100 * SEC, BASE + 200 * SEC, TagFilter.all().andNotEquals("host", "h2"))).isEqualTo(n).isEqualTo(200);
            db.closeWithoutFlushForTesting();
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertMatchesModel(db, db.table("cpu"), "after crash");
        }
    }

    @Test
    void deleteMatchingNothingRewritesNothing() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, grid(2, BASE, 100, 10 * SEC, 0));
            db.flush();
            List<Long> before = segmentIds(t);
            assertThat(t.delete(BASE + 2 * HOUR, BASE + 3 * HOUR, TagFilter.all())).as("no rows in range").isZero();
            assertThat(t.delete(BASE, MAX, TagFilter.eq("host", "nope"))).as("no such series").isZero();
            assertThat(t.delete(BASE, MAX, TagFilter.eq("nosuchtag", "x"))).as("no such tag").isZero();
            assertThat(t.delete(BASE + 10 * SEC, BASE + 10 * SEC, TagFilter.all())).as("from == to").isZero();
            assertThat(t.delete(BASE + 20 * SEC, BASE, TagFilter.all())).as("from > to").isZero();
            assertThat(t.delete(BASE + 11 * SEC, BASE + 19 * SEC, TagFilter.all())).as("between two rows").isZero();
            assertThat(segmentIds(t)).isEqualTo(before);
            assertMatchesModel(db, t, "nothing deleted");
            assertThat(t.delete(BASE + 10 * SEC, BASE + 11 * SEC, TagFilter.eq("host", "h1"))).isEqualTo(model.delete(
                    BASE + 10 * SEC, BASE + 11 * SEC, tags -> tags.get("host").equals("h1"))).isEqualTo(1);
            assertThat(segmentIds(t)).isNotEqualTo(before);
            assertMatchesModel(db, t, "one row deleted");
        }
    }

    @Test
    void deletingEveryRowEmptiesPartitionsAndTheTableStaysUsable() throws Exception {
        Path tableDir;
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            tableDir = db.layout().tableDir(t.storage().definition().id());
            write(t, grid(3, BASE - 2 * HOUR, 1000, 10 * SEC, 0));
            db.flush();
            write(t, grid(1, BASE + 10 * HOUR, 10, SEC, 0));
            long n = model.delete(MIN, MAX, tags -> true);
            assertThat(t.delete(MIN, MAX, TagFilter.all())).isEqualTo(n).isEqualTo(3010);
            assertThat(t.storage().manifest().segments()).isEmpty();
            assertThat(partitionDirs(tableDir)).isEmpty();
            assertMatchesModel(db, t, "all deleted");
            assertThat(t.stats().partitions()).isZero();
            write(t, grid(2, BASE, 10, SEC, 7));
            assertMatchesModel(db, t, "written again");
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertMatchesModel(db, db.table("cpu"), "after reopen");
            assertThat(partitionDirs(tableDir)).hasSize(1);
        }
    }

    private static List<Path> partitionDirs(Path tableDir) throws IOException {
        try (Stream<Path> s = Files.list(tableDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("p-")).toList();
        }
    }

    @Test
    void aQueryStartedBeforeTheDeleteKeepsItsSnapshot() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, grid(2, BASE, 200, 10 * SEC, 0));
            db.flush();
            List<DataPoint> before = model.all();
            List<Path> oldFiles = t.storage().segments().segments().stream().map(SegmentReader::file).toList();
            int rows = 0;
            try (SeriesCursor c = t.scan(MIN, MAX, TagFilter.all())) {
                model.delete(MIN, MAX, tags -> true);
                assertThat(t.delete(MIN, MAX, TagFilter.all())).isEqualTo(before.size());
                assertThat(t.query(MIN, MAX, TagFilter.all())).isEmpty();
                assertThat(oldFiles).allMatch(Files::exists); // still read by the cursor
                while (c.hasNext()) {
                    rows += c.next().rows().size;
                }
            }
            assertThat(rows).isEqualTo(before.size());
            assertThat(oldFiles).noneMatch(Files::exists); // retired files go with the last reader
            assertMatchesModel(db, t, "after the snapshot closed");
        }
    }

    @Test
    void chunksOutsideTheRangeAreCopiedByteForByte() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            write(t, grid(2, BASE, 3000, SEC, 0)); // one partition; chunks of 4096 rows: one per host... 
            write(t, grid(2, BASE + 3000 * SEC, 3000, 100_000_000L, 0)); // ...plus more rows, several chunks
            db.flush();
            int h0 = t.selectSeries(TagFilter.eq("host", "h0")).first();
            int h1 = t.selectSeries(TagFilter.eq("host", "h1")).first();
            List<SealedChunk> h0Before = chunks(t, h0);
            List<SealedChunk> h1Before = chunks(t, h1);
            assertThat(h1Before).hasSizeGreaterThan(1);
            // cut inside h1's last chunk only
            SealedChunk last = h1Before.get(h1Before.size() - 1);
            long n = model.delete(last.minTs() + SEC, last.maxTs(), tags -> tags.get("host").equals("h1"));
            assertThat(t.delete(last.minTs() + SEC, last.maxTs(), TagFilter.eq("host", "h1"))).isEqualTo(n).isPositive();
            assertSameBytes(chunks(t, h0), h0Before);
            List<SealedChunk> h1After = chunks(t, h1);
            assertSameBytes(h1After.subList(0, h1After.size() - 1), h1Before.subList(0, h1Before.size() - 1));
            assertThat(h1After.get(h1After.size() - 1).rowCount()).isEqualTo(last.rowCount() - n);
            assertMatchesModel(db, t, "after cut");
        }
    }

    private static List<SealedChunk> chunks(Table t, int series) throws IOException {
        List<SealedChunk> out = new ArrayList<>();
        for (SegmentReader r : t.storage().segments().segments()) {
            for (ChunkMeta m : r.chunks(series)) {
                out.add(r.readChunk(m));
            }
        }
        return out;
    }

    private static void assertSameBytes(List<SealedChunk> actual, List<SealedChunk> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            SealedChunk a = actual.get(i);
            SealedChunk e = expected.get(i);
            assertThat(a.timestamps()).isEqualTo(e.timestamps());
            assertThat(a.columns()).hasSameSizeAs(e.columns());
            for (int c = 0; c < a.columns().size(); c++) {
                ColumnBlock x = a.columns().get(c);
                ColumnBlock y = e.columns().get(c);
                assertThat(x.values()).isEqualTo(y.values());
                assertThat(x.presence()).isEqualTo(y.presence());
                assertThat(x.stats()).isEqualTo(y.stats());
            }
        }
    }

    @Test
    void writersAndQueriesRunWhileDeletesRewritePartitions() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS.withHeadMaxBytes(1 << 20))) {
            Table t = create(db);
            write(t, grid(1, BASE, 3600, SEC, 0)); // host h0: deleted piece by piece below
            db.flush();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int w = 1; w <= 2; w++) {
                String host = "w" + w;
                threads.add(new Thread(() -> {
                    try {
                        for (int k = 0; k < 200; k++) {
                            List<DataPoint> pts = new ArrayList<>();
                            for (int i = 0; i < 20; i++) {
                                pts.add(DataPoint.at(BASE + (k * 20 + i) * SEC).tag("host", host).field("usage", k + i * 0.5).build());
                            }
                            t.insert(pts);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            threads.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        for (DataPoint p : t.query(MIN, MAX, TagFilter.eq("host", "h0"))) {
                            assertThat(p.field("count")).isNotNull(); // never a half-merged row
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
            threads.forEach(Thread::start);
            long deleted = 0;
            for (int piece = 0; piece < 12; piece++) {
                deleted += t.delete(BASE + piece * 300 * SEC, BASE + (piece + 1) * 300 * SEC, TagFilter.eq("host", "h0"));
            }
            for (Thread th : threads.subList(0, 2)) {
                th.join();
            }
            stop.set(true);
            threads.get(2).join();
            assertThat(failure.get()).isNull();
            assertThat(deleted).isEqualTo(3600);
            assertThat(t.query(MIN, MAX, TagFilter.eq("host", "h0"))).isEmpty();
            assertThat(t.query(MIN, MAX, TagFilter.eq("host", "w1"))).hasSize(4000);
            assertThat(t.query(MIN, MAX, TagFilter.eq("host", "w2"))).hasSize(4000);
            assertThat(t.stats().rows()).isEqualTo(8000);
            assertThat(db.check().problems()).isEmpty();
        }
    }

    @Test
    void randomWritesFlushesAndDeletesMatchTheModel() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        String msg = "seed=" + seed;
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db);
            for (int step = 0; step < 40; step++) {
                int op = rnd.nextInt(10);
                if (op < 5) {
                    List<DataPoint> pts = new ArrayList<>();
                    int n = 1 + rnd.nextInt(400);
                    for (int i = 0; i < n; i++) {
                        long ts = BASE + rnd.nextInt(3 * 3600) * SEC;
                        DataPoint.Builder b = DataPoint.at(ts).tag("host", "h" + rnd.nextInt(4)).tag("dc", "dc" + rnd.nextInt(2));
                        if (rnd.nextInt(4) != 0) {
                            b.field("usage", rnd.nextInt(1000) / 10.0);
                        }
                        if (rnd.nextBoolean()) {
                            b.field("count", (long) rnd.nextInt(100));
                        }
                        if (rnd.nextInt(5) == 0 || b.build().fields().isEmpty()) {
                            b.field("note", "n" + rnd.nextInt(5));
                        }
                        pts.add(b.build());
                    }
                    write(t, pts);
                } else if (op < 7) {
                    db.flush();
                } else {
                    long from = BASE + rnd.nextInt(3 * 3600) * SEC;
                    long to = from + rnd.nextInt(3600) * SEC;
                    String host = "h" + rnd.nextInt(5);
                    boolean byHost = rnd.nextBoolean();
                    long n = model.delete(from, to, tags -> !byHost || tags.get("host").equals(host));
                    long got = t.delete(from, to, byHost ? TagFilter.eq("host", host) : TagFilter.all());
                    assertThat(got).as(msg + " step " + step).isEqualTo(n);
                }
                assertThat(sorted(t.query(MIN, MAX, TagFilter.all()))).as(msg + " step " + step).isEqualTo(model.all());
            }
            assertMatchesModel(db, t, msg + " end");
            db.closeWithoutFlushForTesting();
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertMatchesModel(db, db.table("cpu"), msg + " after replay");
        }
    }
}
