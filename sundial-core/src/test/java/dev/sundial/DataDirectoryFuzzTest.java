package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whole-directory fuzzing (issue 7): a small database (catalog, series registries, manifests,
 * segments in two partitions of two tables, WAL records not yet flushed) is copied, the fuzzer
 * mutates its files (flips, overwrites, truncates, deletes, appends), and the copy is opened,
 * queried and checked. Allowed outcomes:
 * <ul>
 *   <li>the open is refused with an {@link IOException} whose message says what and where;</li>
 *   <li>the database opens and every table returns exactly the rows written; or</li>
 *   <li>it opens, returns a subset of the rows written (never a row that was not written, never a
 *       value changed, never a row of one series under another), and the loss is reported: a
 *       problem or a repair on open, {@code check()} failing, or a query failing with a message that
 *       names the damaged file.</li>
 * </ul>
 * One loss no check can see is allowed unreported: rows that were only in the newest WAL segment,
 * when the mutations cut that segment's tail or deleted it. A tail cut at a record boundary looks
 * exactly like records never written, and deleting the segment together with its
 * {@code newest-segment.sdw} mark removes every trace that it existed (a single deleted segment, or
 * a damaged mark, is reported).
 * Anything else — another exception, a row not written, rows missing without a report — is a
 * finding. Seeds: {@code src/test/resources/dev/sundial/DataDirectoryFuzzTestInputs/mutateAndOpen/}
 * (replayed in every test run, with the empty input); {@code JAZZER_FUZZ=1} fuzzes for real
 * (command in {@code docs/testing.md}).
 */
class DataDirectoryFuzzTest {
    private static final long SEC = 1_000_000_000L;
    private static final long DAY = 86_400L * SEC;
    private static final SundialOptions OPTS = SundialOptions.defaults().withFlushIntervalMillis(0).withWalSegmentBytes(2048);
    private static Path template;
    private static List<Path> files;
    private static Set<DataPoint> writtenA;
    private static Set<DataPoint> writtenB;
    /** Rows only in the WAL (the last round, never flushed), per table. */
    private static Set<DataPoint> walOnly;
    /** The newest WAL segment of the template, relative. */
    private static Path newestWalSegment;

