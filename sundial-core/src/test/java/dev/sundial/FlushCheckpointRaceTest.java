package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defect 1: a table created while a flush runs (after the flush listed the tables) must
 * not lose its acknowledged rows to that flush's WAL checkpoint, nor may a crash afterwards
 * quarantine the WAL of other tables.
 */
class FlushCheckpointRaceTest {
    private static final long SEC = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aTableCreatedDuringAFlushKeepsItsRowsAcrossACrash() throws Exception {
        // tiny WAL segments, so the checkpoint can delete the segment that holds the new table's rows
        SundialOptions opts = SundialOptions.defaults().withFlushIntervalMillis(0).withWalSegmentBytes(4096);
        Sundial db = Sundial.open(dir, opts);
        Table old = db.createTable(TableSchema.builder("old").tag("h").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
        insert(old, 0, 200);
        CountDownLatch listed = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        db.flushes().afterListTakenForTesting = () -> {
            listed.countDown();
            try {
                resume.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread flusher = new Thread(() -> {
            try {
                db.flush();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        flusher.start();
        assertThat(listed.await(30, TimeUnit.SECONDS)).isTrue();
        Table fresh = db.createTable(TableSchema.builder("fresh").tag("h").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
        insert(fresh, 0, 300); // acknowledged (wal.sync=batch)
        insert(old, 1000, 50);  // acknowledged rows of the old table after the flush listed it
        db.flushes().afterListTakenForTesting = null;
        resume.countDown();
        flusher.join(30_000);
        insert(old, 2000, 50);
        db.closeWithoutFlushForTesting(); // a crash: the head is lost, only the WAL and segments remain

        try (Sundial again = Sundial.open(dir, opts)) {
            assertThat(again.problems()).as("problems on reopen").isEmpty();
            assertThat(again.table("fresh").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())).hasSize(300);
            assertThat(again.table("old").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())).hasSize(300);
            assertThat(again.check().ok()).isTrue();
        }
    }

    private static void insert(Table t, long startSec, int n) throws Exception {
        List<DataPoint> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pts.add(DataPoint.at((startSec + i) * SEC).tag("h", "a").field("v", (double) i).build());
        }
        t.insert(pts);
    }
}
