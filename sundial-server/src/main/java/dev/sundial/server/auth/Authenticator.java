package dev.sundial.server.auth;

import java.util.Optional;

/**
 * Who may call what. {@link #open()} is true while no credential exists (every request is
 * allowed); otherwise {@link #scopeOf(String)} gives the highest scope a presented secret grants,
 * empty when it is unknown. Implementations compare in constant time and are thread-safe.
 */
public interface Authenticator {
    boolean open();

    Optional<Scope> scopeOf(String presentedSecret);

    /** No credentials at all: every request is allowed (tests of everything but auth). */
    Authenticator OPEN = new Authenticator() {
        @Override
        public boolean open() {
            return true;
        }

        @Override
        public Optional<Scope> scopeOf(String presentedSecret) {
            return Optional.empty();
        }
    };
}
