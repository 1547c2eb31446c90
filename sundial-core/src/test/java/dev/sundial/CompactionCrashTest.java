package dev.sundial;

import static dev.sundial.UpsertModel.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.fs.CrashMode;
import dev.sundial.fs.CrashRecordingFileLayer;
import dev.sundial.fs.Errno;
import dev.sundial.fs.FaultInjectingFileLayer;
import dev.sundial.fs.FaultRule;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.FileOp;
import dev.sundial.fs.PowerCut;
import dev.sundial.index.TagFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of rewrites (compaction and deletes): a power cut at every file operation of a
 * compaction loses no row and leaves {@code check} clean; a crash between a rewrite's commit and the
 * removal of the replaced files, followed by a lost or damaged manifest, does not bring deleted rows
 * back (the commit record proves the replaced segments garbage); a crash between the commit record
 * and the manifest replacement completes the rewrite on open.
 */
class CompactionCrashTest {
    private static final long SEC = CompactionTest.SEC;
    private static final long HOUR = CompactionTest.HOUR;
    private static final long DAY = CompactionTest.DAY;
    private static final long T0 = CompactionTest.T0;

    @TempDir
    Path tmp;

    private final UpsertModel model = new UpsertModel();

    /** Rows in 4 days written in overlapping flushes, a delete; closed (so the WAL holds nothing). */
    private void load(Path dir, long seed) throws IOException {
        Random rnd = new Random(seed);
        try (Sundial db = Sundial.open(dir, CompactionTest.OPTS)) {
            Table t = CompactionTest.create(db);
            for (int round = 0; round < 4; round++) {
                List<DataPoint> batch = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    long ts = T0 + (long) (rnd.nextDouble() * 4 * DAY) / SEC * SEC;
                    batch.add(DataPoint.at(ts).tag("host", "h" + rnd.nextInt(3)).field("usage", (double) rnd.nextInt(100))
                            .field("count", (long) round).build());
                }
                t.insert(batch);
                model.writeAll(batch);
                db.flush();
            }
            t.delete(T0 + DAY, T0 + DAY + 6 * HOUR, TagFilter.eq("host", "h0"));
            model.delete(T0 + DAY, T0 + DAY + 6 * HOUR, tags -> tags.get("host").equals("h0"));
        }
    }

    private void verify(Path dir, String msg) throws IOException {
        try (Sundial db = Sundial.open(dir, CompactionTest.OPTS)) {
            assertThat(db.problems()).as(msg).isEmpty();
            Table t = db.table("cpu");
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).as(msg).isEqualTo(model.all());
            assertThat(db.check().problems()).as(msg + ": check").isEmpty();
        }
    }

    @Test
    void aPowerCutAtEveryOperationOfACompactionLosesNothing() throws IOException {
        long seed = Long.getLong("sundial.compaction.powerloss.seed", System.nanoTime());
        Path dir = Files.createDirectories(tmp.resolve("db"));
        load(dir, seed);
        CrashRecordingFileLayer fs = new CrashRecordingFileLayer(FileLayer.REAL, dir);
        try (Sundial db = Sundial.open(dir, CompactionTest.OPTS.withFileLayer(fs))) {
            List<String> done = CompactionTest.compactAll(db.compactionTask());
            assertThat(done).isNotEmpty().allMatch(s -> s.contains("compacted"));
            assertThat(sorted(db.table("cpu").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
        }
        int ops = fs.operationCount();
        Random rnd = new Random(seed);
        int cuts = 0;
        for (int k = 0; k <= ops; k++) {
            for (CrashMode mode : List.of(CrashMode.pessimistic(), CrashMode.random(rnd.nextLong()))) {
                Path cutDir = tmp.resolve("cut");
                PowerCut cut = fs.materialize(k, cutDir, mode);
                try {
                    String msg = "seed=" + seed + " " + cut;
                    verify(cutDir, msg);
                    if (k % 10 == 0) { // compaction resumes and converges after the cut
                        try (Sundial db = Sundial.open(cutDir, CompactionTest.OPTS)) {
                            CompactionTest.compactAll(db.compactionTask());
                        }
                        verify(cutDir, msg + ", compacted after the cut");
                    }
                } finally {
                    FileLayer.REAL.deleteTree(cutDir);
                }
                cuts++;
            }
        }
        System.out.println("CompactionCrashTest: seed=" + seed + ", " + ops + " operations, " + cuts + " simulated power cuts");
        assertThat(ops).as("operations recorded").isGreaterThan(20);
    }

    @Test
    void deletedRowsStayDeletedWhenTheManifestIsLostBeforeTheReplacedFilesAreGone() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("db"));
        load(dir, 42);
        FaultInjectingFileLayer fs = new FaultInjectingFileLayer(FileLayer.REAL);
        // the crash window: the rewrite committed, the replaced files not yet deleted
        fs.add(FaultRule.on(FileOp.DELETE).path("seg-*.sdseg").fail(Errno.EIO));
        try (Sundial db = Sundial.open(dir, CompactionTest.OPTS.withFileLayer(fs))) {
            Table t = db.table("cpu");
            t.delete(T0, T0 + 2 * DAY, TagFilter.eq("host", "h1"));
            model.delete(T0, T0 + 2 * DAY, tags -> tags.get("host").equals("h1"));
            CompactionTest.compactAll(db.compactionTask());
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
        }
        assertThat(files(dir, ".sdrw")).as("commit records kept while replaced files remain").isNotEmpty();
        Path manifest = dir.resolve("tables/t0/manifest.sdm");
        byte[] b = Files.readAllBytes(manifest);
        b[b.length / 2] ^= 0x40;
        Files.write(manifest, b);
        try (Sundial db = Sundial.open(dir, CompactionTest.OPTS)) {
            assertThat(db.problems()).as("the rebuild is reported").anyMatch(p -> p.contains("rebuilt the manifest")
                    && p.contains("committed rewrites"));
            assertThat(sorted(db.table("cpu").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())))
                    .as("deleted rows stay deleted").isEqualTo(model.all());
        }
        assertThat(files(dir, ".sdrw")).as("records removed once the replaced files are gone").isEmpty();
    }

    @Test
    void aCrashBetweenTheCommitRecordAndTheManifestCompletesTheRewriteOnOpen() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("db"));
        load(dir, 43);
        FaultInjectingFileLayer fs = new FaultInjectingFileLayer(FileLayer.REAL);
        fs.add(FaultRule.on(FileOp.RENAME).path("manifest.sdm").times(1).fail(Errno.EIO));
        Sundial db = Sundial.open(dir, CompactionTest.OPTS.withFileLayer(fs));
        Table t = db.table("cpu");
        t.delete(T0 + 2 * DAY, T0 + 3 * DAY, TagFilter.all());
        model.delete(T0 + 2 * DAY, T0 + 3 * DAY, tags -> true);
        assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
        db.closeWithoutFlushForTesting(); // the crash: the manifest on disk is the old one
        try (Sundial again = Sundial.open(dir, CompactionTest.OPTS)) {
            assertThat(again.problems()).isEmpty();
            assertThat(again.repairs()).anyMatch(r -> r.contains("completed the rewrite"));
            assertThat(sorted(again.table("cpu").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(model.all());
            assertThat(again.check().problems()).isEmpty();
        }
        assertThat(files(dir, ".sdrw")).isEmpty();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }
}
