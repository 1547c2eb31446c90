package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to files at rest is detected and named, never silently read: bytes flipped anywhere in a
 * segment, segments cut short, a corrupt manifest. The database still opens.
 */
class CorruptionDetectionTest {
    @TempDir
    Path root;
    Path pristine;
    List<DataPoint> all;

    @BeforeEach
    void writeData() throws IOException {
        pristine = root.resolve("pristine");
        try (Sundial db = Sundial.open(pristine, SundialOptions.defaults().withFlushIntervalMillis(0))) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).value("n", ColumnType.BIGINT).build(),
                    TableOptions.DEFAULTS);
            Random rnd = new Random(1);
            List<DataPoint> pts = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                pts.add(DataPoint.at(i * 1_000_000_000L).tag("host", "h" + (i % 3)).field("v", rnd.nextGaussian()).field("n", (long) i).build());
            }
            t.insert(pts);
            db.flush();
            all = t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all());
        }
    }

    private Path segment(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".sdseg") && !p.toString().contains("/rollup/")) /* a table's own segments */.findFirst().orElseThrow();
        }
    }

    private Path copy(String name) throws IOException {
        Path dst = root.resolve(name);
        try (Stream<Path> s = Files.walk(pristine)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path d = dst.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, d);
                }
            }
        }
        return dst;
    }

    @Test
    void everyFlippedByteOfASegmentIsDetected() throws IOException {
        long size = Files.size(segment(pristine));
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<Long> offsets = new ArrayList<>();
        for (long o = 0; o < 40; o++) {
            offsets.add(o); // header
            offsets.add(size - 1 - o); // footer and index tail
        }
        for (int i = 0; i < 60; i++) {
            offsets.add((long) rnd.nextInt((int) size));
        }
        int k = 0;
        for (long off : offsets) {
            Path dir = copy("flip" + (k++));
            Path seg = segment(dir);
            byte[] b = Files.readAllBytes(seg);
            b[(int) off] ^= (byte) (1 << rnd.nextInt(8));
            Files.write(seg, b);
            String msg = "seed=" + seed + " offset=" + off;
            try (Sundial db = Sundial.open(dir)) {
                List<String> problems = new ArrayList<>(db.check().problems());
                assertThat(problems).as(msg).isNotEmpty();
                assertThat(String.join("\n", problems)).as(msg).contains(seg.getFileName().toString()).contains("offset=");
                // reading either fails naming the file, or (segment quarantined) returns no wrong values
                try {
                    List<DataPoint> got = db.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all());
                    assertThat(all).as(msg + ": a read returned values that were never written").containsAll(got);
                } catch (UncheckedIOException e) {
                    assertThat(e.getMessage()).as(msg).contains(seg.getFileName().toString());
                }
            }
        }
    }

    @Test
    void truncatedSegmentIsQuarantinedAndNamed() throws IOException {
        Path dir = copy("trunc");
        Path seg = segment(dir);
        byte[] b = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(b, b.length / 2));
        try (Sundial db = Sundial.open(dir)) {
            assertThat(db.problems()).anySatisfy(p -> assertThat(p).contains("quarantined").contains(seg.getFileName().toString()));
            assertThat(db.check().problems()).isNotEmpty();
            assertThat(db.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())).isEmpty();
        }
        try (Stream<Path> q = Files.list(dir.resolve("quarantine"))) {
            assertThat(q.map(p -> p.getFileName().toString())).anySatisfy(n -> assertThat(n).endsWith(seg.getFileName().toString()));
        }
    }

    @Test
    void corruptManifestIsRebuiltFromSegments() throws IOException {
        Path dir = copy("manifest");
        Path manifest;
        try (Stream<Path> s = Files.walk(dir)) {
            // the table's manifest (tables/t<id>/manifest.sdm), not one of its rollup levels'
            manifest = s.filter(p -> p.getFileName().toString().equals("manifest.sdm")
                    && p.getParent().getParent().getFileName().toString().equals("tables")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(manifest);
        b[b.length / 2] ^= 0x10;
        Files.write(manifest, b);
        try (Sundial db = Sundial.open(dir)) {
            assertThat(String.join("\n", db.problems())).contains("manifest.sdm").contains("rebuilt the manifest");
            assertThat(db.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())).isEqualTo(all);
        }
        try (Sundial db = Sundial.open(dir)) {
            assertThat(db.problems()).isEmpty(); // nothing new found
            // but the quarantined manifest stays reported until an operator removes it
            assertThat(db.check().ok()).isFalse();
            assertThat(String.join("\n", db.check().problems())).contains("manifest.sdm");
        }
        for (var e : dev.sundial.fs.Quarantine.list(dev.sundial.fs.FileLayer.REAL, dir.resolve("quarantine"))) {
            dev.sundial.fs.Quarantine.remove(dev.sundial.fs.FileLayer.REAL, dir.resolve("quarantine"), e.name());
        }
        try (Sundial db = Sundial.open(dir)) {
            assertThat(db.check().ok()).isTrue();
            assertThat(db.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())).isEqualTo(all);
        }
    }
}