    private static synchronized void buildTemplate() throws IOException {
        if (template != null) {
            return;
        }
        Path dir = Files.createTempDirectory("sundial-dirfuzz-template");
        List<DataPoint> a = new ArrayList<>();
        List<DataPoint> b = new ArrayList<>();
        Set<DataPoint> lastRound = new HashSet<>();
        try (Sundial db = Sundial.open(dir, OPTS)) {
            Table ta = db.createTable(TableSchema.builder("a").tag("host").tag("dc").value("v", ColumnType.DOUBLE)
                    .value("n", ColumnType.BIGINT).build(), TableOptions.DEFAULTS);
            Table tb = db.createTable(TableSchema.builder("b").tag("k").value("s", ColumnType.VARCHAR)
                    .value("ok", ColumnType.BOOLEAN).build(), TableOptions.DEFAULTS);
            for (int round = 0; round < 3; round++) {
                List<DataPoint> pa = new ArrayList<>();
                List<DataPoint> pb = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    long ts = round * DAY / 2 + i * 60 * SEC; // rounds 0 and 1 share a day, round 2 starts another
                    pa.add(DataPoint.at(ts).tag("host", "h" + (i % 5)).tag("dc", "dc" + (i % 2))
                            .field("v", round * 100 + i * 0.25).field("n", (long) i * round).build());
                    pb.add(DataPoint.at(ts).tag("k", "k" + (i % 3)).field("s", "s" + i).field("ok", i % 2 == 0).build());
                }
                ta.insert(pa);
                tb.insert(pb);
                if (round == 2) {
                    lastRound.addAll(pa);
                    lastRound.addAll(pb);
                }
                if (round < 2) {
                    db.flush();
                }
            }
            a.addAll(ta.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()));
            b.addAll(tb.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()));
            db.closeWithoutFlushForTesting(); // the last round stays in the WAL only
        }
        assertThat(a).hasSize(180);
        assertThat(b).hasSize(180);
        writtenA = new HashSet<>(a);
        writtenB = new HashSet<>(b);
        walOnly = lastRound;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("LOCK"))
                    .map(dir::relativize).sorted().toList();
        }
        newestWalSegment = files.stream().filter(p -> p.getFileName().toString().matches("wal-\\d+\\.log"))
                .max(Comparator.naturalOrder()).orElseThrow();
        template = dir;
    }

    @FuzzTest(maxDuration = "10m")
    void mutateAndOpen(FuzzedDataProvider in) throws IOException {
        buildTemplate();
        Path dir = Files.createTempDirectory("sundial-dirfuzz");
        try {
            copyTree(template, dir);
            StringBuilder what = new StringBuilder();
            boolean[] walTailLost = {false};
            int mutations = in.consumeInt(1, 3);
            for (int m = 0; m < mutations && in.remainingBytes() > 0; m++) {
                mutate(dir, in, what, walTailLost);
            }
            openAndCompare(dir, what.toString(), walTailLost[0]);
        } finally {
            deleteTree(dir);
        }
    }

    private static void mutate(Path dir, FuzzedDataProvider in, StringBuilder what, boolean[] walTailLost) throws IOException {
        Path rel = files.get(in.consumeInt(0, files.size() - 1));
        Path f = dir.resolve(rel);
        if (!Files.exists(f)) {
            return;
        }
        byte[] b = Files.readAllBytes(f);
        int kind = in.consumeInt(0, 4);
        switch (kind) {
            case 0 -> { // flip bits of one byte
                if (b.length == 0) {
                    return;
                }
                int at = in.consumeInt(0, b.length - 1);
                b[at] ^= (byte) in.consumeInt(1, 255);
                what.append("flip ").append(f).append('@').append(at).append("; ");
            }
            case 1 -> { // overwrite a range
                if (b.length == 0) {
                    return;
                }
                int at = in.consumeInt(0, b.length - 1);
                byte[] with = in.consumeBytes(Math.min(64, b.length - at));
                System.arraycopy(with, 0, b, at, with.length);
                what.append("overwrite ").append(f).append('@').append(at).append('+').append(with.length).append("; ");
            }
            case 2 -> { // truncate
                int len = in.consumeInt(0, b.length);
                walTailLost[0] |= rel.equals(newestWalSegment);
                b = java.util.Arrays.copyOf(b, len);
                what.append("truncate ").append(f).append(" to ").append(len).append("; ");
            }
            case 3 -> { // delete
                Files.delete(f);
                walTailLost[0] |= rel.equals(newestWalSegment);
                what.append("delete ").append(f).append("; ");
                return;
            }
            default -> { // append
                byte[] extra = in.consumeBytes(64);
                byte[] n = java.util.Arrays.copyOf(b, b.length + extra.length);
                System.arraycopy(extra, 0, n, b.length, extra.length);
                b = n;
                what.append("append ").append(extra.length).append(" to ").append(f).append("; ");
            }
        }
        Files.write(f, b);
    }

    private static void openAndCompare(Path dir, String what, boolean walTailLost) {
        Sundial db;
        try {
            db = Sundial.open(dir, OPTS);
        } catch (IOException refused) {
            assertThat(refused.getMessage()).as(what).isNotBlank().contains("cannot");
            return;
        }
        try (db) {
            boolean reported = !db.problems().isEmpty() || !db.repairs().isEmpty();
            boolean complete = true;
            boolean onlyWalTailMissing = walTailLost;
            for (String name : List.of("a", "b")) {
                Set<DataPoint> written = name.equals("a") ? writtenA : writtenB;
                Table t = db.table(name);
                if (t == null) {
                    assertThat(reported).as(what + ": table " + name + " vanished without a report").isTrue();
                    complete = false;
                    continue;
                }
                List<DataPoint> got;
                try {
                    got = t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all());
                } catch (UncheckedIOException | IllegalStateException e) {
                    String msg = e.getMessage() == null ? "" : e.getMessage();
                    assertThat(msg).as(what + ": a failing query names the damage").contains("cannot").doesNotContain("BUG");
                    complete = false;
                    continue;
                }
                assertThat(new HashSet<>(got)).as(what + ": rows of table " + name + " that were never written")
                        .isSubsetOf(written);
                assertThat(new HashSet<>(got)).as(what + ": duplicate rows in " + name).hasSameSizeAs(got);
                complete &= got.size() == written.size();
                Set<DataPoint> missing = new HashSet<>(written);
                missing.removeAll(got);
                onlyWalTailMissing &= walOnly.containsAll(missing);
            }
            CheckReport r = db.check();
            if (!complete && !onlyWalTailMissing) {
                assertThat(reported || !r.ok()).as(what + ": rows missing, nothing reported: " + r).isTrue();
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).as(what).contains("cannot");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (Path rel : files) {
            Path target = to.resolve(rel);
            Files.createDirectories(target.getParent());
            Files.copy(from.resolve(rel), target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
