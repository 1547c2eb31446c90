package dev.sundial.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import dev.sundial.WriteBatch;
import dev.sundial.fs.Errno;
import dev.sundial.fs.FaultInjectingFileLayer;
import dev.sundial.fs.FaultRule;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.FileOp;
import dev.sundial.index.TagFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O errors injected under a running database ({@link FaultInjectingFileLayer}): a failed WAL
 * fsync fails its writer unacknowledged and stops all later writes until the database is reopened
 * (PostgreSQL's fsync lesson: never retry as if it had worked); a full disk fails an import
 * cleanly; failed segment, manifest and directory fsyncs fail a flush without losing a row. After
 * each, the database reopens on a healthy disk with every acknowledged row exactly once and
 * {@code check} clean.
 */
class FaultInjectionTest {
    private static final long SEC = 1_000_000_000L;

    @TempDir
    Path dir;

    private static SundialOptions options(FileLayer fs) {
        return SundialOptions.defaults().withFlushIntervalMillis(0).withWalSegmentBytes(64 << 10).withFileLayer(fs);
    }

    /** Batch b: 2 series x 50 rows; returns the rows for the model. */
    private static List<DataPoint> batch(int b) {
        List<DataPoint> pts = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (int r = 0; r < 50; r++) {
                pts.add(DataPoint.at((b * 50L + r) * SEC).tag("host", "h" + s).field("v", b * 100.0 + r).build());
            }
        }
        return pts;
    }

    private static void commit(Sundial db, List<DataPoint> pts) throws IOException {
        WriteBatch wb = db.newBatch();
        for (DataPoint p : pts) {
            wb.add("m", p);
        }
        wb.commit();
    }

    /** Reopens on the real disk: the acknowledged rows are there, once; an unacknowledged batch is whole or absent. */
    private void verifyAfterReopen(Set<DataPoint> acked, List<DataPoint> unacked) throws IOException {
        try (Sundial db = Sundial.open(dir, options(FileLayer.REAL))) {
            assertThat(db.problems()).isEmpty();
            List<DataPoint> got = db.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all());
            Set<DataPoint> set = new HashSet<>(got);
            assertThat(set.size()).as("rows returned twice").isEqualTo(got.size());
            Set<DataPoint> missing = new HashSet<>(acked);
            missing.removeAll(set);
            assertThat(missing).as("acknowledged rows lost").isEmpty();
            Set<DataPoint> extra = new HashSet<>(set);
            extra.removeAll(acked);
            if (!extra.isEmpty()) {
                assertThat(extra).as("only a whole unacknowledged batch may appear").isEqualTo(new HashSet<>(unacked));
            }
            assertThat(db.check().problems()).isEmpty();
        }
    }

    @Test
    void aFailedWalFsyncFailsTheWriterAndStopsWritesUntilReopened() throws IOException {
        FaultInjectingFileLayer fs = new FaultInjectingFileLayer(FileLayer.REAL);
        Set<DataPoint> acked = new HashSet<>();
        List<DataPoint> failed = batch(3);
        Sundial db = Sundial.open(dir, options(fs));
        try {
            for (int b = 0; b < 3; b++) {
                commit(db, batch(b));
                acked.addAll(batch(b));
            }
            FaultRule rule = fs.add(FaultRule.on(FileOp.FORCE).path("wal-*.log").times(1).fail(Errno.EIO));
            assertThatThrownBy(() -> commit(db, failed)).isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
            assertThat(rule.fired()).isEqualTo(1);
            // the fault is gone, but the log is not trusted again: every later write fails clearly
            assertThatThrownBy(() -> commit(db, batch(4))).isInstanceOf(IOException.class).hasMessageContaining("reopen");
            // readers keep every acknowledged row (and may see the failed batch: it was applied before
            // its fsync, as every write is; it was not acknowledged, and after a reopen it is whole or absent)
            Set<DataPoint> visible = new HashSet<>(db.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()));
            assertThat(visible.containsAll(acked)).isTrue();
        } finally {
            try {
                db.close();
            } catch (IOException expected) {
                // closing cannot flush through a failed log; the WAL is replayed on reopen
            }
        }
        verifyAfterReopen(acked, failed);
    }

    @Test
    void aFullDiskFailsTheImportCleanlyAndTheDatabaseReopens() throws IOException {
        FaultInjectingFileLayer fs = new FaultInjectingFileLayer(FileLayer.REAL);
        Set<DataPoint> acked = new HashSet<>();
        List<DataPoint> failed = List.of();
        try (Sundial db = Sundial.open(dir, options(fs))) {
            fs.limitFreeSpace(64 << 10);
            int b = 0;
            while (true) {
                List<DataPoint> pts = batch(b);
                try {
                    commit(db, pts);
                } catch (IOException e) {
                    assertThat(e).hasMessageContaining("No space left on device");
                    failed = pts;
                    break;
                }
                acked.addAll(pts);
                if (b % 10 == 9) {
                    try {
                        db.flush();
                    } catch (IOException e) {
                        assertThat(e).hasMessageContaining("No space left on device"); // flush may hit the wall first
                    }
                }
                b++;
                assertThat(b).as("the disk never filled").isLessThan(10_000);
            }
            assertThat(acked).isNotEmpty();
            fs.unlimitFreeSpace();
        } catch (IOException closing) {
            // close may fail: the WAL failed; reopening recovers
        }
        verifyAfterReopen(acked, failed);
    }

    @Test
    void failedFlushFsyncsLoseNothingAndTheNextFlushSucceeds() throws IOException {
        for (FaultRule rule : List.of(
                FaultRule.on(FileOp.FORCE).path("*.sdseg.tmp").times(1).fail(Errno.EIO),
                FaultRule.on(FileOp.FORCE).path("manifest.sdm.tmp").times(1).fail(Errno.EIO),
                FaultRule.on(FileOp.RENAME).path("manifest.sdm").times(1).fail(Errno.EIO),
                FaultRule.on(FileOp.SYNC_DIRECTORY).path("**/tables/t0").times(1).fail(Errno.EIO),
                FaultRule.on(FileOp.WRITE).path("*.sdseg.tmp").times(1).writePartThenFail(100, Errno.ENOSPC))) {
            FileLayer.REAL.deleteTree(dir);
            FaultInjectingFileLayer fs = new FaultInjectingFileLayer(FileLayer.REAL);
            Set<DataPoint> acked = new HashSet<>();
            try (Sundial db = Sundial.open(dir, options(fs))) {
                for (int b = 0; b < 4; b++) {
                    commit(db, batch(b));
                    acked.addAll(batch(b));
                }
                fs.add(rule);
                assertThatThrownBy(db::flush).as(rule.toString()).isInstanceOf(IOException.class);
                assertThat(rule.fired()).as(rule.toString()).isEqualTo(1);
                Table t = db.table("m");
                assertThat(new HashSet<>(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).isEqualTo(acked);
                commit(db, batch(9)); // writes go on: the WAL is healthy
                acked.addAll(batch(9));
                db.flush(); // the retry writes new files; nothing of the failed attempt is trusted
                assertThat(new HashSet<>(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).as(rule.toString()).isEqualTo(acked);
            }
            verifyAfterReopen(acked, List.of());
        }
    }
}
