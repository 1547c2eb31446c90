package dev.sundial.server.auth;

/**
 * A stored pgwire user and the SCRAM verifier of its password: one entry of {@code auth/users.sduser}.
 * Immutable and thread-safe.
 */
public record UserCredentials(User user, ScramVerifier verifier) {
}
