package dev.sundial.server.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.FormatTooNewException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Jazzer targets for what a client or the disk hands the authentication code:
 *
 * <ul>
 *   <li>{@code scram}: any client-first and client-final messages end in a server message, a
 *       failed proof (null) or an {@link IllegalArgumentException} with a message, never another
 *       exception; a proof that passes is the real one (the password is never guessed).</li>
 *   <li>{@code saslPrep}: any password prepares without an exception, and preparing is idempotent
 *       for what it changes (as SCRAM needs: the same password always gives the same key).</li>
 *   <li>{@code userFileMutated}: the golden {@code users-v1.sduser} with bytes changed decodes to
 *       the same users or fails with an IOException naming the file; never a different user set.</li>
 *   <li>{@code userFileBody}: any body, in a valid envelope (so that the CRC does not stop it),
 *       decodes to valid users or a CorruptFileException naming the file; never another exception.</li>
 * </ul>
 *
 * Under plain {@code mvn test} the seeds in {@code AuthDecodeFuzzTestInputs/<method>/} (the
 * RFC 7677 messages, the golden file's body) and the empty input are replayed; {@code
 * JAZZER_FUZZ=1} fuzzes for real.
 */
class AuthDecodeFuzzTest {
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String RFC_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final ScramVerifier PENCIL = ScramVerifier.derive("pencil", SALT, 4096);
    private static final Path GOLDEN = Path.of("src/test/resources/golden/users-v1.sduser");
    private static final byte[] GOLDEN_BYTES = read(GOLDEN);
    private static final List<UserCredentials> GOLDEN_USERS = decodeGolden();

    @FuzzTest(maxDuration = "60s")
    void scram(byte[] input) {
        String both = new String(input, StandardCharsets.UTF_8);
        int nul = both.indexOf('\0'); // the two messages, NUL between them (a NUL is in neither)
        String first = nul < 0 ? both : both.substring(0, nul);
        String fin = nul < 0 ? "" : both.substring(nul + 1);
        ScramServer server = new ScramServer(PENCIL, SERVER_NONCE);
        try {
            String serverFirst = server.serverFirst(first);
            if (!serverFirst.startsWith("r=") || !serverFirst.contains(SERVER_NONCE + ",s=")) {
                throw new IllegalStateException("BUG: server-first-message " + serverFirst + " for " + first);
            }
        } catch (IllegalArgumentException e) {
            clear(e, first);
            return;
        }
        try {
            String serverFinal = server.verify(fin);
            // the proof's bytes, not its text: base64 may spell the same bytes in more than one way (unused low bits)
            if (serverFinal != null && !java.util.Arrays.equals(Base64.getDecoder().decode(fin.substring(fin.lastIndexOf(",p=") + 3)),
                    Base64.getDecoder().decode(RFC_PROOF))) {
                throw new IllegalStateException("BUG: a proof passed that is not pencil's: " + first + " / " + fin);
            }
        } catch (IllegalArgumentException e) {
            clear(e, fin);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void saslPrep(byte[] input) {
        String password = new String(input, StandardCharsets.UTF_8);
        String prepared = SaslPrep.prepare(password);
        if (prepared == null) {
            throw new IllegalStateException("BUG: no prepared password for " + password);
        }
        if (!prepared.equals(password) && !SaslPrep.prepare(prepared).equals(prepared)) {
            throw new IllegalStateException("BUG: SASLprep is not stable: " + escape(password) + " -> " + escape(prepared)
                    + " -> " + escape(SaslPrep.prepare(prepared)));
        }
    }

    @FuzzTest(maxDuration = "60s")
    void userFileMutated(FuzzedDataProvider data) {
        byte[] bytes = GOLDEN_BYTES.clone();
        int changes = data.consumeInt(1, 8);
        for (int i = 0; i < changes; i++) {
            int at = data.consumeInt(0, bytes.length - 1);
            byte x = data.consumeByte();
            bytes[at] ^= x == 0 ? 1 : x;
        }
        if (data.consumeBoolean()) { // a cut or a tail as well
            int len = data.consumeInt(0, bytes.length + 8);
            bytes = java.util.Arrays.copyOf(bytes, len);
        }
        List<UserCredentials> users;
        try {
            users = UserFile.decode(GOLDEN, bytes);
        } catch (IOException e) {
            clear(e, "changed golden file");
            return;
        }
        if (!users.equals(GOLDEN_USERS)) {
            throw new IllegalStateException("BUG: changed bytes decoded silently to other users: " + users);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void userFileBody(byte[] body) {
        byte[] all = envelope(UserFile.MAGIC, UserFile.VERSION, body);
        List<UserCredentials> users;
        try {
            users = UserFile.decode(GOLDEN, all);
        } catch (FormatTooNewException e) {
            throw new IllegalStateException("BUG: version 1 read as too new", e);
        } catch (IOException e) {
            clear(e, "body");
            if (!e.getMessage().contains(GOLDEN.toString())) {
                throw new IllegalStateException("BUG: the error does not name the file: " + e.getMessage(), e);
            }
            return;
        }
        String previous = null;
        for (UserCredentials u : users) {
            if (!User.isValidName(u.user().name()) || (previous != null && previous.compareTo(u.user().name()) >= 0)
                    || u.user().scopes().isEmpty() || u.verifier().salt().length == 0) {
                throw new IllegalStateException("BUG: decoded an invalid user " + u);
            }
            previous = u.user().name();
        }
        byte[] again = UserFile.encodeBody(users);
        if (!java.util.Arrays.equals(again, body)) {
            throw new IllegalStateException("BUG: a decoded body does not encode back to the same bytes");
        }
    }

    /** The checksummed envelope ({@code docs/format/envelope.md}) around {@code body}, built here so that any body passes the CRC. */
    static byte[] envelope(int magic, int version, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(ChecksummedFile.HEADER_BYTES + body.length + ChecksummedFile.FOOTER_BYTES);
        b.putInt(magic).putInt(version).putLong(body.length).put(body);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue()).putInt(ChecksummedFile.FOOTER_MAGIC);
        return b.array();
    }

    private static void clear(Exception e, String input) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new IllegalStateException("BUG: an error without a message for " + escape(input), e);
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp) : String.format("\\u%04X", cp)));
        return sb.toString();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<UserCredentials> decodeGolden() {
        try {
            return UserFile.decode(GOLDEN, GOLDEN_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
