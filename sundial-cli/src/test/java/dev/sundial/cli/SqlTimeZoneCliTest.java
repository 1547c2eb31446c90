package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SET TIME ZONE} in {@code sundial sql} (one session per invocation) and {@code sundial
 * shell}: timestamps print in UTC (ISO-8601) until a zone is set, then in PostgreSQL's form with
 * the zone's offset in the table and CSV formats and as ISO-8601 with the offset in JSON.
 */
class SqlTimeZoneCliTest {
    @TempDir
    Path tmp;

    String dir;

    @BeforeEach
    void createTable() throws Exception {
        dir = tmp.resolve("data").toString();
        SqlFixture.create(Path.of(dir));
    }

    @Test
    void aScriptPrintsInTheZoneItSetsAndTheNextInvocationIsUtcAgain() {
        String q = "SELECT timestamp FROM m WHERE host = 'a' ORDER BY timestamp LIMIT 2";
        CliRun r = CliRun.run("sql", "--data-dir", dir, "--format", "csv", "SET TIME ZONE 'Asia/Kolkata'; " + q + "; SHOW timezone");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("SET\ntimestamp\n2024-01-01 05:30:00+05:30\n2024-01-01 05:30:00.123456789+05:30\n"
                + "timezone\nAsia/Kolkata\n");
        CliRun table = CliRun.run("sql", "--data-dir", dir, "SET timezone = 'America/New_York'; " + q);
        assertThat(table.out()).contains(" 2023-12-31 19:00:00-05\n").contains(" 2023-12-31 19:00:00.123456789-05\n");
        CliRun json = CliRun.run("sql", "--data-dir", dir, "--format", "json", "SET timezone = 'Europe/Paris'; " + q);
        assertThat(json.out()).contains("[\"2024-01-01T01:00:00+01:00\"]");
        CliRun next = CliRun.run("sql", "--data-dir", dir, "--format", "csv", q);
        assertThat(next.out()).isEqualTo("timestamp\n2024-01-01T00:00:00Z\n2024-01-01T00:00:00.123456789Z\n");
    }

    @Test
    void aBadZoneIsOneClearLineAndTheShellGoesOn() {
        CliRun r = CliRun.withInput("SET TIME ZONE 'Paris';\nSET TIME ZONE 'Europe/Paris';\nSHOW timezone;\n", "shell", "--data-dir", dir);
        assertThat(r.out() + r.err()).contains("cannot set timezone to 'Paris': unknown time zone (use a tz database name such as"
                + " 'Europe/Paris'");
        assertThat(r.out()).contains(" Europe/Paris\n");
    }
}
