package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.UnflushedWrites;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sundial maintain} and session settings from the command line: one session per
 * {@code sundial sql} invocation (a whole script) and per shell.
 */
class MaintainCliTest {
    private static final long T0 = 1_704_067_200_000_000_000L; // 2024-01-01T00:00:00Z

    @TempDir
    Path tmp;

    private String dir() {
        return tmp.resolve("data").toString();
    }

    @Test
    void maintainRunsWhatIsPendingPrintsEachStepAndASummary() throws Exception {
        UnflushedWrites.write(Path.of(dir()), "cpu", List.of(
                DataPoint.at(T0).tag("host", "a").field("usage", 1.5).build(),
                DataPoint.at(T0 + 10_000_000_000L).tag("host", "a").field("usage", 2.5).build()));

        CliRun r = CliRun.run("maintain", "--data-dir", dir());
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("flush +\\d+\\.\\d{3} ms  flushed 1 table\\(s\\) \\(~\\d+ bytes of head\\): cpu");
        assertThat(lines[1]).matches("1 step\\(s\\) in \\d+\\.\\d{3} ms");
        assertThat(r.err()).isEmpty();

        CliRun again = CliRun.run("maintain", "--data-dir", dir());
        assertThat(again.code()).isZero();
        assertThat(again.out()).matches("0 step\\(s\\) in \\d+\\.\\d{3} ms \\(nothing was pending\\)\n");

        CliRun count = CliRun.run("sql", "--data-dir", dir(), "--format", "csv", "SELECT count(*) AS n FROM cpu");
        assertThat(count.out()).isEqualTo("n\n2\n");
    }

    @Test
    void helpListsMaintain() {
        CliRun r = CliRun.run("--help");
        assertThat(r.out()).contains("maintain");
        CliRun h = CliRun.run("maintain", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("--data-dir").contains("Runs all pending maintenance");
    }

    @Test
    void setRollupsHoldsForTheRestOfASqlScriptAndNotForTheNextInvocation() {
        CliRun r = CliRun.withInput("SHOW rollups; SET rollups = off; SHOW rollups;\nSET rollups TO on; SHOW rollups; SET rollups TO off;\n",
                "sql", "--create", "--data-dir", dir(), "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("rollups\non\nSET\nrollups\noff\nSET\nrollups\non\nSET\n");

        CliRun next = CliRun.run("sql", "--data-dir", dir(), "--format", "csv", "SHOW rollups");
        assertThat(next.out()).isEqualTo("rollups\non\n");
    }

    @Test
    void setRollupsHoldsForTheRestOfAShellSession() {
        CliRun r = CliRun.withInput("SET rollups = off;\nSELECT 1 AS one;\nSHOW rollups;\n", "shell", "--create", "--data-dir", dir());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("SET\n").endsWith(" rollups\n---------\n off\n(1 row)\n\n");
    }

    @Test
    void anUnknownSettingIsAClearErrorThatListsTheKnownOnes() {
        CliRun r = CliRun.run("sql", "--create", "--data-dir", dir(), "SET rollup = off");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown setting \"rollup\"; the settings are rollups").contains("SET rollup = off").contains("    ^");
    }
}
