package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6, as a user meets it on {@code sundial import}: rows that replace rows of the same
 * series and timestamp are counted and said; a CSV file without tag columns whose rows collapse
 * into one series warns once with the fix; epoch numbers in an implausible unit stop the import,
 * naming the option and the likely value, before anything is written.
 */
class ImportCountsCliTest {
    @TempDir
    Path tmp;

    private String dir() {
        return tmp.resolve("data").toString();
    }

    private Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private CliRun importing(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "import";
        all[1] = "--data-dir";
        all[2] = dir();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.run(all);
    }

    private String sql(String query) {
        CliRun r = CliRun.run("sql", "--data-dir", dir(), "--format", "csv", query);
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void replacedRowsAreCountedAndSaid() throws Exception {
        Path lp = file("m.lp", "m,host=a v=1 1700000000000000000\nm,host=b v=2 1700000000000000000\n"
                + "m,host=a v=3 1700000001000000000\nm,host=a v=4 1700000000000000000\n");
        CliRun first = importing("--no-progress", lp.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).startsWith("imported 4 rows: 3 new, 1 replaced (4 points) in ");

        Path again = file("again.lp", "m,host=a v=5 1700000000000000000\nm,host=b v=6 1700000002000000000\n");
        CliRun second = importing("--no-progress", again.toString());
        assertThat(second.err()).startsWith("imported 2 rows: 1 new, 1 replaced (2 points) in ");

        Path fresh = file("fresh.lp", "m,host=c v=7 1700000000000000000\n");
        assertThat(importing("--no-progress", fresh.toString()).err()).startsWith("imported 1 rows (1 points) in ");
        assertThat(sql("SELECT count(*) AS n FROM m")).isEqualTo("n\n5\n");
    }

    @Test
    void aCsvWithoutTagColumnsWhoseRowsCollapseWarnsOnceWithTheFix() throws Exception {
        StringBuilder csv = new StringBuilder("time,device,temp\n");
        for (int t = 0; t < 10; t++) {
            for (int d = 0; d < 3; d++) {
                csv.append("2024-01-01T00:00:").append(String.format("%02d", t)).append("Z,dev").append(d).append(',').append(t + d).append('\n');
            }
        }
        Path f = file("readings.csv", csv.toString());
        CliRun r = importing("--no-progress", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("sundial: warning: 20 of 30 rows of " + f + " replaced a row with the same timestamp: no tag column"
                + " was named, so all rows are one series; if some column identifies the series, pass --tags COL[,COL...]\n"
                + "imported 30 rows: 10 new, 20 replaced (60 points)");
        assertThat(sql("SELECT count(*) AS n FROM readings")).isEqualTo("n\n10\n");

        CliRun tagged = importing("--no-progress", "--table", "tagged", "--tags", "device", f.toString());
        assertThat(tagged.err()).startsWith("imported 30 rows (30 points)").doesNotContain("warning");
        assertThat(sql("SELECT count(*) AS n FROM tagged")).isEqualTo("n\n30\n");
    }

    @Test
    void reimportingASingleSeriesCsvCountsReplacedRowsWithoutTheTagWarning() throws Exception {
        Path f = file("one.csv", "time,temp\n2024-01-01T00:00:00Z,1\n2024-01-01T00:00:01Z,2\n");
        assertThat(importing("--no-progress", f.toString()).err()).startsWith("imported 2 rows (2 points)");
        CliRun again = importing("--no-progress", f.toString());
        assertThat(again.err()).startsWith("imported 2 rows: 0 new, 2 replaced (2 points)").doesNotContain("warning");
    }

    @Test
    void epochSecondsReadAsNanosecondsStopTheImportBeforeAnythingIsWritten() throws Exception {
        Path f = file("secs.csv", "time,host,v\n1700000000,a,1\n1700000060,a,2\n");
        CliRun r = importing("--no-progress", "--tags", "host", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sundial: cannot import " + f + " line 2: timestamp 1700000000 read with --precision ns is"
                + " 1970-01-01T00:00:01.700Z; the numbers look like seconds: pass --precision s (or --no-precision-check if they are right)\n");
        assertThat(sql("SHOW TABLES")).doesNotContain("secs");

        CliRun ok = importing("--no-progress", "--tags", "host", "--precision", "s", f.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(sql("SELECT min(timestamp) AS t FROM secs")).isEqualTo("t\n2023-11-14T22:13:20Z\n");

        // a user whose data really is of January 1970 says so
        CliRun forced = importing("--no-progress", "--table", "early", "--tags", "host", "--no-precision-check", f.toString());
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(sql("SELECT min(timestamp) AS t FROM early")).isEqualTo("t\n1970-01-01T00:00:01.700Z\n");
    }

    @Test
    void lineProtocolMillisecondsAndMicrosecondsReadAsNanosecondsAreCaught() throws Exception {
        Path ms = file("ms.lp", "m,host=a v=1 1700000000000\n");
        CliRun r = importing("--no-progress", ms.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("line 1: timestamp 1700000000000 read with --precision ns is 1970-01-01T00:28:20Z;"
                + " the numbers look like milliseconds: pass --precision ms");

        Path us = file("us.lp", "m,host=a v=1 1700000000000000\n");
        CliRun r2 = importing("--no-progress", us.toString());
        assertThat(r2.code()).isEqualTo(2);
        assertThat(r2.err()).contains("the numbers look like microseconds: pass --precision us");
        assertThat(importing("--no-progress", "--precision", "us", us.toString()).code()).isZero();
        // too large a unit overflows nanoseconds: that was, and stays, a bad line of its own
        CliRun big = importing("--no-progress", "--precision", "ms", us.toString());
        assertThat(big.code()).isEqualTo(1);
        assertThat(big.err()).contains("in milliseconds is out of the int64 nanosecond range");
    }

    @Test
    void dateTimeTextAndNumbersNoUnitMakesPlausibleAreNotChecked() throws Exception {
        Path text = file("early.csv", "time,v\n1970-01-01T00:00:01.7Z,1\n");
        assertThat(importing("--no-progress", text.toString()).code()).isZero();
        Path small = file("small.lp", "m v=1 1000\nm v=2 -5\n"); // test counters, not misread dates
        assertThat(importing("--no-progress", small.toString()).code()).isZero();
    }
}
