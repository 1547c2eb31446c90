package dev.sundial.server.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An API token as the server and {@code sundial token} see it. Immutable and thread-safe.
 *
 * @param name    unique name, 1-64 characters of {@code A-Z a-z 0-9 _ . -} ({@link #checkName})
 * @param scopes  what it may do, at least one; nested as {@link Scope} says
 * @param created when it was added, to the millisecond
 * @param secret  the token text ({@code sdl_…}) right after {@link TokenStore#add}, the only moment
 *                it exists in clear; null everywhere else (only its SHA-256 is stored)
 */
public record Token(String name, Set<Scope> scopes, Instant created, String secret) {
    /** Longest token name. */
    public static final int MAX_NAME_LENGTH = 64;

    public Token {
        checkName(name);
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(created, "created");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("cannot create token \"" + name + "\": it needs at least one scope (read, write, admin)");
        }
        scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    /** Whether this token may do what {@code needed} covers (an admin token may write and read, a write token may read). */
    public boolean allows(Scope needed) {
        for (Scope s : scopes) {
            if (s.implies(needed)) {
                return true;
            }
        }
        return false;
    }

    /** This token without its secret. */
    Token withoutSecret() {
        return secret == null ? this : new Token(name, scopes, created, null);
    }

    /**
     * Checks a token name: 1-64 characters of {@code A-Z a-z 0-9 _ . -}; names are compared exactly
     * (case-sensitive).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("cannot use token name \"" + name + "\": a name is 1-" + MAX_NAME_LENGTH
                    + " characters of A-Z a-z 0-9 _ . -");
        }
    }

    static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Never prints the secret: tokens end up in logs and assertion messages. */
    @Override
    public String toString() {
        return "Token[name=" + name + ", scopes=" + Scope.format(scopes) + ", created=" + created
                + (secret == null ? "" : ", secret=<hidden>") + "]";
    }
}
