package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.server.TestServer;
import dev.sundial.server.auth.Authenticator;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.TokenStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust authentication applies only where it bypasses nothing: no pgwire user, a loopback bind
 * address and no HTTP token. Without users, every connection elsewhere is refused with 28000
 * (with users, {@code PgWireAuthTest}).
 */
class PgWireTrustTest {
    @TempDir
    Path dir;

    private static Connection connect(TestServer s) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial?user=x");
    }

    @Test
    void aServerOnAllAddressesRefusesConnections() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("http.bind", "0.0.0.0"), Authenticator.OPEN)) {
            assertThatThrownBy(() -> connect(s).close()).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        }
    }

    @Test
    void tokensForHttpCloseTheTrustOfPgwireAsSoonAsOneExists() throws Exception {
        try (TokenStore tokens = TokenStore.open(dir); TestServer s = TestServer.start(dir, c -> c, tokens)) {
            try (Connection c = connect(s)) {
                assertThat(c.isValid(5)).isTrue();
            }
            tokens.add("reader", Set.of(Scope.READ));
            assertThatThrownBy(() -> connect(s).close()).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        }
    }
}
