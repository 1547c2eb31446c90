package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.Sundial;
import dev.sundial.ingest.LineProtocolReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sundial import} in a child JVM with a small heap (issue 7 defect 10): a 50 MB line is one
 * error naming FILE:LINE (line protocol and CSV), not an {@link OutOfMemoryError}; a file of a
 * thousand measurements imports where it used to run out of memory (per-table buffers of the batch
 * and its WAL record encoder were kept for every table of the file).
 */
class ImportMemoryTest {
    private static final int HUGE_LINE_BYTES = 50_000_000;

    @TempDir
    Path tmp;

    @Test
    void aLineLongerThanTheLimitIsOneErrorNamingFileAndLine() throws Exception {
        Path lp = tmp.resolve("huge.lp");
        writeWithHugeLine(lp, "m v=1 1000\n", "m s=\"", "\" 2000\n", "m v=3 3000\n");
        Path csv = tmp.resolve("huge.csv");
        writeWithHugeLine(csv, "timestamp,host:tag,s:varchar\n1000,a,x\n", "2000,a,", "\n", "3000,a,z\n");
        String limit = "line is longer than the limit of " + LineProtocolReader.DEFAULT_MAX_ENTRY_BYTES + " bytes";
        for (Path file : List.of(lp, csv)) {
            String what = file.getFileName().toString();
            int badLine = what.endsWith(".lp") ? 2 : 3;
            Path dir = tmp.resolve("db-" + what);
            // without --skip-bad: the import stops at that line, with one error line naming it
            Child stop = Child.run(64, "import", "--data-dir", dir.toString(), file.toString());
            assertThat(stop.code).as(stop.err).isEqualTo(1);
            String limitText = what.endsWith(".lp") ? limit : limit.replace("line is", "record is");
            assertThat(stop.err).as(what).contains("sundial: cannot import " + file + ":" + badLine + ":1: " + limitText + "\n")
                    .doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
            // with --skip-bad: the line is reported and skipped, the others are imported
            Child skip = Child.run(64, "import", "--skip-bad", "--data-dir", dir.toString(), file.toString());
            assertThat(skip.code).as(skip.err).isZero();
            assertThat(skip.err).as(what).contains(file + ":" + badLine + ": " + limitText + "\n").contains("1 bad line(s) skipped");
            try (Sundial db = Sundial.open(dir)) {
                String table = what.endsWith(".lp") ? "m" : "huge";
                assertThat(count(db, "SELECT count(*) FROM " + table)).as(what).isEqualTo(2);
            }
        }
    }

    @Test
    void aThousandMeasurementsImportInASmallHeap() throws Exception {
        int measurements = 1_000;
        Path file = tmp.resolve("many.lp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            for (int round = 0; round < 10; round++) {
                for (int m = 0; m < measurements; m++) {
                    out.write(("m" + m + ",host=h" + round % 3 + " v=" + round + ".5,n=" + round + "i "
                            + (1_700_000_000_000_000_000L + round * 1_000_000_000L + m) + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        // thousands of table creations fsync the catalog each: on tmpfs when there is one, a few seconds
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "sundial-import-") : tmp.resolve("db");
        try {
            // 32 MiB: before the batch was bounded by tables and its caches by the working set, this
            // command ended with OutOfMemoryError at -Xmx32m (about 46 KiB per table of the file); now
            // it passes at -Xmx24m
            Child c = Child.run(32, "import", "--data-dir", dir.toString(), file.toString());
            assertThat(c.code).as(c.err).isZero();
            assertThat(c.err).contains("imported 10,000 rows (20,000 points)");
            try (Sundial db = Sundial.open(dir)) {
                assertThat(count(db, "SELECT count(*) FROM m0")).isEqualTo(10);
                assertThat(count(db, "SELECT count(*) FROM m" + (measurements - 1))).isEqualTo(10);
            }
        } finally {
            if (dir.startsWith(shm)) {
                deleteTree(dir);
            }
        }
    }

    /** Writes {@code head}, then {@code open} + {@value #HUGE_LINE_BYTES} bytes of 'x' + {@code close}, then {@code tail}. */
    private static void writeWithHugeLine(Path file, String head, String open, String close, String tail) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(open.getBytes(StandardCharsets.US_ASCII));
            byte[] xs = new byte[1 << 20];
            java.util.Arrays.fill(xs, (byte) 'x');
            for (int left = HUGE_LINE_BYTES; left > 0; left -= xs.length) {
                out.write(xs, 0, Math.min(left, xs.length));
            }
            out.write(close.getBytes(StandardCharsets.US_ASCII));
            out.write(tail.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static long count(Sundial db, String sql) {
        try (var r = db.sql(sql)) {
            assertThat(r.next()).isTrue();
            return r.getLong(0);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The {@code sundial} command in a child JVM with {@code -Xmx<heapMb>m}. */
    private record Child(int code, String out, String err) {
        static Child run(int heapMb, String... args) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heapMb + "m", "-cp", System.getProperty("java.class.path"),
                    SundialCommand.class.getName()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile("sundial-child", ".out");
            Path err = Files.createTempFile("sundial-child", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("sundial " + String.join(" ", args) + " did not finish");
                }
                return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }
}
