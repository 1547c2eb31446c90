package dev.sundial.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the server stores of a password for SCRAM-SHA-256 (RFC 5802, RFC 7677), as PostgreSQL
 * does: the salt, the iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))}
 * and {@code ServerKey = HMAC(SaltedPassword, "Server Key")}, where {@code SaltedPassword =
 * PBKDF2-HMAC-SHA-256(SASLprep(password), salt, iterations)}. Neither key gives the password, and
 * the StoredKey alone does not let anyone log in (a client proves it knows {@code ClientKey}, whose
 * hash the StoredKey is). Immutable and thread-safe (the arrays are never handed out to be changed).
 *
 * @param salt       16 random bytes for a new password ({@link #SALT_BYTES})
 * @param iterations PBKDF2 iterations, {@link #ITERATIONS} (4096, PostgreSQL's default) for a new password
 * @param storedKey  32 bytes
 * @param serverKey  32 bytes
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public static final int ITERATIONS = 4096;
    public static final int SALT_BYTES = 16;
    public static final int KEY_BYTES = 32;
    /** Bounds a stored iteration count: more would let a damaged file stall every login. */
    public static final int MAX_ITERATIONS = 10_000_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramVerifier {
        if (salt.length < 1 || salt.length > 255) {
            throw new IllegalStateException("BUG: SCRAM salt of " + salt.length + " bytes");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalStateException("BUG: SCRAM iteration count " + iterations);
        }
        if (storedKey.length != KEY_BYTES || serverKey.length != KEY_BYTES) {
            throw new IllegalStateException("BUG: SCRAM keys of " + storedKey.length + " and " + serverKey.length + " bytes");
        }
    }

    /** A verifier of {@code password} with a fresh random salt and {@link #ITERATIONS}. */
    public static ScramVerifier create(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return derive(password, salt, ITERATIONS);
    }

    /** The verifier of {@code password} with the given salt and iteration count. */
    public static ScramVerifier derive(String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] storedKey = sha256(hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII)));
        byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(salted, (byte) 0);
        return new ScramVerifier(salt, iterations, storedKey, serverKey);
    }

    /**
     * A verifier for a user that does not exist, so that the exchange looks the same as for one that
     * does (PostgreSQL's "mock authentication"): the salt is derived from {@code serverSecret} and the
     * name, so it is stable across attempts, and the keys are random, so no proof matches.
     */
    public static ScramVerifier mock(byte[] serverSecret, String user) {
        byte[] salt = Arrays.copyOf(hmac(serverSecret, ("mock salt " + user).getBytes(StandardCharsets.UTF_8)), SALT_BYTES);
        byte[] a = new byte[KEY_BYTES];
        byte[] b = new byte[KEY_BYTES];
        RANDOM.nextBytes(a);
        RANDOM.nextBytes(b);
        return new ScramVerifier(salt, ITERATIONS, a, b);
    }

    /**
     * Whether {@code password} is the one this verifier was made from (for a password sent in clear):
     * derives the StoredKey again and compares in constant time.
     */
    public boolean matches(String password) {
        if (password == null || password.isEmpty()) {
            return false; // never a stored password: sundial user add refuses an empty one
        }
        return MessageDigest.isEqual(derive(password, salt, iterations).storedKey, storedKey);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramVerifier v && iterations == v.iterations && Arrays.equals(salt, v.salt)
                && Arrays.equals(storedKey, v.storedKey) && Arrays.equals(serverKey, v.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    /** Never prints the keys: verifiers end up in assertion messages. */
    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + ", salt=" + salt.length + " bytes]";
    }

    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("cannot use an empty password");
        }
        char[] prepared = SaslPrep.prepare(password).toCharArray();
        try {
            // PBKDF2WithHmacSHA256 keys the HMAC with the UTF-8 bytes of the chars, as SCRAM's Hi() does
            PBEKeySpec spec = new PBEKeySpec(prepared, salt, iterations, KEY_BYTES * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BUG: PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            Arrays.fill(prepared, '\0');
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BUG: HmacSHA256 is missing from this JDK", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BUG: SHA-256 is missing from this JDK", e);
        }
    }
}
