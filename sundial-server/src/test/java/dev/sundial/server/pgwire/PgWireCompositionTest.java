package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * WITH, set operations and subqueries through the PostgreSQL wire protocol: pgjdbc's simple and
 * extended protocols (with a parameter inside a subquery), COPY (WITH … UNION …) TO STDOUT, and an
 * error of a subquery reaching the client as an error, after which the connection still works.
 */
class PgWireCompositionTest {
    @TempDir
    Path dir;
    TestServer s;
    Connection c;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir, settings -> settings, dev.sundial.server.auth.Authenticator.OPEN);
        s.db.sql("CREATE TABLE t (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
        s.db.sql("INSERT INTO t VALUES ('2024-01-01T00:00:00Z', 'a', 1), ('2024-01-01T00:00:01Z', 'b', 2), "
                + "('2024-01-01T00:00:02Z', 'c', 3)").close();
        Properties p = new Properties();
        p.setProperty("user", "x");
        c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial", p);
    }

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        s.close();
    }

    private static List<String> strings(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void composedQueriesRunInBothProtocols() throws Exception {
        try (java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("WITH x AS (SELECT host FROM t WHERE v > 1) SELECT host FROM x UNION ALL SELECT 'z' ORDER BY 1")) {
            assertThat(strings(rs)).containsExactly("b", "c", "z");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT host FROM t WHERE v IN (SELECT v FROM t WHERE v >= ?) ORDER BY host")) {
            ps.setDouble(1, 2.5);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(strings(rs)).containsExactly("c");
            }
        }
    }

    @Test
    void copyTakesAComposedQuery() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                "COPY (WITH x AS (SELECT host FROM t) SELECT host FROM x EXCEPT SELECT 'b' ORDER BY host) TO STDOUT", out);
        assertThat(n).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nc\n");
    }

    @Test
    void aSubqueryErrorIsAnErrorAndTheConnectionGoesOn() throws Exception {
        try (java.sql.Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT (SELECT host FROM t)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("more than one row returned by a subquery used as an expression")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("21000"));
            assertThatThrownBy(() -> st.executeQuery("SELECT host, v FROM t UNION SELECT host FROM t"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42601"));
            assertThatThrownBy(() -> st.executeQuery("SELECT v FROM t UNION SELECT host FROM t"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42804"));
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                assertThat(strings(rs)).containsExactly("3");
            }
        }
    }
}
