package dev.sundial.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) without channel binding, as
 * PostgreSQL runs it: {@link #serverFirst} answers the client-first-message with the combined
 * nonce, the salt and the iteration count; {@link #verify} checks the client's proof against the
 * stored {@link ScramVerifier} and gives the server-final-message ({@code v=<ServerSignature>}).
 * The user name inside the SCRAM messages is ignored, as in PostgreSQL: the startup message names
 * the user. A malformed message is an {@link IllegalArgumentException} saying what is wrong.
 * Not thread-safe: one per authentication attempt.
 */
public final class ScramServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScramVerifier verifier;
    private final String serverNonce;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /** An exchange against {@code verifier} (a {@link ScramVerifier#mock} for an unknown user) with a fresh random nonce. */
    public ScramServer(ScramVerifier verifier) {
        this(verifier, randomNonce());
    }

    /** With a given server nonce: the RFC's test vectors. */
    ScramServer(ScramVerifier verifier, String serverNonce) {
        this.verifier = verifier;
        this.serverNonce = serverNonce;
    }

    private static String randomNonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * The server-first-message for a client-first-message such as {@code n,,n=user,r=<nonce>}.
     *
     * @throws IllegalArgumentException when the message is malformed or asks for channel binding
     */
    public String serverFirst(String clientFirst) {
        if (serverFirst != null) {
            throw new IllegalStateException("BUG: SCRAM client-first-message handled twice");
        }
        String rest;
        if (clientFirst.startsWith("n,") || clientFirst.startsWith("y,")) {
            // n: the client does not bind; y: it could, but thinks we cannot (we advertise no -PLUS mechanism)
            rest = clientFirst.substring(2);
        } else if (clientFirst.startsWith("p=")) {
            throw new IllegalArgumentException("the client asked for channel binding, but SCRAM-SHA-256-PLUS was not offered");
        } else {
            throw new IllegalArgumentException("the client-first-message does not start with a GS2 header (n, y or p)");
        }
        int comma = rest.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("the client-first-message's GS2 header has no authorization-identity field");
        }
        if (comma > 0 && !rest.startsWith("a=")) {
            throw new IllegalArgumentException("the client-first-message's GS2 header has an unexpected field");
        }
        gs2Header = clientFirst.substring(0, 2 + comma + 1);
        clientFirstBare = rest.substring(comma + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        if (attrs.length < 2 || attrs[0].startsWith("m=")) {
            throw new IllegalArgumentException("the client-first-message has no user name and nonce, or asks for an extension");
        }
        if (!attrs[0].startsWith("n=") || !attrs[1].startsWith("r=") || attrs[1].length() < 3) {
            throw new IllegalArgumentException("the client-first-message lacks n= and r= attributes");
        }
        String clientNonce = attrs[1].substring(2);
        checkPrintable(clientNonce, "client nonce");
        nonce = clientNonce + serverNonce;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i=" + verifier.iterations();
        return serverFirst;
    }

    /**
     * The server-final-message ({@code v=…}) when the client-final-message proves the password, else
     * null (a wrong password, or an unknown user's mock verifier).
     *
     * @throws IllegalArgumentException when the message is malformed, or its nonce or channel-binding
     *                                  data are not those of this exchange
     */
    public String verify(String clientFinal) {
        if (serverFirst == null) {
            throw new IllegalStateException("BUG: SCRAM client-final-message before the client-first-message");
        }
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new IllegalArgumentException("the client-final-message has no proof (p=)");
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) {
            throw new IllegalArgumentException("the client-final-message lacks c= and r= attributes");
        }
        String binding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!attrs[0].substring(2).equals(binding)) {
            throw new IllegalArgumentException("the client-final-message's channel-binding data do not match its GS2 header");
        }
        if (!attrs[1].substring(2).equals(nonce)) {
            throw new IllegalArgumentException("the client-final-message's nonce is not the one of this exchange");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the client-final-message's proof is not base64");
        }
        if (proof.length != ScramVerifier.KEY_BYTES) {
            throw new IllegalArgumentException("the client-final-message's proof has " + proof.length + " bytes, expected "
                    + ScramVerifier.KEY_BYTES);
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramVerifier.hmac(verifier.storedKey(), authMessage);
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(ScramVerifier.sha256(clientKey), verifier.storedKey())) {
            return null;
        }
        return "v=" + Base64.getEncoder().encodeToString(ScramVerifier.hmac(verifier.serverKey(), authMessage));
    }

    private static void checkPrintable(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                throw new IllegalArgumentException("the " + what + " has a character outside printable ASCII");
            }
        }
    }
}
