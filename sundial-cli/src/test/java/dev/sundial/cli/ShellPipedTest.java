package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code echo … | sundial shell}: statements and backslash commands from a pipe. */
class ShellPipedTest {
    @TempDir
    Path tmp;

    String dir;

    @BeforeEach
    void createTable() throws Exception {
        dir = tmp.resolve("data").toString();
        SqlFixture.create(Path.of(dir));
    }

    @Test
    void runsStatementsAndBackslashCommands() {
        String script = """
                \\dt
                \\d m
                SELECT usage FROM m WHERE host = 'b';
                \\x
                SELECT host, usage FROM m WHERE host = 'b';
                \\x off
                \\timing
                SELECT count
                  FROM m
                  WHERE count < 0; SELECT 'two' AS s;
                \\q
                SELECT 'after quit';
                """;
        CliRun r = CliRun.withInput(script, "shell", "--data-dir", dir);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        String out = r.out();
        assertThat(out).containsPattern("(?m)^ m\\s*(\\||$)"); // \dt lists table m
        assertThat(out).containsPattern("(?m)^ usage\\s+\\| DOUBLE"); // \d m describes its columns
        assertThat(out).contains(" usage\n-------\n  0.25\n(1 row)\n\n");
        assertThat(out).contains("Expanded display is on.\n-[ RECORD 1 ]\nhost  | b\nusage | 0.25\n\nExpanded display is off.\n");
        assertThat(out).contains("Timing is on.\n count\n-------\n    -3\n(1 row)\n\nTime: ");
        assertThat(out).containsPattern("\\(1 row\\)\n\nTime: \\d+\\.\\d{3} ms\n  s\n-----\n two\n\\(1 row\\)\n\nTime: \\d+\\.\\d{3} ms\n$");
        assertThat(out).doesNotContain("after quit");
    }

    @Test
    void errorsArePrintedWithACaretAndTheSessionGoesOn() {
        String script = "SELECT nope FROM m;\n\\nosuch\nSELECT usage FROM m WHERE host = 'b'";
        CliRun r = CliRun.withInput(script, "shell", "--data-dir", dir);
        assertThat(r.code()).isEqualTo(1);
        String[] err = r.err().split("\n");
        assertThat(err[0]).startsWith("ERROR: ").contains("nope");
        assertThat(err[1]).isEqualTo("  SELECT nope FROM m");
        assertThat(err[2]).isEqualTo("         ^");
        assertThat(err[3]).isEqualTo("invalid command \\nosuch");
        assertThat(err[4]).isEqualTo("Try \\? for help.");
        // the last statement has no ';': it runs at the end of the input, as in a psql script
        assertThat(r.out()).isEqualTo(" usage\n-------\n  0.25\n(1 row)\n\n");
    }

    @Test
    void longAndDeepExpressionsNeverEndTheSession() {
        // a 2,000-term OR chain runs (flat); a 2,000-level + chain is one short error; the session goes on
        String or = "SELECT count(*) AS hits FROM m WHERE " + "count = -1 OR ".repeat(1_999) + "count = 10;\n";
        String plus = "SELECT count" + " + 1".repeat(1_999) + " FROM m;\n";
        CliRun r = CliRun.withInput(or + plus + "SELECT 'still here' AS s;\n", "shell", "--data-dir", dir);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith(" hits\n------\n    1\n(1 row)\n\n").endsWith(" still here\n(1 row)\n\n");
        String[] err = r.err().split("\n");
        assertThat(err).as(r.err()).hasSize(3);
        assertThat(err[0]).startsWith("ERROR: expression too deeply nested: 2000 levels at line 1, column ")
                .contains("(limit 256;");
        assertThat(err[1]).hasSizeLessThan(120).startsWith("  ...");
        assertThat(err[2]).hasSizeLessThan(120).endsWith("^");
    }

    @Test
    void describeTakesTheNameExactlyAsListed() {
        CliRun r = CliRun.withInput("CREATE TIMESERIES TABLE \"CamelCase\" (timestamp TIMESTAMP, v DOUBLE);\n\\d CamelCase\n",
                "shell", "--data-dir", dir);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("CREATE TABLE\n").containsPattern("(?m)^ v\\s+\\| DOUBLE");
    }

    @Test
    void aBackslashCommandMayFollowAStatementOnTheSameLine() {
        CliRun r = CliRun.withInput("SELECT count(*) AS n FROM m; \\dt\n", "shell", "--data-dir", dir);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(" n\n---\n").contains("table_name").contains(" m\n");
    }

    @Test
    void helpListsTheCommands() {
        CliRun r = CliRun.withInput("\\?\n", "shell", "--data-dir", dir);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\\dt", "\\d [NAME]", "\\x", "\\timing", "\\q");
    }
}
