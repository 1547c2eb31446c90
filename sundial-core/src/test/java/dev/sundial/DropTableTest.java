package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Sundial#dropTable}: the table leaves the catalog and the disk, stays gone after reopen even
 * with its rows still in the WAL, a directory left by a crash after the catalog change is removed on
 * open, ids are not reused, a new table of the same name starts empty, and stale handles and
 * batches fail clearly.
 */
class DropTableTest {
    private static final long SEC = 1_000_000_000L;
    /** No background maintenance: the test copies a table directory while the database is open, and a rollup build would write into it meanwhile. */
    private static final SundialOptions OPTS = SundialOptions.defaults().withFlushIntervalMillis(0).withBackgroundMaintenance(false);

    @TempDir
    Path dir;

    private static Table create(Sundial db, String name) throws IOException {
        return db.createTable(TableSchema.builder(name).tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
    }

    private static void write(Table t, int n, double v) throws IOException {
        List<DataPoint> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pts.add(DataPoint.at(i * SEC).tag("host", "h" + (i % 3)).field("v", v + i).build());
        }
        t.insert(pts);
    }

    private static List<DataPoint> all(Table t) {
        return t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all());
    }

    private static int id(Table t) {
        return t.storage().definition().id();
    }

    @Test
    void dropThenRecreateStartsEmptyAlsoAfterReopen() throws Exception {
        Path oldDir;
        int oldId;
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db, "m");
            Table other = create(db, "other");
            write(t, 100, 0);
            write(other, 10, 0);
            db.flush();
            write(t, 50, 1000); // also rows only in the head
            oldId = id(t);
            oldDir = db.layout().tableDir(oldId);
            assertThat(oldDir).isDirectory();
            assertThat(db.dropTable("m")).isTrue();
            assertThat(db.table("m")).isNull();
            assertThat(db.tables()).extracting(Table::name).containsExactly("other");
            assertThat(oldDir).doesNotExist();
            assertThat(db.dropTable("m")).as("second drop").isFalse();
            Table again = db.createTable(TableSchema.builder("m").tag("dc").value("w", ColumnType.BIGINT).build(), TableOptions.DEFAULTS);
            assertThat(id(again)).isGreaterThan(id(other));
            assertThat(all(again)).isEmpty();
            again.insert(DataPoint.at(5).tag("dc", "x").field("w", 7L).build());
            assertThat(db.check().problems()).isEmpty();
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertThat(db.repairs()).isEmpty();
            Table m = db.table("m");
            assertThat(id(m)).isNotEqualTo(oldId);
            assertThat(all(m)).containsExactly(DataPoint.at(5).tag("dc", "x").field("w", 7L).build());
            assertThat(all(db.table("other"))).hasSize(10);
            assertThat(oldDir).doesNotExist();
            // ids are not reused after a reopen either
            assertThat(db.dropTable("m")).isTrue();
            assertThat(id(create(db, "n"))).isGreaterThan(id(m));
        }
    }

    @Test
    void walRecordsOfADroppedTableAreSkippedOnReplay() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db, "m");
            Table keep = create(db, "keep");
            write(t, 100, 0);
            write(keep, 30, 0);
            assertThat(db.dropTable("m")).isTrue();
            db.closeWithoutFlushForTesting(); // the WAL still holds m's rows, and keep's
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertThat(db.table("m")).isNull();
            assertThat(all(db.table("keep"))).hasSize(30);
            // same name again, through the auto-creating write path, with the old records still in the WAL
            db.newBatch().add("m", DataPoint.at(3 * SEC).tag("host", "new").field("v", -1.0).build()).commit();
            db.closeWithoutFlushForTesting();
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertThat(all(db.table("m"))).containsExactly(DataPoint.at(3 * SEC).tag("host", "new").field("v", -1.0).build());
            assertThat(all(db.table("keep"))).hasSize(30);
            assertThat(db.check().problems()).isEmpty();
        }
    }

    @Test
    void directoryLeftByACrashAfterTheCatalogChangeIsRemovedOnOpen() throws Exception {
        Path saved = dir.resolveSibling(dir.getFileName() + "-saved");
        Path tableDir;
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db, "m");
            write(t, 100, 0);
            db.flush();
            tableDir = db.layout().tableDir(id(t));
            copyTree(tableDir, saved);
            assertThat(db.dropTable("m")).isTrue();
        }
        copyTree(saved, tableDir); // as if the process died between the catalog rewrite and the delete
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            assertThat(db.repairs()).anySatisfy(r -> assertThat(r).contains(tableDir.toString()).contains("dropped"));
            assertThat(tableDir).doesNotExist();
            assertThat(db.table("m")).isNull();
            assertThat(db.check().ok()).isTrue();
        } finally {
            deleteTree(saved);
        }
    }

    @Test
    void aDirectoryWithAnIdTheCatalogNeverAssignedRefusesTheOpenAndIsKept() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            create(db, "m");
        }
        Path stray = dir.resolve("tables").resolve("t42");
        Files.createDirectories(stray);
        assertThatThrownBy(() -> Sundial.open(dir, OPTS)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("t42").hasMessageContaining("never assigned").hasMessageContaining("Restore the catalog");
        assertThat(stray).isDirectory();
        Files.delete(stray); // the operator moves it away: the database opens again
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.table("m")).isNotNull();
        }
    }

    @Test
    void staleHandlesAndBatchesFailClearly() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db, "m");
            write(t, 10, 0);
            WriteBatch pending = db.newBatch().add("m", DataPoint.at(99 * SEC).tag("host", "x").field("v", 1.0).build());
            WriteBatch reused = db.newBatch();
            reused.add("m", DataPoint.at(98 * SEC).tag("host", "x").field("v", 1.0).build()).commit();
            assertThat(db.dropTable("m")).isTrue();

            assertThatThrownBy(pending::commit).isInstanceOf(WriteBatch.WriteException.class)
                    .hasMessageContaining("cannot write to table m: it was dropped");
            assertThatThrownBy(() -> t.insert(DataPoint.at(1).tag("host", "a").field("v", 1.0).build()))
                    .isInstanceOf(IllegalStateException.class).hasMessage("cannot insert into table m: it was dropped");
            assertThatThrownBy(() -> t.delete(0, 10, TagFilter.all())).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot delete from table m: it was dropped");
            assertThatThrownBy(() -> t.scan(0, 10, TagFilter.all())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("it was dropped");
            assertThatThrownBy(t::stats).isInstanceOf(IllegalStateException.class).hasMessageContaining("it was dropped");
            assertThat(db.table("m")).isNull();

            // a batch reused after the drop resolves the name afresh: auto-create makes a new, empty table
            reused.add("m", DataPoint.at(7 * SEC).tag("host", "y").field("v", 2.0).build()).commit();
            assertThat(all(db.table("m"))).containsExactly(DataPoint.at(7 * SEC).tag("host", "y").field("v", 2.0).build());
            assertThat(db.check().problems()).isEmpty();
        }
    }

    @Test
    void aQueryOpenedBeforeTheDropFinishesOnItsSnapshot() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = create(db, "m");
            write(t, 300, 0);
            db.flush();
            write(t, 30, 500);
            int rows = 0;
            try (SeriesCursor c = t.scan(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
                assertThat(db.dropTable("m")).isTrue();
                while (c.hasNext()) {
                    rows += c.next().rows().size;
                }
            }
            assertThat(rows).isEqualTo(300);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        dev.sundial.fs.FileLayer.REAL.deleteTree(p);
    }
}
