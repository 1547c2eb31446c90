package dev.sundial.server.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A pgwire user as the server and {@code sundial user} see it (its password is kept only as a
 * {@link ScramVerifier}, never here). Immutable and thread-safe.
 *
 * @param name    unique, 1-63 characters of {@code A-Z a-z 0-9 _ . -} (63: PostgreSQL's longest
 *                role name), case-sensitive, as clients send it in the startup message
 * @param scopes  what its connections may do, at least one; nested as {@link Scope} says
 * @param created when it was added, to the millisecond
 */
public record User(String name, Set<Scope> scopes, Instant created) {
    public static final int MAX_NAME_LENGTH = 63;

    public User {
        checkName(name);
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(created, "created");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("cannot create user \"" + name + "\": it needs at least one scope (read, write, admin)");
        }
        scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    /** The widest scope the user holds (scopes nest: ADMIN ⊇ WRITE ⊇ READ). */
    public Scope widest() {
        Scope w = Scope.READ;
        for (Scope s : scopes) {
            w = s.implies(w) ? s : w;
        }
        return w;
    }

    /**
     * Checks a user name.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("cannot use user name \"" + name + "\": a name is 1-" + MAX_NAME_LENGTH
                    + " characters of A-Z a-z 0-9 _ . -");
        }
    }

    static boolean isValidName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && Token.isValidName(name);
    }
}
