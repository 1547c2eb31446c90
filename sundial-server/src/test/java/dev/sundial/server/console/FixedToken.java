package dev.sundial.server.console;

import dev.sundial.server.auth.Scope;
import dev.sundial.server.http.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * An {@link Authenticator} that knows one read-scoped secret: the server behaves as it does once a
 * token exists, for the tests of what the console needs a token for. (The token store of {@code
 * sundial token add} is its own part of the server; any Authenticator is what the router consults.)
 */
enum FixedToken implements Authenticator {
    READER;

    static final String SECRET = "console-test-secret";

    @Override
    public boolean open() {
        return false;
    }

    @Override
    public Optional<Scope> scopeOf(String presentedSecret) {
        boolean same = MessageDigest.isEqual(SECRET.getBytes(StandardCharsets.UTF_8), presentedSecret.getBytes(StandardCharsets.UTF_8));
        return same ? Optional.of(Scope.READ) : Optional.empty();
    }
}
