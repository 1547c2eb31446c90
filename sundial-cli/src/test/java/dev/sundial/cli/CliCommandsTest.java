package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sundial} commands as a user runs them: exit codes, stdout, stderr. */
class CliCommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = SundialCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private String dir() {
        return tmp.resolve("data").toString();
    }

    @Test
    void helpListsEveryCommand() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo", "import", "export", "stats", "check");
    }

    @Test
    void badLineStopsImportBeforeItsBatchIsWritten() throws Exception {
        Path f = write("bad.lp", "m,host=a v=1 1000\nm,host=a v=2 2000\nm,host=a v=oops 3000\nm,host=a v=4 4000\n");
        Run r = run("import", "--data-dir", dir(), "--no-progress", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(f + ":3:").contains("nothing of the batch holding that line was written");
        Run e = run("export", "--data-dir", dir(), "--table", "m");
        assertThat(e.out()).isEmpty();
    }

    @Test
    void skipBadNamesEachLineAndKeepsTheRest() throws Exception {
        Path f = write("bad.lp", "m,host=a v=1 1000\nm,host=a v=oops 2000\nm,host=a v=3i 3000\nm,host=a v=4 4000\n");
        Run r = run("import", "--data-dir", dir(), "--no-progress", "--skip-bad", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains(f + ":2: ").contains(f + ":3: ").contains("2 bad line(s) skipped");
        assertThat(r.err()).contains("DOUBLE"); // line 3: integer into a DOUBLE column
        Run e = run("export", "--data-dir", dir(), "--table", "m");
        assertThat(e.out()).isEqualTo("m,host=a v=1 1000\nm,host=a v=4 4000\n");
        assertThat(e.err()).doesNotContain("m,host");
    }

    @Test
    void gzipImportExportRoundTripAndStatsJson() throws Exception {
        Path f = tmp.resolve("in.lp.gz");
        String lp = "cpu,host=b,dc=x usage=0.5,count=3i,ok=true,msg=\"a \\\"q\\\"\" 1000000000\n"
                + "cpu,host=a usage=1.25 2000000000\ncpu,host=a usage=-0.5 1000000000\n";
        try (var gz = new GZIPOutputStream(Files.newOutputStream(f))) {
            gz.write(lp.getBytes(StandardCharsets.UTF_8));
        }
        // 1000000000 ns is 2001 read as seconds: the precision check would stop it (ImportCountsCliTest)
        assertThat(run("import", "--data-dir", dir(), "--no-progress", "--no-precision-check", f.toString()).code()).isZero();
        Run e = run("export", "--data-dir", dir(), "--table", "cpu");
        // canonical order: series by their sorted tags ("dc=x,host=b" before "host=a"), then time
        assertThat(e.out()).isEqualTo("cpu,dc=x,host=b usage=0.5,count=3i,ok=true,msg=\"a \\\"q\\\"\" 1000000000\n"
                + "cpu,host=a usage=-0.5 1000000000\ncpu,host=a usage=1.25 2000000000\n");
        Run s = run("stats", "--data-dir", dir(), "--json");
        JsonNode t = new ObjectMapper().readTree(s.out()).get("tables").get(0);
        assertThat(t.get("name").asText()).isEqualTo("cpu");
        assertThat(t.get("series").asLong()).isEqualTo(2);
        assertThat(t.get("rows").asLong()).isEqualTo(3);
        assertThat(t.get("points").asLong()).isEqualTo(6);
        assertThat(t.get("partitions").asLong()).isEqualTo(1);
        assertThat(t.get("bytes").asLong()).isPositive();
        assertThat(t.get("bytes_per_point").asDouble()).isEqualTo(t.get("bytes").asDouble() / 6);
    }

    @Test
    void maintainBuildsRollupLevelsThatStatsJsonShows() throws Exception {
        StringBuilder lp = new StringBuilder();
        for (int i = 0; i < 30; i++) { // 5 minutes at 10 s
            lp.append("cpu,host=a usage=").append(i).append(' ').append(1_700_000_040L + i * 10).append("000000000\n");
        }
        Path f = write("cpu.lp", lp.toString());
        assertThat(run("import", "--data-dir", dir(), "--no-progress", f.toString()).code()).isZero();
        Run m = run("maintain", "--data-dir", dir());
        assertThat(m.code()).isZero();
        JsonNode t = new ObjectMapper().readTree(run("stats", "--data-dir", dir(), "--json").out()).get("tables").get(0);
        JsonNode minute = t.get("levels").get("1m");
        assertThat(minute.get("rows").asLong()).as("the 1m level holds the minutes before the newest one").isEqualTo(4);
        assertThat(minute.get("bytes").asLong()).isPositive();
        assertThat(minute.get("built_through").asText()).isEqualTo("2023-11-14T22:18:00Z");
        assertThat(t.get("levels").get("1d").get("built_through").isNull()).isTrue();
        assertThat(t.get("tiers").get("warm")).isNotNull();
    }

    @Test
    void csvImportExportRoundTripWithNullsAndTypes() throws Exception {
        Path f = write("readings.csv", "time,site,temp:double,count,ok,note\n"
                + "2024-01-01T00:00:00Z,north,1.5,3,true,\"a,b\"\n"
                + "2024-01-01 00:00:10,south,,4,false,\n"
                + "1704067220000000000,north,NaN,,,x\n");
        Run r = run("import", "--data-dir", dir(), "--no-progress", "--tags", "site", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Run e1 = run("export", "--data-dir", dir(), "--table", "readings", "--format", "csv");
        assertThat(e1.out()).startsWith("timestamp:timestamp,site:tag,");
        Path again = write("again.csv", e1.out());
        String other = tmp.resolve("other").toString();
        assertThat(run("import", "--data-dir", other, "--no-progress", "--table", "readings", again.toString()).code()).isZero();
        Run e2 = run("export", "--data-dir", other, "--table", "readings", "--format", "csv");
        assertThat(e2.out()).isEqualTo(e1.out());
        assertThat(e1.out().lines().count()).isEqualTo(4);
    }

    @Test
    void exportRangeAndUnknownTable() throws Exception {
        Path f = write("r.lp", "m v=1 1000\nm v=2 2000\nm v=3 3000\n");
        run("import", "--data-dir", dir(), "--no-progress", f.toString());
        assertThat(run("export", "--data-dir", dir(), "--table", "m", "--start", "2000", "--end", "3000").out()).isEqualTo("m v=2 2000\n");
        Run bad = run("export", "--data-dir", dir(), "--table", "nope");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).startsWith("sundial: cannot export table nope: it does not exist").doesNotContain("Exception");
    }

    @Test
    void checkIsCleanThenNamesADamagedSegment() throws Exception {
        Path f = write("c.lp", "m,h=a v=1 1000\nm,h=a v=2 2000\n");
        run("import", "--data-dir", dir(), "--no-progress", f.toString());
        Run ok = run("check", "--data-dir", dir());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("ok:");
        Path seg;
        try (Stream<Path> s = Files.walk(Path.of(dir()))) {
            seg = s.filter(p -> p.toString().endsWith(".sdseg") && !p.toString().contains("/rollup/")) /* a table's own segments */.findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(seg);
        b[40] ^= 1; // inside the first chunk
        Files.write(seg, b);
        Run bad = run("check", "--data-dir", dir());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains(seg.getFileName().toString()).contains("offset=");
    }

    @Test
    void everyWarningOfAnOpenPrintsOnce() throws Exception {
        Path f = write("w.lp", "m,h=a v=1 1000\nm,h=b v=2 2000\n");
        run("import", "--data-dir", dir(), "--no-progress", f.toString());
        Path damaged = tmp.resolve("damaged");
        copyTree(Path.of(dir()), damaged);
        // a torn WAL tail (a crash's aftermath: a repair) and a truncated segment (damage: a problem)
        Path wal;
        Path seg;
        try (Stream<Path> s = Files.walk(damaged)) {
            wal = s.filter(p -> p.getFileName().toString().startsWith("wal-")).findFirst().orElseThrow();
        }
        try (Stream<Path> s = Files.walk(damaged)) {
            seg = s.filter(p -> p.toString().endsWith(".sdseg") && !p.toString().contains("/rollup/")) /* a table's own segments */.findFirst().orElseThrow();
        }
        Files.write(wal, "torn-tail".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
        byte[] b = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(b, b.length - 5));
        String[][] commands = {{"sql", "SELECT count(*) FROM m"}, {"stats"}, {"export", "--table", "m"}, {"check"}};
        for (int i = 0; i < commands.length; i++) {
            Path d = tmp.resolve("copy" + i);
            copyTree(damaged, d); // the first open repairs and quarantines: every command gets the damage fresh
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(commands[i][0], "--data-dir", d.toString()));
            args.addAll(java.util.List.of(commands[i]).subList(1, commands[i].length));
            Run r = run(args.toArray(String[]::new));
            String all = r.out() + r.err();
            assertThat(count(all, "torn record")).as("%s:%n%s", args, all).isEqualTo(1);
            assertThat(count(all, "bad footer magic")).as("%s:%n%s", args, all).isEqualTo(1);
            assertThat(all).as("%s", args).doesNotContain("WARNING:").doesNotContain("INFO:");
            if (!commands[i][0].equals("check")) {
                assertThat(r.err()).as("%s", args).contains("sundial: warning: quarantined ")
                        .contains("sundial: repaired after a crash: ");
            }
        }
    }

    @Test
    void aLockedDataDirectoryNamesTheHolderAndGivesAHintThatWorksToday() throws Exception {
        try (dev.sundial.Sundial held = dev.sundial.Sundial.open(Path.of(dir()))) {
            Run r = run("sql", "--data-dir", dir(), "SELECT 1");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("sundial: cannot open data directory " + dir() + ": it is in use by process "
                    + ProcessHandle.current().pid() + " (if that is a running 'sundial serve', query it with 'sundial sql --url"
                    + " http://127.0.0.1:7470 …'; otherwise wait for it to finish, or stop it, then try again)\n");
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
