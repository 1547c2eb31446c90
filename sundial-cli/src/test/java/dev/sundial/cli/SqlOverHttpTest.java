package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.Sundial;
import dev.sundial.cli.sql.OutputFormat;
import dev.sundial.cli.sql.StatementRunner;
import dev.sundial.server.ServerSettings;
import dev.sundial.server.SundialServer;
import dev.sundial.server.auth.Authenticator;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sundial sql --url}: a statement run through a real server prints exactly what the same
 * statement prints when run in-process, in every output format; errors keep their caret.
 */
class SqlOverHttpTest {
    @TempDir
    Path tmp;

    private Sundial db;
    private SundialServer server;

    @BeforeEach
    void start() throws Exception {
        Path dir = tmp.resolve("data");
        server = SundialServer.start(ServerSettings.defaults().set("data_dir", dir.toString()).set("http.port", "0").set("pg.port", "0").toConfig(),
                Authenticator.OPEN);
        db = Sundial.open(dir);
        server.attach(db);
        db.sql("CREATE TIMESERIES TABLE m (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT, ok BOOLEAN, note VARCHAR)").close();
        db.sql("INSERT INTO m (timestamp, host, v, n, ok, note) VALUES "
                + "('2024-01-01T00:00:00Z', 'a', 1.5, 7, true, 'x, \"quoted\"'), "
                + "('2024-01-01T00:00:01.5Z', 'b', NULL, -3, false, NULL), "
                + "('2024-01-01T00:00:02Z', 'a', 1e300, 9223372036854775807, NULL, '')").close();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        db.close();
    }

    @Test
    void everyFormatPrintsWhatALocalRunPrints() throws Exception {
        List<String> queries = List.of("SELECT * FROM m ORDER BY timestamp",
                "SELECT host, count(*) AS c, avg(v) FROM m GROUP BY host ORDER BY host",
                "SELECT time_bucket('1s', timestamp) AS t, max(n) FROM m GROUP BY t ORDER BY t",
                "SELECT * FROM m WHERE host = 'nobody'",
                "EXPLAIN SELECT count(*) FROM m");
        for (String format : List.of("table", "csv", "json")) {
            for (String q : queries) {
                CliCommandsTest.Run remote = CliCommandsTest.run("sql", "--url", server.uri().toString(), "--format", format, q);
                assertThat(remote.err()).as(format + ": " + q).isEmpty();
                assertThat(remote.code()).isZero();
                assertThat(remote.out()).as(format + ": " + q).isEqualTo(local(format, q));
            }
        }
    }

    @Test
    void statementsWithoutRowsPrintTheirStatus() {
        CliCommandsTest.Run r = CliCommandsTest.run("sql", "--url", server.uri().toString(),
                "INSERT INTO m (timestamp, host, v) VALUES ('2024-01-02T00:00:00Z', 'c', 1); SELECT count(*) FROM m");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("INSERT 0 1\n").contains(" 4\n");
    }

    @Test
    void anErrorShowsTheMessageAndTheCaretAsLocally() {
        CliCommandsTest.Run r = CliCommandsTest.run("sql", "--url", server.uri().toString(), "SELECT nope FROM m");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nope").contains("SELECT nope FROM m").contains("       ^");
    }

    @Test
    void aServerThatIsNotThereIsAClearError() {
        CliCommandsTest.Run r = CliCommandsTest.run("sql", "--url", "http://127.0.0.1:1", "SELECT 1");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("cannot connect to http://127.0.0.1:1").contains("sundial serve");
    }

    private String local(String format, String q) throws Exception {
        StringWriter w = new StringWriter();
        new StatementRunner(db, List.of()).run(q, OutputFormat.parse(format).printer(), w);
        return w.toString();
    }
}
