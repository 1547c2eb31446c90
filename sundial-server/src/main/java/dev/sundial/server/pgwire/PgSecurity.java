package dev.sundial.server.pgwire;

import dev.sundial.server.auth.Authenticator;
import dev.sundial.server.auth.UserStore;
import java.nio.file.Path;

/**
 * How pgwire authenticates and encrypts ({@code docs/auth.md}): its users, the HTTP tokens (whose
 * existence ends trust, and which work as passwords with {@code pg.auth = password}), the method,
 * and TLS. Immutable; the stores are thread-safe.
 *
 * @param users            the pgwire users ({@code auth/users.sduser})
 * @param tokens           the HTTP API tokens
 * @param cleartext        {@code pg.auth = password}: AuthenticationCleartextPassword instead of SCRAM-SHA-256
 * @param tlsRequired      {@code pg.tls_required}: clients on other hosts must use TLS
 * @param keyStore         {@code http.tls.key_store}: TLS after SSLRequest; null for none
 * @param keyStorePassword its password, or null
 */
public record PgSecurity(UserStore users, Authenticator tokens, boolean cleartext, boolean tlsRequired, Path keyStore,
                         String keyStorePassword) {
}
