package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.server.TestServer;
import dev.sundial.server.auth.Authenticator;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.Token;
import dev.sundial.server.auth.TokenStore;
import dev.sundial.server.auth.UserStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgwire authentication with real clients (pgjdbc 42.7, psql): SCRAM-SHA-256 users, 28P01 for a
 * wrong password and for an unknown user alike, scopes (42501, the connection stays usable), trust
 * ending once a user exists, cleartext passwords and API tokens with {@code pg.auth = password},
 * and a damaged user file refusing everyone.
 */
class PgWireAuthTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    private static Connection connect(TestServer s, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial", p);
    }

    private void addUsers() throws IOException {
        try (UserStore users = UserStore.open(dir)) {
            users.add("alice", Set.of(Scope.ADMIN), PASSWORD);
            users.add("reader", Set.of(Scope.READ), "read-pw");
            users.add("writer", Set.of(Scope.WRITE), "write-pw");
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void refusedWith(ThrowingConnect connect, String sqlState, String message) {
        assertThatThrownBy(() -> connect.run().close()).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @FunctionalInterface
    interface ThrowingConnect {
        Connection run() throws SQLException;
    }

    @Test
    void scramAcceptsTheRightPasswordAndRefusesAWrongOneAndAnUnknownUserAlike() throws Exception {
        addUsers();
        try (TestServer s = TestServer.start(dir)) {
            try (Connection c = connect(s, "alice", PASSWORD); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)");
                st.execute("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1)");
                assertThat(count(c, "m")).isEqualTo(1);
            }
            refusedWith(() -> connect(s, "alice", "correct horse battery stapler"), "28P01",
                    "password authentication failed for user \"alice\"");
            refusedWith(() -> connect(s, "mallory", PASSWORD), "28P01", "password authentication failed for user \"mallory\"");
            // a password belongs to its user only
            refusedWith(() -> connect(s, "reader", PASSWORD), "28P01", "password authentication failed for user \"reader\"");
            // no trust on a loopback server once a user exists, and an API token is no SCRAM password
            try (TokenStore tokens = TokenStore.open(dir)) {
                Token t = tokens.add("t", Set.of(Scope.ADMIN));
                refusedWith(() -> connect(s, "alice", t.secret()), "28P01", "password authentication failed");
            }
        }
    }

    @Test
    void scopesLimitWhatAUserMayRunAndTheConnectionStaysUsable() throws Exception {
        addUsers();
        try (TestServer s = TestServer.start(dir)) {
            s.db.sql("CREATE TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            try (Connection c = connect(s, "reader", "read-pw"); Statement st = c.createStatement()) {
                assertThat(count(c, "m")).isZero();
                assertThatThrownBy(() -> st.execute("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("needs the write scope").contains("\"reader\" has read");
                        });
                // the extended protocol too, and the connection still answers
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM m WHERE host = ?")) {
                    ps.setString(1, "a");
                    assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                }
                // COPY FROM is a write: refused before CopyInResponse, nothing written; COPY TO is a read
                org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
                assertThatThrownBy(() -> copy.copyIn("COPY m FROM STDIN (FORMAT csv)",
                        new java.io.StringReader("2024-01-01 00:00:00+00,a,1\n"))).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                assertThat(copy.copyOut("COPY m TO STDOUT", new java.io.StringWriter())).isZero();
                assertThat(count(c, "m")).isZero();
            }
            try (Connection c = connect(s, "writer", "write-pw"); Statement st = c.createStatement();
                    ResultSet roles = st.executeQuery("SELECT rolname, rolcanlogin FROM pg_catalog.pg_roles ORDER BY rolname")) {
                // pg_roles (psql's \du) lists the pgwire users, beside the tables' owner
                java.util.List<String> names = new java.util.ArrayList<>();
                while (roles.next()) {
                    names.add(roles.getString(1) + (roles.getBoolean(2) ? "" : " (no login)"));
                }
                assertThat(names).containsExactly("alice", "reader", "sundial (no login)", "writer");
            }
            try (Connection c = connect(s, "writer", "write-pw"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1)");
                assertThat(count(c, "m")).isEqualTo(1);
                assertThatThrownBy(() -> st.execute("DROP TABLE m")).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("42501");
                    assertThat(e.getMessage()).contains("needs the admin scope");
                });
                assertThat(count(c, "m")).isEqualTo(1);
            }
            try (Connection c = connect(s, "alice", PASSWORD); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE n (ts TIMESTAMP, v DOUBLE)");
                st.execute("DROP TABLE n");
            }
        }
    }

    @Test
    void trustEndsWithinASecondOfTheFirstUserAndAnyUserNameNeedsAPasswordThen() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            try (Connection c = connect(s, "anyone", null)) {
                assertThat(c.isValid(5)).isTrue();
            }
            try (UserStore users = UserStore.open(dir)) {
                users.add("alice", Set.of(Scope.READ), PASSWORD);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            SQLException refused = null;
            while (refused == null && System.nanoTime() < deadline) {
                try (Connection c = connect(s, "anyone", "x")) {
                    Thread.sleep(100);
                } catch (SQLException e) {
                    refused = e;
                }
            }
            assertThat(refused != null).as("refused within 5 s").isTrue();
            assertThat(refused.getSQLState()).isEqualTo("28P01");
            try (Connection c = connect(s, "alice", PASSWORD)) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void cleartextModeTakesUserPasswordsAndApiTokensWithTheirScopes() throws Exception {
        addUsers();
        try (TokenStore tokens = TokenStore.open(dir);
             TestServer s = TestServer.start(dir, c -> c.set("pg.auth", "password"), tokens)) {
            Token read = tokens.add("grafana", Set.of(Scope.READ));
            s.db.sql("CREATE TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            try (Connection c = connect(s, "grafana", read.secret()); Statement st = c.createStatement()) {
                assertThat(count(c, "m")).isZero();
                assertThatThrownBy(() -> st.execute("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                assertThat(count(c, "m")).isZero();
            }
            try (Connection c = connect(s, "writer", "write-pw"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1)");
            }
            refusedWith(() -> connect(s, "writer", "wrong"), "28P01", "password authentication failed for user \"writer\"");
            refusedWith(() -> connect(s, "nobody", read.secret() + "x"), "28P01", "password authentication failed for user \"nobody\"");
        }
    }

    @Test
    void psqlAuthenticatesWithScramFromPgpassword() throws Exception {
        addUsers();
        try (TestServer s = TestServer.start(dir)) {
            String conninfo = "host=127.0.0.1 port=" + s.server.pgPort() + " user=alice dbname=sundial";
            Psql ok = Psql.run(dir, conninfo, Map.of("PGPASSWORD", PASSWORD), "-A", "-t", "-c", "SELECT 40 + 2");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo("42\n");
            Psql wrong = Psql.run(dir, conninfo, Map.of("PGPASSWORD", "nope"), "-c", "SELECT 1");
            assertThat(wrong.exit()).isEqualTo(2);
            assertThat(wrong.err()).contains("password authentication failed for user \"alice\"");
            Psql none = Psql.run(dir, conninfo, Map.of(), "-c", "SELECT 1");
            assertThat(none.exit()).isEqualTo(2);
            assertThat(none.err()).contains("password");
        }
    }

    @Test
    void aDamagedUserFileStopsTheStartAndRefusesEveryConnectionWhileTheServerRuns() throws Exception {
        addUsers();
        Path file = dir.resolve("auth/users.sduser");
        byte[] good = Files.readAllBytes(file);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x10;
        Files.write(file, bad);
        assertThatThrownBy(() -> TestServer.start(dir).close()).isInstanceOf(IOException.class)
                .hasMessageContaining("pgwire user file is damaged").hasMessageContaining(file.toString());
        Files.write(file, good);
        try (TestServer s = TestServer.start(dir, c -> c, Authenticator.OPEN)) {
            try (Connection c = connect(s, "alice", PASSWORD)) {
                assertThat(c.isValid(5)).isTrue();
            }
            Files.write(file, bad);
            long deadline = System.nanoTime() + 5_000_000_000L;
            SQLException refused = null;
            while (refused == null && System.nanoTime() < deadline) {
                try (Connection c = connect(s, "alice", PASSWORD)) {
                    Thread.sleep(100);
                } catch (SQLException e) {
                    refused = e;
                }
            }
            assertThat(refused != null).as("refused within 5 s").isTrue();
            assertThat(refused.getSQLState()).isEqualTo("28000");
            assertThat(refused.getMessage()).contains("user file cannot be read").contains("checksum");
            // deleting the file would open the server on loopback: a damaged one never does
            refusedWith(() -> connect(s, "anyone", null), "28000", "user file cannot be read");
        }
    }
}
