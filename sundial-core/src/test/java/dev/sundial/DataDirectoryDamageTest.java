package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.fs.FormatTooNewException;
import dev.sundial.fs.Quarantine;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defects 2, 3, 5, 7 and 8: what a hostile operator does to a data directory (delete or
 * damage the manifest, delete the catalog, put a newer build's file in place, damage a segment)
 * never loses or silently changes data: the open rebuilds what it can prove, refuses what it cannot,
 * and damage stays reported until an operator removes it from the quarantine.
 */
class DataDirectoryDamageTest {
    private static final long SEC = 1_000_000_000L;
    private static final SundialOptions OPTS = SundialOptions.defaults().withFlushIntervalMillis(0).withWalSegmentBytes(4096);

    @TempDir
    Path dir;

    /** Three flushes (the WAL is checkpointed past its first segments), then rows only in the WAL. */
    private List<DataPoint> writeFlushedAndUnflushed() throws IOException {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table t = db.createTable(TableSchema.builder("m").tag("h").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            for (int round = 0; round < 3; round++) {
                insert(t, round * 1000, 200);
                db.flush();
            }
            insert(t, 5000, 100); // acknowledged, in the WAL only
            List<DataPoint> all = all(db);
            db.closeWithoutFlushForTesting();
            assertThat(all).hasSize(700);
            return all;
        }
    }

    private static void insert(Table t, long startSec, int n) throws IOException {
        List<DataPoint> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pts.add(DataPoint.at((startSec + i) * SEC).tag("h", "h" + (i % 4)).field("v", startSec + i * 0.5).build());
        }
        t.insert(pts);
    }

    private static List<DataPoint> all(Sundial db) {
        return db.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all());
    }

    private Path manifest() {
        return dir.resolve("tables/t0/manifest.sdm");
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("tables"))) {
            return s.filter(p -> p.toString().endsWith(".sdseg") && !p.toString().contains("/rollup/")) /* a table's own segments */.sorted().toList();
        }
    }

    @Test
    void aMissingManifestIsRebuiltFromTheSegmentsAndNothingIsDeleted() throws IOException {
        List<DataPoint> written = writeFlushedAndUnflushed();
        List<Path> segs = segments();
        assertThat(segs).isNotEmpty();
        Files.delete(manifest());
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(String.join("\n", db.problems())).contains("rebuilt the manifest").contains("missing");
            assertThat(segments()).containsAll(segs);
            assertThat(all(db)).isEqualTo(written);
            assertThat(db.check().ok()).as("the loss stays reported").isFalse();
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(all(db)).isEqualTo(written);
            assertThat(String.join("\n", db.check().problems())).contains("manifest.sdm");
        }
    }

    @Test
    void aMissingManifestWithEverySegmentGoneIsReportedAsLossNotAsANewTable() throws IOException {
        writeFlushedAndUnflushed();
        for (Path seg : segments()) {
            Files.delete(seg);
        }
        Files.delete(manifest());
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(String.join("\n", db.problems())).contains("manifest.sdm").contains("is missing")
                    .contains("rows flushed to segments are lost");
            assertThat(all(db)).as("the rows still in the WAL").hasSize(100);
            assertThat(db.check().ok()).isFalse();
        }
    }

    @Test
    void aCorruptManifestKeepsTheCheckpointedWal() throws IOException {
        List<DataPoint> written = writeFlushedAndUnflushed();
        byte[] b = Files.readAllBytes(manifest());
        b[b.length / 2] ^= 0x01;
        Files.write(manifest(), b);
        try (Sundial db = Sundial.open(dir, OPTS)) {
            String problems = String.join("\n", db.problems());
            assertThat(problems).contains("rebuilt the manifest").doesNotContain("hole");
            assertThat(all(db)).as("the rows only in the WAL are replayed, not quarantined").isEqualTo(written);
        }
        try (Stream<Path> q = Files.list(dir.resolve("quarantine"))) {
            assertThat(q.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("wal-"));
        }
        try (Sundial db = Sundial.open(dir, OPTS)) { // and again, after the rebuilt manifest was used
            assertThat(all(db)).isEqualTo(written);
            db.table("m").insert(DataPoint.at(9000 * SEC).tag("h", "h0").field("v", 1.0).build());
            db.flush();
            assertThat(all(db)).hasSize(written.size() + 1);
        }
    }

    @Test
    void aDeletedCatalogRefusesTheOpenAndNothingIsReused() throws IOException {
        List<DataPoint> written = writeFlushedAndUnflushed();
        Path catalog = dir.resolve("catalog.sdc");
        Path saved = dir.resolve("catalog.saved");
        Files.move(catalog, saved);
        assertThatThrownBy(() -> Sundial.open(dir, OPTS)).isInstanceOf(IOException.class)
                .hasMessageContaining("catalog").hasMessageContaining("missing").hasMessageContaining("t0");
        assertThat(dir.resolve("tables/t0")).isDirectory();
        assertThat(catalog).doesNotExist(); // the refused open wrote no new, empty catalog
        Files.move(saved, catalog);
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(all(db)).isEqualTo(written);
        }
    }

    @Test
    void newerFormatVersionsRefuseTheOpenAndAreNotQuarantined() throws IOException {
        List<DataPoint> written = writeFlushedAndUnflushed();
        try (Sundial db = Sundial.open(dir, OPTS)) {
            db.flush();
        }
        Path seg = segments().get(0);
        for (Path f : List.of(seg, manifest(), dir.resolve("catalog.sdc"))) {
            byte[] original = Files.readAllBytes(f);
            byte[] newer = original.clone();
            if (f == seg) {
                ByteBuffer.wrap(newer).putInt(4, 99);
                CRC32C crc = new CRC32C();
                crc.update(newer, 0, 28);
                ByteBuffer.wrap(newer).putInt(28, (int) crc.getValue());
            } else { // envelope: version at 4, CRC32C of everything before the footer
                ByteBuffer.wrap(newer).putInt(4, 99);
                CRC32C crc = new CRC32C();
                crc.update(newer, 0, newer.length - 8);
                ByteBuffer.wrap(newer).putInt(newer.length - 8, (int) crc.getValue());
            }
            Files.write(f, newer);
            assertThatThrownBy(() -> Sundial.open(dir, OPTS)).as(f.toString()).isInstanceOf(FormatTooNewException.class)
                    .hasMessageContaining(f.getFileName().toString()).hasMessageContaining("version 99")
                    .hasMessageContaining("written by a newer Sundial");
            assertThat(Files.readAllBytes(f)).isEqualTo(newer);
            assertThat(Quarantine.list(dev.sundial.fs.FileLayer.REAL, dir.resolve("quarantine"))).isEmpty();
            Files.write(f, original);
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(all(db)).isEqualTo(written);
            assertThat(db.check().ok()).isTrue();
        }
    }

    @Test
    void aQuarantinedSegmentStaysReportedUntilRemoved() throws IOException {
        writeFlushedAndUnflushed();
        Path seg = segments().get(0);
        byte[] b = Files.readAllBytes(seg);
        b[b.length - 30] ^= 0x40; // the footer: found on open, quarantined
        Files.write(seg, b);
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(String.join("\n", db.problems())).contains("quarantined").contains(seg.getFileName().toString());
        }
        for (int i = 0; i < 2; i++) {
            try (Sundial db = Sundial.open(dir, OPTS)) {
                assertThat(db.problems()).as("nothing new found on open").isEmpty();
                CheckReport r = db.check();
                assertThat(r.ok()).as("still reported by check, open " + i).isFalse();
                assertThat(String.join("\n", r.problems())).contains(seg.getFileName().toString());
            }
        }
        for (Quarantine.Entry e : Quarantine.list(dev.sundial.fs.FileLayer.REAL, dir.resolve("quarantine"))) {
            assertThat(Quarantine.remove(dev.sundial.fs.FileLayer.REAL, dir.resolve("quarantine"), e.name())).isTrue();
        }
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.check().ok()).isTrue();
        }
    }

    @Test
    void aCutWalTailIsReportedAsACutAndItsBytesAreKept() throws IOException {
        writeFlushedAndUnflushed();
        Path last;
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            last = s.sorted().reduce((a, b) -> b).orElseThrow();
        }
        long size = Files.size(last);
        byte[] torn = {0x10, 0x00, 0x00, 0x00, 0x12, 0x34}; // a frame header promising more bytes than follow
        Files.write(last, torn, java.nio.file.StandardOpenOption.APPEND);
        try (Sundial db = Sundial.open(dir, OPTS)) {
            assertThat(db.problems()).isEmpty();
            String repairs = String.join("\n", db.repairs());
            assertThat(repairs).contains("cut " + torn.length + " bytes at offset " + size).contains("kept as")
                    .doesNotContain("nothing acknowledged");
            assertThat(db.check().ok()).isTrue();
        }
        List<Quarantine.Entry> q = Quarantine.list(dev.sundial.fs.FileLayer.REAL, dir.resolve("quarantine"));
        assertThat(q).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Quarantine.Kind.CUT_TAIL);
            assertThat(Files.readAllBytes(e.file())).isEqualTo(torn);
        });
    }
}
