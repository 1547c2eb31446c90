package dev.sundial.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Token secrets: {@link #PREFIX} followed by 32 bytes from {@link SecureRandom} in unpadded
 * base64url (43 characters), 47 characters in all. The prefix lets people and secret scanners
 * recognize a Sundial token in a config file or a leaked log. Thread-safe.
 */
final class TokenSecret {
    static final String PREFIX = "sdl_";
    static final int RANDOM_BYTES = 32;
    /** Length of every token this build creates. */
    static final int LENGTH = PREFIX.length() + 43;

    // SecureRandom is thread-safe; the default (NativePRNG on Linux) never blocks after boot
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecret() {
    }

    static String generate() {
        byte[] b = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** SHA-256 of the token text as presented (UTF-8), prefix included: what the token file stores. */
    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("BUG: every Java runtime has SHA-256", e);
        }
    }
}
