package dev.sundial.server.pgwire;

import static dev.sundial.server.pgwire.RawPgClient.body;
import static dev.sundial.server.pgwire.RawPgClient.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryResult;
import dev.sundial.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/**
 * COPY TO STDOUT and FROM STDIN through pgjdbc's {@link CopyManager} (simple protocol) and raw
 * extended-protocol messages, against a real server and database: exact CSV and text output, round
 * trips of every type with awkward strings, atomicity (a bad row, CopyFail, the byte limit) and the
 * errors' SQLSTATE and CONTEXT.
 */
class PgWireCopyTest {
    private static final String SCHEMA = "(timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT, ok BOOLEAN, s VARCHAR)";

    @TempDir
    Path dir;
    TestServer s;
    Connection c;
    CopyManager copy;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir, settings -> settings.set("limits.max_body_bytes", Integer.toString(4 << 20)),
                dev.sundial.server.auth.Authenticator.OPEN);
        s.db.sql("CREATE TABLE t " + SCHEMA).close();
        s.db.sql("INSERT INTO t VALUES ('2024-01-01T00:00:00Z', 'a', 1.5, 7, true, 'plain'), "
                + "('2024-01-01T00:00:00.000001Z', 'b,c', NULL, NULL, NULL, 'say \"hi\", ok'), "
                + "('2024-01-01T00:00:01.5Z', 'd', -0.000012, -3, false, 'two\nlines\tand\\back'), "
                + "('2024-01-01T00:00:02Z', 'e', 1e300, 9223372036854775807, true, ''), "
                + "('2024-01-01T00:00:03Z', 'f', 2, 0, false, NULL), "
                + "('2024-01-01T00:00:04Z', 'g', 3, 1, true, 'ünï \\N cödé')").close();
        Properties p = new Properties();
        p.setProperty("user", "x");
        c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial", p);
        copy = c.unwrap(PGConnection.class).getCopyAPI();
    }

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        s.close();
    }

    private String copyOut(String sql) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy.copyOut(sql, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private long copyIn(String sql, String data) throws Exception {
        return copy.copyIn(sql, new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> rows(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT * FROM " + table + " ORDER BY timestamp")) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private long count(String table) throws Exception {
        try (QueryResult r = s.db.sql("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(0);
        }
    }

    @Test
    void csvOutputIsWhatPostgresWrites() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = copy.copyOut("COPY t TO STDOUT WITH (FORMAT csv, HEADER)", out);
        assertThat(n).isEqualTo(6);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                timestamp,host,v,n,ok,s
                2024-01-01 00:00:00+00,a,1.5,7,t,plain
                2024-01-01 00:00:00.000001+00,"b,c",,,,"say ""hi"", ok"
                2024-01-01 00:00:01.5+00,d,-1.2e-05,-3,f,"two
                lines	and\\back"
                2024-01-01 00:00:02+00,e,1e+300,9223372036854775807,t,""
                2024-01-01 00:00:03+00,f,2,0,f,
                2024-01-01 00:00:04+00,g,3,1,t,ünï \\N cödé
                """);
    }

    @Test
    void textOutputEscapesAsPostgresDoes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = copy.copyOut("COPY (SELECT host, s, v FROM t WHERE host IN ('b,c', 'd', 'f', 'g') ORDER BY host) TO STDOUT", out);
        assertThat(n).isEqualTo(4);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "b,c\tsay \"hi\", ok\t\\N\n"
                        + "d\ttwo\\nlines\\tand\\\\back\t-1.2e-05\n"
                        + "f\t\\N\t2\n"
                        + "g\tünï \\\\N cödé\t3\n");
    }

    @Test
    void optionsInTheOldSpellingAndAColumnList() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy.copyOut("COPY t (host, n) TO STDOUT CSV HEADER DELIMITER AS ';' NULL AS 'null'", out);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly("host;n", "a;7", "b,c;null", "d;-3", "e;9223372036854775807", "f;0", "g;1");
    }

    @Test
    void everyTypeRoundTripsThroughCsvAndText() throws Exception {
        List<String> original = rows("t");
        for (String format : List.of("csv", "text")) {
            String table = "t_" + format;
            s.db.sql("CREATE TABLE " + table + " " + SCHEMA).close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy.copyOut("COPY t TO STDOUT WITH (FORMAT " + format + ", HEADER true)", out);
            long n = copyIn("COPY " + table + " FROM STDIN WITH (FORMAT " + format + ", HEADER true)", out.toString(StandardCharsets.UTF_8));
            assertThat(n).as(format).isEqualTo(6);
            assertThat(rows(table)).as(format).isEqualTo(original);
        }
    }

    @Test
    void copyInWithAColumnListLeavesTheOthersNull() throws Exception {
        s.db.sql("CREATE TABLE u " + SCHEMA).close();
        long n = copyIn("COPY u (s, timestamp, host) FROM STDIN (FORMAT csv)", "\"x,\"\"y\"\"\",2024-02-01T00:00:00Z,h1\r\n"
                + ",2024-02-01 00:00:01+00,h2\n\"\",2024-02-01 00:00:02.25+00:00,\n");
        assertThat(n).isEqualTo(3);
        assertThat(rows("u")).containsExactly("2024-02-01 00:00:00+00|h1|null|null|null|x,\"y\"",
                "2024-02-01 00:00:01+00|h2|null|null|null|null", "2024-02-01 00:00:02.25+00|null|null|null|null|");
    }

    @Test
    void aBadRowInTheMiddleOf10000WritesNothingAndNamesItsLineAndColumn() throws Exception {
        long seed = System.nanoTime();
        System.out.println("PgWireCopyTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        int bad = 1 + rnd.nextInt(9_999);
        StringBuilder data = new StringBuilder("timestamp,host,v,n,ok,s\n");
        for (int i = 0; i < 10_000; i++) {
            data.append("2024-03-01 00:00:").append(String.format("%02d", i % 60)).append('.').append(i).append("+00,h").append(i % 7)
                    .append(',').append(i == bad ? "abc" : Double.toString(rnd.nextDouble())).append(',').append(i).append(",t,x\n");
        }
        assertThatThrownBy(() -> copyIn("COPY t FROM STDIN (FORMAT csv, HEADER)", data.toString()))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("22P02");
                    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("invalid input syntax for type double precision: \"abc\"");
                    // the header is line 1, so row i is line i + 2
                    assertThat(e.getServerErrorMessage().getWhere()).isEqualTo("COPY t, line " + (bad + 2) + ", column v: \"abc\"");
                });
        assertThat(count("t")).isEqualTo(6);
        assertThat(rows("t")).hasSize(6); // the connection is still usable
    }

    /**
     * A table whose values are all DOUBLE takes the columnar path (rows without NULLs); one with a
     * BIGINT column takes the DataPoint path for every row. The same CSV, with NULL tags and values,
     * duplicate timestamps (the later row replaces) and many series, must give the same rows; a bad
     * value in the columnar table still writes nothing and names its line and column.
     */
    @Test
    void theColumnarPathForAllDoubleTablesWritesWhatTheRowPathWrites() throws Exception {
        long seed = System.nanoTime();
        System.out.println("PgWireCopyTest columnar seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        s.db.sql("CREATE TABLE fast (timestamp TIMESTAMP, host VARCHAR TAG, dc VARCHAR TAG, a DOUBLE, b DOUBLE)").close();
        s.db.sql("CREATE TABLE slow (timestamp TIMESTAMP, host VARCHAR TAG, dc VARCHAR TAG, a DOUBLE, b DOUBLE, n BIGINT)").close();
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            String host = rnd.nextInt(50) == 0 ? "" : "h" + rnd.nextInt(300); // "" is NULL in CSV
            String a = rnd.nextInt(40) == 0 ? "" : Double.toString(rnd.nextDouble() * 1e6 - 5e5);
            String b = rnd.nextInt(40) == 0 ? "NaN" : Long.toString(rnd.nextLong(1_000_000));
            data.append("2024-04-01 00:").append(String.format("%02d:%02d", rnd.nextInt(60), rnd.nextInt(60))).append("+00,")
                    .append(host).append(",dc").append(rnd.nextInt(3)).append(',').append(a).append(',').append(b).append('\n');
        }
        assertThat(copyIn("COPY fast (timestamp, host, dc, a, b) FROM STDIN (FORMAT csv)", data.toString())).isEqualTo(5_000);
        // listing the BIGINT column (always NULL here) puts every row of slow on the DataPoint path
        assertThat(copyIn("COPY slow (timestamp, host, dc, a, b, n) FROM STDIN (FORMAT csv)", data.toString().replace("\n", ",\n")))
                .isEqualTo(5_000);
        String order = " ORDER BY timestamp, host, dc";
        List<String> fast = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (var pair : List.of(java.util.Map.entry("fast", fast), java.util.Map.entry("slow", slow))) {
                try (ResultSet r = st.executeQuery("SELECT timestamp, host, dc, a, b FROM " + pair.getKey() + order)) {
                    while (r.next()) {
                        pair.getValue().add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4) + "|"
                                + r.getString(5));
                    }
                }
            }
        }
        assertThat(fast).hasSizeGreaterThan(1_000).isEqualTo(slow);
        long before = count("fast");
        assertThatThrownBy(() -> copyIn("COPY fast (timestamp, host, dc, a, b) FROM STDIN (FORMAT csv)",
                "2024-05-01 00:00:00+00,h1,dc1,1,2\n2024-05-01 00:00:01+00,h1,dc1,1,x2\n"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("22P02");
                    assertThat(e.getServerErrorMessage().getWhere()).isEqualTo("COPY fast, line 2, column b: \"x2\"");
                });
        assertThat(count("fast")).isEqualTo(before);
    }

    @Test
    void aRowWithTooFewOrTooManyColumnsIs22P04() throws Exception {
        assertThatThrownBy(() -> copyIn("COPY t FROM STDIN (FORMAT csv)", "2024-03-01 00:00:00+00,h,1,2,t,x\n2024-03-01 00:00:01+00,h,1\n"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("22P04");
                    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("missing data for column \"n\"");
                    assertThat(e.getServerErrorMessage().getWhere()).isEqualTo("COPY t, line 2: \"2024-03-01 00:00:01+00,h,1\"");
                });
        assertThatThrownBy(() -> copyIn("COPY t FROM STDIN", "2024-03-01 00:00:00+00\th\t1\t2\tt\tx\textra\n"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22P04"));
        assertThatThrownBy(() -> copyIn("COPY t FROM STDIN (FORMAT csv)", "2024-03-01 00:00:00+00,h,1,2,t,\"open\n"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("22P04");
                    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("unterminated CSV quoted field");
                });
        assertThat(count("t")).isEqualTo(6);
    }

    @Test
    void copyFailFromTheClientIs57014AndWritesNothing() throws Exception {
        CopyIn in = copy.copyIn("COPY t FROM STDIN (FORMAT csv)");
        byte[] row = "2024-03-01 00:00:00+00,h,1,2,t,x\n".getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(row, 0, row.length);
        in.flushCopy();
        in.cancelCopy(); // pgjdbc sends CopyFail and expects 57014, which it does not throw (any other error it would)
        assertThat(count("t")).isEqualTo(6);
        assertThat(rows("t")).hasSize(6);

        try (RawPgClient raw = new RawPgClient(s.server.pgPort())) {
            raw.startup();
            raw.send('Q', body("COPY t FROM STDIN (FORMAT csv)"));
            assertThat(raw.read().type()).isEqualTo('G');
            raw.send('d', row);
            raw.send('f', body("the user gave up"));
            List<RawPgClient.Msg> r = raw.untilReady();
            assertThat(types(r)).isEqualTo("EZ");
            assertThat(r.get(0).field('C')).isEqualTo("57014");
            assertThat(r.get(0).field('M')).isEqualTo("COPY from stdin failed: the user gave up; nothing was written");
            raw.send('d', row); // late copy messages after the error are dropped, as the protocol says
            raw.send('c', new byte[0]);
            raw.send('Q', body("SELECT count(*) FROM t"));
            r = raw.untilReady();
            assertThat(types(r)).isEqualTo("TDCZ");
        }
        assertThat(count("t")).isEqualTo(6);
    }

    @Test
    void moreDataThanTheBodyLimitIs54000AndWritesNothing() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; data.length() <= (4 << 20); i++) {
            data.append("2024-03-01 00:00:00.").append(i).append("+00,h,1,2,t,").append("x".repeat(100)).append('\n');
        }
        assertThatThrownBy(() -> copyIn("COPY t FROM STDIN (FORMAT csv)", data.toString()))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("54000"));
        assertThat(count("t")).isEqualTo(6);
        assertThat(rows("t")).hasSize(6);
    }

    @Test
    void unknownTableColumnAndServerFilesAreRefused() throws Exception {
        assertThatThrownBy(() -> copyIn("COPY nope FROM STDIN", "")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
        assertThatThrownBy(() -> copyIn("COPY t (timestamp, nope) FROM STDIN", "")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("42703"));
        assertThatThrownBy(() -> copyOut("COPY t TO '/tmp/x.csv'")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
        assertThatThrownBy(() -> copyOut("COPY t TO STDOUT (FORMAT binary)")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
        assertThatThrownBy(() -> copyOut("COPY nope TO STDOUT")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
        assertThat(rows("t")).hasSize(6);
    }

    @Test
    void copyRunsInTheExtendedProtocolToo() throws Exception {
        try (RawPgClient raw = new RawPgClient(s.server.pgPort())) {
            raw.startup();
            raw.send('P', body("", "COPY (SELECT host FROM t WHERE n > 0 ORDER BY host) TO STDOUT", (short) 0));
            raw.send('B', body("", "", (short) 0, (short) 0, (short) 0));
            raw.send('E', body("", 0));
            raw.send('S', new byte[0]);
            List<RawPgClient.Msg> r = raw.untilReady();
            assertThat(types(r)).isEqualTo("12HdddcCZ");
            assertThat(r.get(3).text()).isEqualTo("a\n");
            assertThat(r.get(7).text()).isEqualTo("COPY 3\0");

            raw.send('P', body("", "COPY t (timestamp, host) FROM STDIN (FORMAT csv)", (short) 0));
            raw.send('B', body("", "", (short) 0, (short) 0, (short) 0));
            raw.send('E', body("", 0));
            raw.send('H', new byte[0]);
            assertThat(types(List.of(raw.read(), raw.read(), raw.read()))).isEqualTo("12G");
            raw.send('d', "2024-04-01 00:00:00+00,x\n2024-04-01 00:0".getBytes(StandardCharsets.UTF_8));
            raw.send('d', "0:01+00,y\n".getBytes(StandardCharsets.UTF_8));
            raw.send('c', new byte[0]);
            raw.send('S', new byte[0]);
            r = raw.untilReady();
            assertThat(types(r)).isEqualTo("CZ");
            assertThat(r.get(0).text()).isEqualTo("COPY 2\0");
        }
        assertThat(count("t")).isEqualTo(8);
    }
}
