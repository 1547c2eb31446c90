package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sundial.server.TestServer;
import dev.sundial.server.auth.Authenticator;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.UserStore;
import java.io.DataOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on pgwire with the key store HTTPS uses: SSLRequest is answered {@code S} and the connection
 * upgrades (pgjdbc {@code sslmode=require}, psql {@code sslmode=require}); without a key store
 * {@code N}; {@code pg.tls_required} and cleartext passwords refuse plain connections from other
 * hosts (tested over this machine's own non-loopback address, when it has one).
 */
class PgWireTlsTest {
    private static final String PASSWORD = "tls-secret-pw";

    @TempDir
    Path dir;

    private Path keyStore() throws Exception {
        Path store = dir.resolve("server.p12");
        if (java.nio.file.Files.exists(store)) {
            return store;
        }
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "sundial", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "secret-pass")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return store;
    }

    private TestServer tlsServer(String bind, String... more) throws Exception {
        Path store = keyStore();
        Path data = dir.resolve("data");
        return TestServer.start(data, c -> {
            c.set("http.tls.key_store", store.toString()).set("http.tls.key_store_password", "secret-pass").set("http.bind", bind);
            for (int i = 0; i < more.length; i += 2) {
                c.set(more[i], more[i + 1]);
            }
            return c;
        }, Authenticator.OPEN);
    }

    private static Connection connect(String host, int port, String user, String password, String sslmode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("sslmode", sslmode);
        p.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/sundial", p);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void pgjdbcAndPsqlConnectOverTlsWithScram() throws Exception {
        try (UserStore users = UserStore.open(dir.resolve("data"))) {
            users.add("alice", Set.of(Scope.ADMIN), PASSWORD);
        }
        try (TestServer s = tlsServer("127.0.0.1")) {
            int port = s.server.pgPort();
            try (Connection c = connect("127.0.0.1", port, "alice", PASSWORD, "require")) {
                assertThat(one(c, "SELECT 6 * 7")).isEqualTo("42");
            }
            String conninfo = "host=127.0.0.1 port=" + port + " user=alice dbname=sundial sslmode=require";
            Psql r = Psql.run(dir, conninfo, Map.of("PGPASSWORD", PASSWORD), "-c", "\\conninfo", "-A", "-t", "-c", "SELECT 'over tls'");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("SSL connection (protocol: TLSv1.3").contains("over tls");
            // plain connections still work from loopback without pg.tls_required
            try (Connection c = connect("127.0.0.1", port, "alice", PASSWORD, "disable")) {
                assertThat(one(c, "SELECT 1")).isEqualTo("1");
            }
        }
    }

    @Test
    void withoutAKeyStoreSslRequestGetsN() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertThatThrownBy(() -> connect("127.0.0.1", s.server.pgPort(), "x", null, "require").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("does not support SSL"));
            try (Connection c = connect("127.0.0.1", s.server.pgPort(), "x", null, "prefer")) {
                assertThat(one(c, "SELECT 1")).isEqualTo("1");
            }
        }
    }

    @Test
    void dataSentAfterSslRequestBeforeTheAnswerEndsTheConnection() throws Exception {
        try (TestServer s = tlsServer("127.0.0.1"); Socket raw = new Socket("127.0.0.1", s.server.pgPort())) {
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.writeInt(8);
            out.writeInt(80877103);
            out.writeInt(8); // a second packet in the same write: would be read as if it came over TLS
            out.writeInt(196608);
            out.flush();
            byte[] answer = raw.getInputStream().readAllBytes();
            assertThat((char) answer[0]).isEqualTo('E');
            assertThat(new String(answer, java.nio.charset.StandardCharsets.US_ASCII)).contains("08P01").contains("without waiting");
        }
    }

    /** An IPv4 address of this machine that is not loopback, to connect as a client from "another host". */
    private static Optional<String> ownNetworkAddress() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void tlsRequiredAndCleartextPasswordsRefusePlainConnectionsFromOtherHosts() throws Exception {
        Optional<String> address = ownNetworkAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to connect over");
        String host = address.get();
        try (UserStore users = UserStore.open(dir.resolve("data"))) {
            users.add("alice", Set.of(Scope.ADMIN), PASSWORD);
        }
        try (TestServer s = tlsServer("0.0.0.0", "pg.tls_required", "true")) {
            int port = s.server.pgPort();
            assertThatThrownBy(() -> connect(host, port, "alice", PASSWORD, "disable").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("28000");
                        assertThat(e.getMessage()).contains("requires TLS").contains("pg.tls_required");
                    });
            try (Connection c = connect(host, port, "alice", PASSWORD, "require")) {
                assertThat(one(c, "SELECT 1")).isEqualTo("1");
            }
            try (Connection c = connect("127.0.0.1", port, "alice", PASSWORD, "disable")) {
                assertThat(one(c, "SELECT 2")).as("loopback clients need no TLS").isEqualTo("2");
            }
        }
        try (TestServer s = tlsServer("0.0.0.0", "pg.auth", "password")) {
            int port = s.server.pgPort();
            assertThatThrownBy(() -> connect(host, port, "alice", PASSWORD, "disable").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("28000");
                        assertThat(e.getMessage()).contains("cleartext password").contains("needs TLS");
                    });
            try (Connection c = connect(host, port, "alice", PASSWORD, "require")) {
                assertThat(one(c, "SELECT 3")).isEqualTo("3");
            }
        }
    }
}
