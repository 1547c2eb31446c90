package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.server.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgjdbc 42.7, unchanged, against a real server and database: the extended query protocol as the
 * driver uses it by default (unnamed statements, then named ones with binary results after five
 * executions), its simple-protocol setup statements, errors with SQLSTATE and position, and
 * cursors fetched in parts.
 */
class PgWireJdbcTest {
    @TempDir
    Path dir;
    TestServer s;
    Connection c;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir);
        s.db.sql("CREATE TABLE m (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT, ok BOOLEAN)").close();
        s.db.sql("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1.5, 7, true), "
                + "('2024-01-01T00:00:01.25Z', 'b', NULL, -3, false)").close();
        c = connect(new Properties());
    }

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        s.close();
    }

    Connection connect(Properties p) throws SQLException {
        p.setProperty("user", "x");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial", p);
    }

    @Test
    void statementReadsEachTypeWithItsPostgresType() throws Exception {
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT timestamp, host, v, n, ok FROM m ORDER BY timestamp")) {
            ResultSetMetaData md = r.getMetaData();
            assertThat(md.getColumnTypeName(1)).isEqualTo("timestamptz");
            assertThat(md.getColumnType(3)).isEqualTo(Types.DOUBLE);
            assertThat(md.getColumnType(4)).isEqualTo(Types.BIGINT);
            assertThat(md.getColumnType(5)).isEqualTo(Types.BIT); // pgjdbc reports bool as BIT
            assertThat(md.getColumnTypeName(2)).isEqualTo("text");
            assertThat(r.next()).isTrue();
            assertThat(r.getTimestamp(1).toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
            assertThat(r.getString(1)).isEqualTo("2024-01-01 00:00:00+00");
            assertThat(r.getString(2)).isEqualTo("a");
            assertThat(r.getDouble(3)).isEqualTo(1.5);
            assertThat(r.getLong(4)).isEqualTo(7);
            assertThat(r.getBoolean(5)).isTrue();
            assertThat(r.next()).isTrue();
            assertThat(r.getTimestamp(1).toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:01.250Z"));
            assertThat(r.getObject(3)).isNull();
            assertThat(r.getLong(4)).isEqualTo(-3);
            assertThat(r.getBoolean(5)).isFalse();
            assertThat(r.next()).isFalse();
        }
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT INTERVAL '90 minutes', 1e-5 * 1.0, 0.1 + 0.2")) {
            assertThat(r.next()).isTrue();
            // (not getColumnTypeName: for interval pgjdbc looks the OID up in pg_type, a catalog not served yet)
            assertThat(r.getString(1)).isEqualTo("01:30:00");
            assertThat(r.getString(2)).isEqualTo("1e-05");
            assertThat(r.getDouble(3)).isEqualTo(0.1 + 0.2); // shortest digits read back exactly
        }
    }

    @Test
    void preparedStatementsInsertAndSelectPastTheServerPrepareThreshold() throws Exception {
        // ten executions: the first four on the unnamed statement in text, then a named statement
        // whose results pgjdbc asks for in binary format (prepareThreshold 5, binaryTransfer on)
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO m (timestamp, host, v, n, ok) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 10; i++) {
                ins.setTimestamp(1, Timestamp.from(Instant.parse("2024-02-01T00:00:00Z").plusSeconds(i)));
                ins.setString(2, "p");
                ins.setDouble(3, i + 0.5);
                ins.setLong(4, i);
                ins.setBoolean(5, i % 2 == 0);
                assertThat(ins.executeUpdate()).isEqualTo(1);
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT timestamp, v, n, ok FROM m WHERE host = ? AND n >= ? ORDER BY timestamp")) {
            for (int round = 0; round < 8; round++) {
                q.setString(1, "p");
                q.setLong(2, 8);
                try (ResultSet r = q.executeQuery()) {
                    assertThat(r.next()).as("round %d", round).isTrue();
                    assertThat(r.getTimestamp(1).toInstant()).isEqualTo(Instant.parse("2024-02-01T00:00:08Z"));
                    assertThat(r.getDouble(2)).isEqualTo(8.5);
                    assertThat(r.getLong(3)).isEqualTo(8);
                    assertThat(r.getBoolean(4)).isTrue();
                    assertThat(r.next()).isTrue();
                    assertThat(r.getLong(3)).isEqualTo(9);
                    assertThat(r.getBoolean(4)).isFalse();
                    assertThat(r.next()).isFalse();
                }
            }
        }
    }

    @Test
    void timestampParameterOfUnspecifiedTypeIsTypedByTheStatement() throws Exception {
        try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM m WHERE timestamp >= ?")) {
            for (int round = 0; round < 7; round++) { // past the threshold pgjdbc also Describes the statement
                q.setTimestamp(1, Timestamp.from(Instant.parse("2024-01-01T00:00:01Z")));
                try (ResultSet r = q.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getLong(1)).as("round %d", round).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void errorsCarryTheirSqlStateAndTheConnectionStaysUsable() throws Exception {
        try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELEC 1")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42601"));
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM nope")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
            assertThatThrownBy(() -> st.executeQuery("SELECT nope FROM m")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42703"));
            assertThatThrownBy(() -> st.executeQuery("SELECT n / 0 FROM m")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("22012"));
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM m")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isEqualTo(2);
            }
        }
    }

    /**
     * The message leaves line and column to the position field: the engine counts them within
     * one statement, a client from the start of what it sent. Nesting past the parser's limit is
     * 54001, as PostgreSQL's stack depth error.
     */
    @Test
    void errorMessagesCarryNoLineAndColumnAndDeepNestingIs54001() throws Exception {
        try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT nope FROM m")).isInstanceOfSatisfying(
                    org.postgresql.util.PSQLException.class, e -> {
                        assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("column \"nope\" does not exist in table \"m\"");
                        assertThat(e.getServerErrorMessage().getPosition()).isEqualTo(8);
                    });
            assertThatThrownBy(() -> st.executeQuery("SELEC 1")).isInstanceOfSatisfying(org.postgresql.util.PSQLException.class,
                    e -> assertThat(e.getServerErrorMessage().getMessage()).startsWith("syntax error: unexpected 'SELEC'"));
            String deep = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000);
            assertThatThrownBy(() -> st.executeQuery(deep)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("54001"));
            String chain = "SELECT " + "1+".repeat(5000) + "1";
            assertThatThrownBy(() -> st.executeQuery(chain)).isInstanceOfSatisfying(org.postgresql.util.PSQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("54001");
                assertThat(e.getServerErrorMessage().getMessage()).matches("expression too deeply nested: \\d+ levels \\(limit 256;.*");
            });
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM m")) {
                assertThat(r.next()).isTrue();
            }
        }
    }

    @Test
    void errorPositionPointsIntoTheStatement() throws Exception {
        try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT nope FROM m")).isInstanceOfSatisfying(
                    org.postgresql.util.PSQLException.class,
                    e -> assertThat(e.getServerErrorMessage().getPosition()).isEqualTo(8));
        }
    }

    @Test
    void fetchSizeStreamsALargeResultInPartsInsideATransactionBlock() throws Exception {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO m (timestamp, host, n) VALUES (?, 'f', ?)")) {
            for (int i = 0; i < 2500; i++) {
                ins.setTimestamp(1, Timestamp.from(Instant.parse("2024-03-01T00:00:00Z").plusMillis(i)));
                ins.setLong(2, i);
                ins.addBatch();
            }
            ins.executeBatch();
        }
        c.setAutoCommit(false); // pgjdbc fetches with a cursor only outside auto-commit
        try (Statement st = c.createStatement()) {
            st.setFetchSize(100);
            try (ResultSet r = st.executeQuery("SELECT n FROM m WHERE host = 'f' ORDER BY timestamp")) {
                long expected = 0;
                while (r.next()) {
                    assertThat(r.getLong(1)).isEqualTo(expected++);
                }
                assertThat(expected).isEqualTo(2500);
            }
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT count(*) FROM m WHERE host = 'f'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).isEqualTo(2500);
        }
    }

    @Test
    void callReturnsItsRowsThroughTheExtendedProtocol() throws Exception {
        // Describe of the portal must announce the rows (RowDescription, not NoData) or pgjdbc refuses them
        try (Statement st = c.createStatement()) {
            assertThat(st.execute("CALL maintenance()")).isTrue();
            try (ResultSet r = st.getResultSet()) {
                assertThat(r.getMetaData().getColumnName(1)).isEqualTo("task");
                while (r.next()) {
                    assertThat(r.getString(1)).isNotEmpty();
                }
            }
        }
    }
}
