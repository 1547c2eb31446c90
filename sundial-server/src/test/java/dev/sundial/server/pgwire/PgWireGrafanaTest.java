package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.QueryResult;
import dev.sundial.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grafana's time-series and table queries through the wire: every macro-expanded query of
 * {@code sundial-sql}'s {@code GrafanaQueriesTest} fixtures (which check the engine's answers
 * against values computed in Java) is sent by pgjdbc over the extended protocol, as Grafana's Go
 * driver does, and its rows must equal the in-process answer of the same text, value for value
 * (doubles by their raw bits through the text and the binary formats alike), compared as sets of
 * rows since ORDER BY 1 leaves ties in any order (the engine's test pins the order). This pins the wire
 * path: Describe before Bind, the column types Grafana reads ({@code time} as float8 epoch
 * seconds), and the result formats.
 */
class PgWireGrafanaTest {
    /** The fixtures live beside the engine's test; surefire runs each module from its own folder. */
    static final Path FIXTURES = Path.of("../sundial-sql/src/test/resources/grafana");

    @TempDir
    Path dir;
    TestServer s;
    Connection c;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir);
        s.db.sql("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, usage DOUBLE, epoch_s BIGINT)").close();
        StringBuilder insert = new StringBuilder("INSERT INTO cpu (ts, host, usage, epoch_s) VALUES ");
        long start = 1_704_067_200L; // 2024-01-01T00:00:00Z
        for (int i = 0; i < 4 * 360; i++) { // 4 hours every 10 s, three hosts
            long sec = start + i * 10L;
            for (int h = 0; h < 3; h++) {
                double usage = (i * 7 + h * 13) % 101 + 0.25 * h;
                insert.append(i + h == 0 ? "" : ", ").append("(").append(sec * 1_000_000_000L).append(", 'h").append(h).append("', ")
                        .append(usage).append(", ").append(sec).append(")");
            }
        }
        s.db.sql(insert.toString()).close();
        Properties p = new Properties();
        p.setProperty("user", "grafana");
        c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial", p);
    }

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        s.close();
    }

    @Test
    void everyGrafanaQueryAnswersOverTheWireAsInProcess() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(FIXTURES)) {
            files = list.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(9);
        for (Path f : files) {
            String sql = Files.readAllLines(f).stream().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n")).strip();
            // as sets of rows: ORDER BY 1 leaves ties (one row per host in a bucket) in any order
            List<List<String>> expected = sorted(inProcess(sql));
            assertThat(expected).as(f.getFileName() + " answers rows in process").isNotEmpty();
            // six runs: pgjdbc switches to a server-prepared statement with binary results at the fifth
            for (int run = 0; run < 6; run++) {
                assertThat(sorted(overWire(sql))).as(f.getFileName() + " run " + run).isEqualTo(expected);
            }
        }
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> out = new ArrayList<>(rows);
        out.sort(java.util.Comparator.comparing(Object::toString));
        return out;
    }

    private List<List<String>> inProcess(String sql) {
        List<List<String>> rows = new ArrayList<>();
        try (QueryResult r = s.db.sql(sql)) {
            int n = r.columns().size();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Object v = r.getObject(i);
                    row.add(v == null ? "NULL" : v instanceof Double d ? Long.toHexString(Double.doubleToRawLongBits(d))
                            : v instanceof Long l ? Long.toString(l) : v.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<List<String>> overWire(String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String type = md.getColumnTypeName(i);
                    Object v = switch (type) {
                        case "float8" -> rs.getDouble(i);
                        case "int8" -> rs.getLong(i);
                        case "timestamptz" -> rs.getObject(i, java.time.OffsetDateTime.class).toInstant();
                        default -> rs.getString(i);
                    };
                    row.add(rs.wasNull() ? "NULL" : v instanceof Double d ? Long.toHexString(Double.doubleToRawLongBits(d))
                            : v.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
