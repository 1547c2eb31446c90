package dev.sundial.server.pgwire;

import dev.sundial.server.auth.Authenticator;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.ScramServer;
import dev.sundial.server.auth.ScramVerifier;
import dev.sundial.server.auth.UserCredentials;
import dev.sundial.server.auth.UserStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Who may open a pgwire session, and with which {@link Scope} ({@code docs/auth.md},
 * {@code docs/pgwire.md}). In order:
 * <ol>
 *   <li>A damaged user file refuses every connection (28000): it never falls back to trust.</li>
 *   <li>With {@code pg.tls_required}, a client on another host without TLS is refused (28000).</li>
 *   <li><b>Trust</b> (scope admin, no password) only while no user exists, the bind address is
 *       loopback and no HTTP token exists: then pgwire bypasses nothing HTTP enforces.</li>
 *   <li>{@code pg.auth = scram} (default): SCRAM-SHA-256 against the user's stored verifier. An
 *       unknown user runs the same exchange against a mock verifier (stable salt per name), so the
 *       answer never tells whether a user exists. API tokens are not accepted: SCRAM needs a
 *       verifier derived from the secret, and a token is stored only as its SHA-256.</li>
 *   <li>{@code pg.auth = password}: AuthenticationCleartextPassword, only over TLS or from a
 *       loopback client (a password or token never crosses the network in clear). The password is
 *       checked against the user's SCRAM verifier, then as an API token (any user name; the token's
 *       scope applies). For clients without SCRAM.</li>
 * </ol>
 * A wrong password and an unknown user get the same FATAL 28P01 {@code password authentication
 * failed for user "X"}, as in PostgreSQL. Thread-safe (shared by every connection).
 */
final class PgLogin {
    private static final Logger LOG = Logger.getLogger(PgLogin.class.getName());
    static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    private static final int AUTH_OK = 0;
    private static final int AUTH_CLEARTEXT = 3;
    private static final int AUTH_SASL = 10;
    private static final int AUTH_SASL_CONTINUE = 11;
    private static final int AUTH_SASL_FINAL = 12;

    private final UserStore users;
    private final Authenticator tokens;
    private final boolean cleartext;
    private final boolean loopbackBind;
    private final boolean tlsRequired;
    /** Keys the mock salts of unknown users: stable for this server's life, unknown to clients. */
    private final byte[] mockSecret = new byte[32];

    /**
     * @param users        the pgwire users
     * @param tokens       the HTTP API tokens: their existence ends trust; with {@code cleartext} they work as passwords
     * @param cleartext    {@code pg.auth = password}
     * @param loopbackBind whether the server listens on a loopback address only
     * @param tlsRequired  {@code pg.tls_required}: clients on other hosts must use TLS
     */
    PgLogin(UserStore users, Authenticator tokens, boolean cleartext, boolean loopbackBind, boolean tlsRequired) {
        this.users = users;
        this.tokens = tokens;
        this.cleartext = cleartext;
        this.loopbackBind = loopbackBind;
        this.tlsRequired = tlsRequired;
        new SecureRandom().nextBytes(mockSecret);
    }

    /**
     * Authenticates the startup's {@code user}, writing the Authentication messages up to (not
     * including) AuthenticationOk; the scope the session gets, or null when the client closed the
     * connection during the exchange (psql does, to ask for a password, then connects again).
     *
     * @param tls         whether the connection runs over TLS
     * @param localClient whether the client's address is loopback
     * @throws PgError FATAL: 28P01 wrong password or unknown user, 28000 refused, 08P01 malformed exchange
     */
    Scope authenticate(String user, boolean tls, boolean localClient, PgReader in, PgWriter out) throws IOException {
        Optional<String> damage = users.damage();
        if (damage.isPresent()) {
            throw PgError.fatal("28000", "cannot authenticate [user=" + user + "]: the pgwire user file cannot be read, so every"
                    + " connection is refused until it reads well again (docs/auth.md): " + damage.get());
        }
        if (tlsRequired && !tls && !localClient) {
            throw PgError.fatal("28000", "cannot authenticate [user=" + user + "]: this server requires TLS for connections from"
                    + " other hosts (pg.tls_required); connect with sslmode=require");
        }
        boolean noUser = users.isEmpty();
        if (noUser && loopbackBind && tokens.open()) {
            return Scope.ADMIN; // trust: nothing to bypass (docs/auth.md)
        }
        if (noUser && (!cleartext || tokens.open())) {
            throw PgError.fatal("28000", "cannot authenticate [user=" + user + "]: no pgwire user exists (add one with 'sundial user"
                    + " add NAME'), and trust applies only to a server bound to a loopback address without HTTP tokens (docs/auth.md)");
        }
        return cleartext ? password(user, tls, localClient, in, out) : scram(user, in, out);
    }

