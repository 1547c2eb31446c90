package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.index.SeriesKey;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defect 4 (damage): a flipped byte in the series registry, or a deleted registry, made
 * the open drop series silently; their ids went to the next new series, so rows changed owner, and
 * {@code check} said ok. Now the open refuses a registry lacking a series that segments or the WAL
 * use, naming the file and changing nothing, and repairs (reporting it) what the WAL can re-create.
 *
 * <p>Series {@code h0}, {@code h1}, … have equal-length keys, so their records sit at fixed offsets:
 * record {@code i} at {@code 16 + 20·i} (8 bytes of frame, then id, tag count, length, 2 bytes).
 */
class SeriesRegistryDamageTest {
    private static final int RECORD = 20;

    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("db");
    }

    private Path registry() {
        return dir().resolve("tables").resolve("t0").resolve("series.sds");
    }

    private static long offsetOf(int record) {
        return 16 + (long) RECORD * record;
    }

    private static void write(Table t, int from, int to) throws IOException {
        List<DataPoint> points = new ArrayList<>();
        for (int i = from; i < to; i++) {
            points.add(DataPoint.at(1_000_000L * i).tag("host", "h" + i).field("v", (double) i).build());
        }
        t.insert(points);
    }

    /** Writes h0..h{n-1}, flushed: the registry file and the segments carry them all. */
    private void flushed(int n) throws IOException {
        try (Sundial db = Sundial.open(dir())) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            write(t, 0, n);
        }
        assertThat(Files.size(registry())).isEqualTo(offsetOf(n));
    }

    /** Every row's owner: host → v, each host's v is its number. */
    private static Map<String, Double> owners(Table t) {
        Map<String, Double> m = new TreeMap<>();
        for (DataPoint p : t.query(0, Long.MAX_VALUE, TagFilter.all())) {
            assertThat(m.put(p.tag("host"), (Double) p.field("v"))).isNull();
        }
        return m;
    }

    private static Map<String, Double> expected(int n) {
        Map<String, Double> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put("h" + i, (double) i);
        }
        return m;
    }

    private void flip(long offset) throws IOException {
        byte[] b = Files.readAllBytes(registry());
        b[(int) offset] ^= 0x40;
        Files.write(registry(), b);
    }

    private List<Path> damagedCopies() throws IOException {
        Path q = dir().resolve("quarantine");
        if (!Files.isDirectory(q)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(q)) {
            return s.filter(p -> p.getFileName().toString().equals("t0-series.sds.corrupt")).toList();
        }
    }

    @Test
    void aFlippedByteRefusesTheOpenAndChangesNothing() throws IOException {
        flushed(10);
        byte[] good = Files.readAllBytes(registry());
        flip(offsetOf(2) + 8 + 10); // a byte of h2's value: records h3..h9 follow
        byte[] damaged = Files.readAllBytes(registry());
        assertThatThrownBy(() -> Sundial.open(dir())).isInstanceOf(CorruptFileException.class)
                .hasMessageStartingWith("cannot read " + registry() + " [offset=" + offsetOf(2) + "]: holds 2 series (the rest of the file, "
                        + (good.length - offsetOf(2)) + " bytes from offset " + offsetOf(2) + ", is unreadable: record checksum mismatch), but segment ")
                .hasMessageEndingWith(" uses series id 9: refusing to open table m, whose rows would be given to new series;"
                        + " restore the file from a backup");
        assertThat(Files.readAllBytes(registry())).isEqualTo(damaged);
        assertThat(damagedCopies()).isEmpty();
        // the operator restores the file: everything is back, with its owners
        Files.write(registry(), good);
        try (Sundial db = Sundial.open(dir())) {
            assertThat(db.problems()).isEmpty();
            assertThat(owners(db.table("m"))).isEqualTo(expected(10));
            assertThat(db.check().ok()).isTrue();
        }
    }

    @Test
    void aFlippedByteInTheLastRecordIsNoTornTailWhenSegmentsUseItsSeries() throws IOException {
        flushed(10);
        flip(offsetOf(9) + 8 + 11);
        assertThatThrownBy(() -> Sundial.open(dir())).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("holds 9 series").hasMessageContaining("uses series id 9: refusing to open table m");
    }

    @Test
    void aDeletedRegistryRefusesTheOpenWithoutCreatingOne() throws IOException {
        flushed(3);
        Files.delete(registry());
        assertThatThrownBy(() -> Sundial.open(dir())).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("[offset=0]: is missing (so it holds no series), but segment ")
                .hasMessageContaining("uses series id 2: refusing to open table m");
        assertThat(registry()).doesNotExist();
    }

    @Test
    void aTruncatedRegistryRefusesTheOpen() throws IOException {
        flushed(5);
        try (var ch = java.nio.channels.FileChannel.open(registry(), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(offsetOf(3) + 5); // as a torn tail would look
        }
        assertThatThrownBy(() -> Sundial.open(dir())).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("holds 3 series").hasMessageContaining("uses series id 4");
    }

    @Test
    void aTornTailIsCutAndItsSeriesComeBackFromTheWal() throws IOException {
        try (Sundial db = Sundial.open(dir())) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            write(t, 0, 2);
            db.flush();
            write(t, 2, 4); // h2, h3: in the WAL only
            t.storage().registry().persistPending(); // a flush appending them, and the crash tearing h3's record
            db.closeWithoutFlushForTesting();
        }
        try (var ch = java.nio.channels.FileChannel.open(registry(), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(offsetOf(3) + 11);
        }
        try (Sundial db = Sundial.open(dir())) {
            assertThat(db.problems()).isEmpty();
            assertThat(db.repairs()).singleElement().asString().contains(registry() + " [offset=" + offsetOf(3) + "]: cut a torn tail of 11 bytes");
            Table t = db.table("m");
            assertThat(t.seriesKey(3)).isEqualTo(SeriesKey.of("h3"));
            write(t, 4, 5);
            assertThat(t.seriesKey(4)).isEqualTo(SeriesKey.of("h4"));
            assertThat(owners(t)).isEqualTo(expected(5));
        }
        try (Sundial db = Sundial.open(dir())) {
            assertThat(db.repairs()).isEmpty();
            assertThat(db.problems()).isEmpty();
            assertThat(owners(db.table("m"))).isEqualTo(expected(5));
            assertThat(Files.size(registry())).isEqualTo(offsetOf(5));
        }
    }

    @Test
    void damageTheWalCanRepairIsRepairedReportedAndCopied() throws IOException {
        try (Sundial db = Sundial.open(dir())) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            write(t, 0, 1);
            db.flush();
            write(t, 1, 4); // h1..h3: defined in the WAL, and appended to the registry below
            t.storage().registry().persistPending();
            db.closeWithoutFlushForTesting();
        }
        flip(offsetOf(1) + 8 + 11); // h1's record, with h2 and h3 after it
        byte[] found = Files.readAllBytes(registry());
        try (Sundial db = Sundial.open(dir())) {
            assertThat(db.problems()).singleElement().asString()
                    .startsWith("series registry " + registry() + " [offset=" + offsetOf(1) + "] is damaged (record checksum mismatch), with "
                            + 2 * RECORD + " bytes of records after the bad one");
            Table t = db.table("m");
            write(t, 4, 5);
            assertThat(owners(t)).isEqualTo(expected(5));
            assertThat(db.check().ok()).isFalse(); // the open's problem stays reported while this process runs
        }
        assertThat(damagedCopies()).singleElement().satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(found));
        try (Sundial db = Sundial.open(dir())) {
            assertThat(db.problems()).isEmpty();
            assertThat(owners(db.table("m"))).isEqualTo(expected(5));
            for (int i = 0; i < 5; i++) {
                assertThat(db.table("m").seriesKey(i)).isEqualTo(SeriesKey.of("h" + i));
            }
        }
    }

    @Test
    void aDeletedRegistryOfUnflushedSeriesComesBackFromTheWal() throws IOException {
        try (Sundial db = Sundial.open(dir())) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            write(t, 0, 3);
            t.storage().registry().persistPending();
            db.closeWithoutFlushForTesting();
        }
        Files.delete(registry());
        try (Sundial db = Sundial.open(dir())) {
            assertThat(db.problems()).isEmpty();
            assertThat(owners(db.table("m"))).isEqualTo(expected(3));
        }
    }

    @Test
    void aWalRowOfASeriesTheRegistryLacksRefusesTheOpen() throws IOException {
        try (Sundial db = Sundial.open(dir())) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            write(t, 0, 2);
            db.flush();
            t.delete(0, Long.MAX_VALUE, TagFilter.eq("host", "h1")); // no segment carries h1 any more
            write(t, 1, 2); // h1 again: a WAL row without definition (the WAL defined h1 before)
            db.closeWithoutFlushForTesting();
        }
        try (var ch = java.nio.channels.FileChannel.open(registry(), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(offsetOf(1)); // h1's record lost, at a record boundary: the file itself looks whole
        }
        assertThatThrownBy(() -> Sundial.open(dir())).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("holds 1 series, but WAL record [sequence=")
                .hasMessageContaining("uses series id 1: refusing to open table m");
        assertThat(Files.size(registry())).isEqualTo(offsetOf(1));
    }

    @Test
    void checkReportsDamageThatHappensWhileOpen() throws IOException {
        flushed(4);
        try (Sundial db = Sundial.open(dir())) {
            assertThat(db.check().ok()).isTrue();
            flip(offsetOf(2) + 8 + 10);
            CheckReport r = db.check();
            assertThat(r.ok()).isFalse();
            assertThat(r.problems()).singleElement().asString()
                    .isEqualTo("cannot read " + registry() + " [offset=" + offsetOf(2) + "]: series 2: record checksum mismatch");
            flip(offsetOf(2) + 8 + 10);
            assertThat(db.check().ok()).isTrue();
            Files.delete(registry());
            assertThat(db.check().problems()).containsExactly("cannot read " + registry() + " [offset=0]: the file is missing, it held 4 series");
        }
    }
}
