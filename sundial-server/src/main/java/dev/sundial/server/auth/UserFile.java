package dev.sundial.server.auth;

import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte layout of {@code auth/users.sduser} ({@code docs/format/users.md}): the core's
 * checksummed envelope ({@link ChecksummedFile}, magic {@code SDUS}) around this body, big-endian:
 *
 * <pre>
 * offset  size  field
 * 0       4     count N of users
 * then N times, sorted by name (strictly ascending, so names are unique):
 *         4     name length n (1..63)
 *         n     name, ASCII A-Z a-z 0-9 _ . -
 *         1     scopes: bit 0 read, bit 1 write, bit 2 admin (at least one, no other bit)
 *         8     created, epoch milliseconds UTC
 *         4     SCRAM iteration count (1..10,000,000; 4096 when written by this version)
 *         1     salt length s (1..255; 16 when written by this version)
 *         s     salt
 *         32    StoredKey
 *         32    ServerKey
 * </pre>
 *
 * The whole file is replaced atomically on every change; the password itself is never written.
 * Reads {@link #VERSION} 1 only. Stateless and thread-safe; callers serialize writers.
 */
final class UserFile {
    static final int MAGIC = 0x53445553; // "SDUS"
    static final int VERSION = 1;
    /** The smallest entry: a 1-character name and a 1-byte salt. Bounds the count before anything is allocated. */
    private static final int MIN_ENTRY_BYTES = 4 + 1 + 1 + 8 + 4 + 1 + 1 + 2 * ScramVerifier.KEY_BYTES;
    private static final int KNOWN_SCOPE_BITS = (1 << Scope.values().length) - 1;

    private UserFile() {
    }

    /** Writes {@code entries} (sorted by name, unique) durably and atomically as {@code file}. */
    static void write(FileLayer fs, Path file, List<UserCredentials> entries) throws IOException {
        byte[] body = encodeBody(entries);
        ChecksummedFile.write(fs, file, MAGIC, VERSION, body, body.length);
    }

    static byte[] encodeBody(List<UserCredentials> entries) {
        int size = 4;
        for (UserCredentials e : entries) {
            size += 4 + e.user().name().length() + 1 + 8 + 4 + 1 + e.verifier().salt().length + 2 * ScramVerifier.KEY_BYTES;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        b.putInt(entries.size());
        String previous = null;
        for (UserCredentials e : entries) {
            User u = e.user();
            if (previous != null && previous.compareTo(u.name()) >= 0) {
                throw new IllegalStateException("BUG: user entries not sorted by unique name: " + previous + ", " + u.name());
            }
            previous = u.name();
            byte[] name = u.name().getBytes(StandardCharsets.US_ASCII);
            ScramVerifier v = e.verifier();
            byte[] salt = v.salt();
            b.putInt(name.length).put(name).put((byte) TokenFile.scopeBits(u.scopes())).putLong(u.created().toEpochMilli())
                    .putInt(v.iterations()).put((byte) salt.length).put(salt).put(v.storedKey()).put(v.serverKey());
        }
        return b.array();
    }

    /**
     * The entries of a whole file's bytes {@code all}, validated; {@code file} names it in errors.
     *
     * @throws CorruptFileException naming the file and offset of what is wrong
     * @throws dev.sundial.fs.FormatTooNewException when written by a newer Sundial
     */
    static List<UserCredentials> decode(Path file, byte[] all) throws IOException {
        ByteBuffer b = ChecksummedFile.parse(file, all, MAGIC, VERSION).bytes();
        long base = ChecksummedFile.HEADER_BYTES; // file offset of body byte 0, for messages
        need(file, b, base, 4, "user count");
        int count = b.getInt();
        if (count < 0 || (long) count * MIN_ENTRY_BYTES > b.remaining()) {
            throw new CorruptFileException(file, base, "user count " + count + " does not fit the body of " + b.limit() + " bytes");
        }
        List<UserCredentials> out = new ArrayList<>(count);
        String previous = null;
        for (int i = 0; i < count; i++) {
            long at = base + b.position();
            need(file, b, base, 4, "length of the name of user " + i);
            int len = b.getInt();
            if (len < 1 || len > User.MAX_NAME_LENGTH) {
                throw new CorruptFileException(file, at, "user " + i + " has a name of " + len + " bytes (1.." + User.MAX_NAME_LENGTH + " allowed)");
            }
            need(file, b, base, len + 1 + 8 + 4 + 1, "user " + i);
            byte[] nameBytes = new byte[len];
            b.get(nameBytes);
            String name = new String(nameBytes, StandardCharsets.ISO_8859_1);
            if (!User.isValidName(name)) {
                throw new CorruptFileException(file, at + 4, "user " + i + " has an invalid name");
            }
            if (previous != null && previous.compareTo(name) >= 0) {
                throw new CorruptFileException(file, at + 4, "user names out of order or repeated: \"" + previous + "\" before \"" + name + "\"");
            }
            previous = name;
            long scopesAt = base + b.position();
            int bits = b.get() & 0xFF;
            if (bits == 0 || (bits & ~KNOWN_SCOPE_BITS) != 0) {
                throw new CorruptFileException(file, scopesAt, String.format("user \"%s\" has scope bits 0x%02X (known: 0x%02X, at least one)",
                        name, bits, KNOWN_SCOPE_BITS));
            }
            long created = b.getLong();
            long iterationsAt = base + b.position();
            int iterations = b.getInt();
            if (iterations < 1 || iterations > ScramVerifier.MAX_ITERATIONS) {
                throw new CorruptFileException(file, iterationsAt, "user \"" + name + "\" has a SCRAM iteration count of " + iterations
                        + " (1.." + ScramVerifier.MAX_ITERATIONS + " allowed)");
            }
            long saltAt = base + b.position();
            int saltLength = b.get() & 0xFF;
            if (saltLength == 0) {
                throw new CorruptFileException(file, saltAt, "user \"" + name + "\" has an empty SCRAM salt");
            }
            need(file, b, base, saltLength + 2 * ScramVerifier.KEY_BYTES, "the SCRAM keys of user \"" + name + "\"");
            byte[] salt = new byte[saltLength];
            b.get(salt);
            byte[] storedKey = new byte[ScramVerifier.KEY_BYTES];
            byte[] serverKey = new byte[ScramVerifier.KEY_BYTES];
            b.get(storedKey).get(serverKey);
            out.add(new UserCredentials(new User(name, TokenFile.scopesOf(bits), Instant.ofEpochMilli(created)),
                    new ScramVerifier(salt, iterations, storedKey, serverKey)));
        }
        if (b.hasRemaining()) {
            throw new CorruptFileException(file, base + b.position(), b.remaining() + " bytes after the last user");
        }
        return out;
    }

    private static void need(Path file, ByteBuffer b, long base, int bytes, String what) throws CorruptFileException {
        if (b.remaining() < bytes) {
            throw new CorruptFileException(file, base + b.position(), "body ends inside " + what);
        }
    }
}
