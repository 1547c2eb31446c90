package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * The session time zone over pgwire, as PostgreSQL behaves: {@code SET TIME ZONE} / {@code SET
 * timezone} change the engine session's zone and are reported in a ParameterStatus; text results
 * (what psql shows, what pgjdbc's {@code getString} returns) are written in that zone with its
 * offset; pgjdbc's startup {@code TimeZone} (its JVM's zone) is honoured; instants read back are
 * unchanged in text and binary formats. pgjdbc 42.7 and the installed psql.
 */
class PgWireTimeZoneTest {
    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir);
        s.db.sql("CREATE TABLE m (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
        s.db.sql("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1.5), ('2024-07-01T12:00:00.25Z', 'b', 2)").close();
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "x");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial", p);
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    @Test
    void setTimeZoneChangesPrintedValuesAndIsReported() throws Exception {
        try (Connection c = connect()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            assertThat(pg.getParameterStatus("TimeZone")).isEqualTo(TimeZone.getDefault().getID()); // pgjdbc sent its JVM's zone
            String q = "SELECT timestamp FROM m ORDER BY timestamp";
            try (Statement st = c.createStatement()) {
                st.execute("SET TIME ZONE 'Europe/Paris'");
            }
            assertThat(pg.getParameterStatus("TimeZone")).isEqualTo("Europe/Paris");
            assertThat(strings(c, q)).containsExactly("2024-01-01 01:00:00+01", "2024-07-01 14:00:00.25+02");
            assertThat(strings(c, "SHOW TimeZone")).containsExactly("Europe/Paris");
            assertThat(strings(c, "SELECT current_setting('TimeZone')")).containsExactly("Europe/Paris");
            // the instants are the same, in text and (prepared, after pgjdbc's fifth execution) in binary
            try (PreparedStatement ps = c.prepareStatement(q)) {
                for (int i = 0; i < 7; i++) {
                    try (ResultSet r = ps.executeQuery()) {
                        assertThat(r.next()).isTrue();
                        assertThat(r.getTimestamp(1).toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
                        assertThat(r.getObject(1, java.time.OffsetDateTime.class).toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
                    }
                }
            }
            // text without an offset is Paris time now, as a timestamptz literal is in PostgreSQL
            assertThat(strings(c, "SELECT count(*) FROM m WHERE timestamp = '2024-07-01 14:00:00.25'")).containsExactly("1");
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM m WHERE timestamp >= ?")) {
                ps.setString(1, "2024-07-01 14:00:00");
                try (ResultSet r = ps.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getLong(1)).isEqualTo(1);
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("SET timezone TO 'Asia/Kathmandu'");
                assertThat(pg.getParameterStatus("TimeZone")).isEqualTo("Asia/Kathmandu");
                assertThat(strings(c, q)).containsExactly("2024-01-01 05:45:00+05:45", "2024-07-01 17:45:00.25+05:45");
                assertThat(strings(c, "SELECT date_trunc('day', timestamp) FROM m ORDER BY 1"))
                        .containsExactly("2024-01-01 00:00:00+05:45", "2024-07-01 00:00:00+05:45");
                // an unknown zone: 22023, nothing changed, the connection goes on
                assertThatThrownBy(() -> st.execute("SET TIME ZONE 'Mars/Olympus'")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("invalid value for parameter \"TimeZone\": \"Mars/Olympus\"")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
                assertThat(pg.getParameterStatus("TimeZone")).isEqualTo("Asia/Kathmandu");
                st.execute("RESET TIME ZONE");
                assertThat(pg.getParameterStatus("TimeZone")).isEqualTo("UTC");
                assertThat(strings(c, q)).containsExactly("2024-01-01 00:00:00+00", "2024-07-01 12:00:00.25+00");
                st.execute("SET TIME ZONE -7");
                assertThat(pg.getParameterStatus("TimeZone")).isEqualTo("<-07>+07");
                assertThat(strings(c, q).get(0)).isEqualTo("2023-12-31 17:00:00-07");
                st.execute("SET TIME ZONE DEFAULT");
                assertThat(pg.getParameterStatus("TimeZone")).isEqualTo("UTC");
            }
        }
    }

    @Test
    void pgjdbcsStartupTimeZoneIsHonoured() throws Exception {
        TimeZone before = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            try (Connection c = connect()) {
                assertThat(c.unwrap(PGConnection.class).getParameterStatus("TimeZone")).isEqualTo("Asia/Kolkata");
                assertThat(strings(c, "SELECT timestamp FROM m ORDER BY timestamp")).first().isEqualTo("2024-01-01 05:30:00+05:30");
                try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT timestamp FROM m ORDER BY timestamp")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getTimestamp(1).toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
                }
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void psqlShowsWhatTheServerWritesInTheSessionZone() throws IOException, InterruptedException {
        Path psql = Path.of("/usr/bin/psql");
        assertThat(Files.isExecutable(psql)).as("psql is needed at %s: install the Debian package postgresql-client", psql).isTrue();
        List<String> cmd = List.of(psql.toString(), "-h", "127.0.0.1", "-p", Integer.toString(s.server.pgPort()), "-U", "x", "-d",
                "sundial", "-X", "-A", "-t", "-c", "SET TIME ZONE 'America/New_York'", "-c", "SELECT timestamp FROM m ORDER BY timestamp",
                "-c", "SHOW timezone", "-c", "SELECT TIMESTAMP '2018-11-04 01:30'");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().remove("PGTZ");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEmpty();
        // the ambiguous 01:30 of the fall-back is read as EST, the later instant, as PostgreSQL does
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("""
                SET
                2023-12-31 19:00:00-05
                2024-07-01 08:00:00.25-04
                America/New_York
                2018-11-04 01:30:00-05
                """);
    }
}