    private Scope scram(String user, PgReader in, PgWriter out) throws IOException {
        out.begin('R').int32(AUTH_SASL).cstring(SCRAM_SHA_256).int8(0).end();
        out.flush();
        PgMessage first = response(in);
        if (first == null) {
            return null;
        }
        PgMessage.Body b = first.body();
        String mechanism = b.cstring();
        if (!mechanism.equals(SCRAM_SHA_256)) {
            throw PgError.fatal(SqlState.PROTOCOL_VIOLATION, "cannot authenticate [user=" + user + ", mechanism=" + mechanism
                    + "]: the client selected a SASL mechanism that was not offered (only " + SCRAM_SHA_256 + ")");
        }
        int length = b.int32();
        String clientFirst = new String(b.bytes(Math.max(0, length)), StandardCharsets.UTF_8);
        Optional<UserCredentials> found = users.find(user);
        ScramServer exchange = new ScramServer(found.map(UserCredentials::verifier).orElseGet(() -> ScramVerifier.mock(mockSecret, user)));
        String serverFinal;
        try {
            String serverFirst = exchange.serverFirst(clientFirst);
            out.begin('R').int32(AUTH_SASL_CONTINUE).bytes(serverFirst.getBytes(StandardCharsets.UTF_8)).end();
            out.flush();
            PgMessage last = response(in);
            if (last == null) {
                return null;
            }
            serverFinal = exchange.verify(new String(last.body().bytes(last.body().remaining()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw PgError.fatal(SqlState.PROTOCOL_VIOLATION, "cannot authenticate [user=" + user + "]: malformed SCRAM message: "
                    + e.getMessage());
        }
        if (serverFinal == null || found.isEmpty()) {
            throw failed(user, "SCRAM-SHA-256");
        }
        out.begin('R').int32(AUTH_SASL_FINAL).bytes(serverFinal.getBytes(StandardCharsets.UTF_8)).end();
        return found.get().user().widest();
    }

    private Scope password(String user, boolean tls, boolean localClient, PgReader in, PgWriter out) throws IOException {
        if (!tls && !localClient) {
            throw PgError.fatal("28000", "cannot authenticate [user=" + user + "]: cleartext password authentication (pg.auth=password)"
                    + " needs TLS for connections from other hosts, so that the password never crosses the network in clear;"
                    + " connect with sslmode=require");
        }
        out.begin('R').int32(AUTH_CLEARTEXT).end();
        out.flush();
        PgMessage m = response(in);
        if (m == null) {
            return null;
        }
        String password = m.body().cstring();
        Optional<UserCredentials> found = users.find(user);
        // the same work whether the user exists or not: an unknown name costs the same PBKDF2
        ScramVerifier v = found.map(UserCredentials::verifier).orElseGet(() -> ScramVerifier.mock(mockSecret, user));
        boolean userOk = v.matches(password) && found.isPresent();
        Optional<Scope> token = tokens.scopeOf(password);
        if (userOk) {
            return found.get().user().widest();
        }
        if (token.isPresent()) {
            return token.get();
        }
        throw failed(user, "password");
    }

    /** The client's next message, which must be a password message ('p'); null when it closed the connection. */
    private static PgMessage response(PgReader in) throws IOException {
        PgMessage m = in.next();
        if (m == null || m.type() == 'X') {
            return null;
        }
        if (m.type() != 'p') {
            throw PgError.fatal(SqlState.PROTOCOL_VIOLATION, "cannot authenticate: expected a password message ('p'), got message type '"
                    + m.type() + "'");
        }
        return m;
    }

    private static PgError failed(String user, String method) {
        LOG.info("pgwire authentication failed [user=" + user + ", method=" + method + "]");
        return PgError.fatal("28P01", "password authentication failed for user \"" + user + "\"");
    }

    /** The names of the pgwire users, for {@code pg_roles} (empty under trust). */
    java.util.List<String> userNames() {
        return users.list().stream().map(u -> u.name()).toList();
    }

    /** AuthenticationOk: the end of every successful exchange. */
    static void ok(PgWriter out) throws IOException {
        out.begin('R').int32(AUTH_OK).end();
    }
}
