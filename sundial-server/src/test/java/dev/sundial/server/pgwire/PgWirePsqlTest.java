package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * psql, the PostgreSQL command-line client (libpq: SSLRequest first, then the simple query
 * protocol), against a real server. psql must be installed ({@code postgresql-client}; {@code
 * .ci/run} installs it): without it this test fails, it does not skip.
 */
class PgWirePsqlTest {
    private static final Path PSQL = Path.of("/usr/bin/psql");

    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start() throws Exception {
        assertThat(Files.isExecutable(PSQL)).as("psql is needed at %s: install the Debian package postgresql-client", PSQL).isTrue();
        s = TestServer.start(dir);
        s.db.sql("CREATE TABLE m (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT, ok BOOLEAN)").close();
        s.db.sql("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 0.1, 7, true), ('2024-01-01T00:00:00.5Z', 'b', NULL, -3, false)")
                .close();
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    record Run(int exit, String out, String err) {
    }

    Run psql(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PSQL.toString(), "-h", "127.0.0.1", "-p", Integer.toString(s.server.pgPort()),
                "-U", "x", "-d", "sundial", "-X", "-v", "VERBOSITY=verbose"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().remove("PGPASSWORD");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("psql finished within 60 s").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void printsEachTypeAsPostgresWould() throws Exception {
        Run r = psql("-A", "-F", "|", "-c", "SELECT timestamp, host, v, n, ok FROM m ORDER BY timestamp");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                timestamp|host|v|n|ok
                2024-01-01 00:00:00+00|a|0.1|7|t
                2024-01-01 00:00:00.5+00|b||-3|f
                (2 rows)
                """);
    }

    @Test
    void severalStatementsInOneQueryStopAtTheFirstError() throws Exception {
        Run r = psql("-A", "-t", "-c", "SELECT 1; SELECT 'x;y' AS s; SELEC 2; SELECT 3");
        assertThat(r.out()).isEqualTo("1\nx;y\n");
        assertThat(r.err()).contains("ERROR:  42601: syntax error").contains("LINE 1: SELECT 1; SELECT 'x;y' AS s; SELEC 2");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void insertsAndCountsThroughCommandTags() throws Exception {
        Run r = psql("-c", "INSERT INTO m (timestamp, host, n) VALUES ('2024-01-02T00:00:00Z', 'c', 1), ('2024-01-02T00:00:01Z', 'c', 2)",
                "-c", "DELETE FROM m WHERE host = 'a'", "-c", "SELECT count(*) AS c FROM m");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("INSERT 0 2").contains("DELETE 1").contains(" c \n---\n 3\n(1 row)");
    }

    @Test
    void backslashCopyExportsAndImportsACsvFile() throws Exception {
        Path file = dir.resolve("m.csv");
        Run out = psql("-c", "\\copy m to '" + file + "' csv header");
        assertThat(out.err()).isEmpty();
        assertThat(out.out()).isEqualTo("COPY 2\n");
        assertThat(Files.readString(file)).isEqualTo("""
                timestamp,host,v,n,ok
                2024-01-01 00:00:00+00,a,0.1,7,t
                2024-01-01 00:00:00.5+00,b,,-3,f
                """);

        s.db.sql("CREATE TABLE m2 (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT, ok BOOLEAN)").close();
        Run in = psql("-c", "\\copy m2 from '" + file + "' csv header", "-A", "-F", "|", "-c", "SELECT * FROM m2 ORDER BY timestamp");
        assertThat(in.err()).isEmpty();
        assertThat(in.out()).isEqualTo("""
                COPY 2
                timestamp|host|v|n|ok
                2024-01-01 00:00:00+00|a|0.1|7|t
                2024-01-01 00:00:00.5+00|b||-3|f
                (2 rows)
                """);

        Files.writeString(file, "timestamp,host,v,n,ok\n2024-01-02 00:00:00+00,c,1,2,t\n2024-01-02 00:00:01+00,c,oops,2,t\n");
        Run bad = psql("-c", "\\copy m2 from '" + file + "' csv header", "-c", "SELECT count(*) FROM m2");
        assertThat(bad.err()).contains("ERROR:  22P02: invalid input syntax for type double precision: \"oops\"")
                .contains("CONTEXT:  COPY m2, line 3, column v: \"oops\"");
        assertThat(bad.out()).doesNotContain("COPY").contains(" 2\n(1 row)");
    }
}
