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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The byte layout of {@code auth/tokens.sdtk} ({@code docs/format/tokens.md}): the core's
 * checksummed envelope ({@link ChecksummedFile}, magic {@code SDTK}) around this body, big-endian:
 *
 * <pre>
 * offset  size  field
 * 0       4     count N of tokens
 * then N times, sorted by name (strictly ascending, so names are unique):
 *         4     name length n (1..64)
 *         n     name, ASCII A-Z a-z 0-9 _ . -
 *         1     scopes: bit 0 read, bit 1 write, bit 2 admin (at least one, no other bit)
 *         8     created, epoch milliseconds UTC
 *         32    SHA-256 of the token text (UTF-8, prefix included)
 * </pre>
 *
 * The whole file is replaced atomically on every change; the secret itself is never written.
 * Reads {@link #VERSION} 1 only. Stateless and thread-safe; callers serialize writers.
 */
final class TokenFile {
    static final int MAGIC = 0x5344544B; // "SDTK"
    static final int VERSION = 1;
    static final int HASH_BYTES = 32;
    /** The smallest entry: a 1-character name. Bounds the count field before anything is allocated. */
    private static final int MIN_ENTRY_BYTES = 4 + 1 + 1 + 8 + HASH_BYTES;
    private static final int KNOWN_SCOPE_BITS = (1 << Scope.values().length) - 1;

    private TokenFile() {
    }

    /** A stored token: its name, scopes and creation time (no secret), and the SHA-256 of its secret. */
    record Entry(Token token, byte[] hash) {
        Entry {
            if (token.secret() != null) {
                throw new IllegalStateException("BUG: a token's secret reached the token file's entries");
            }
            if (hash.length != HASH_BYTES) {
                throw new IllegalStateException("BUG: token hash of " + hash.length + " bytes, expected " + HASH_BYTES);
            }
        }
    }

    /** Writes {@code entries} (sorted by name, unique) durably and atomically as {@code file}. */
    static void write(FileLayer fs, Path file, List<Entry> entries) throws IOException {
        byte[] body = encodeBody(entries);
        ChecksummedFile.write(fs, file, MAGIC, VERSION, body, body.length);
    }

    static byte[] encodeBody(List<Entry> entries) {
        int size = 4;
        for (Entry e : entries) {
            size += 4 + e.token().name().length() + 1 + 8 + HASH_BYTES;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        b.putInt(entries.size());
        String previous = null;
        for (Entry e : entries) {
            Token t = e.token();
            if (previous != null && previous.compareTo(t.name()) >= 0) {
                throw new IllegalStateException("BUG: token entries not sorted by unique name: " + previous + ", " + t.name());
            }
            previous = t.name();
            byte[] name = t.name().getBytes(StandardCharsets.US_ASCII);
            b.putInt(name.length).put(name).put((byte) scopeBits(t.scopes())).putLong(t.created().toEpochMilli()).put(e.hash());
        }
        return b.array();
    }

    /**
     * The entries of a whole file's bytes {@code all}, validated; {@code file} names it in errors.
     *
     * @throws CorruptFileException naming the file and offset of what is wrong
     * @throws dev.sundial.fs.FormatTooNewException when written by a newer Sundial
     */
    static List<Entry> decode(Path file, byte[] all) throws IOException {
        ByteBuffer b = ChecksummedFile.parse(file, all, MAGIC, VERSION).bytes();
        long base = ChecksummedFile.HEADER_BYTES; // file offset of body byte 0, for messages
        need(file, b, base, 4, "token count");
        int count = b.getInt();
        if (count < 0 || (long) count * MIN_ENTRY_BYTES > b.remaining()) {
            throw new CorruptFileException(file, base, "token count " + count + " does not fit the body of " + b.limit() + " bytes");
        }
        List<Entry> out = new ArrayList<>(count);
        String previous = null;
        for (int i = 0; i < count; i++) {
            long at = base + b.position();
            need(file, b, base, 4, "length of the name of token " + i);
            int len = b.getInt();
            if (len < 1 || len > Token.MAX_NAME_LENGTH) {
                throw new CorruptFileException(file, at, "token " + i + " has a name of " + len + " bytes (1.." + Token.MAX_NAME_LENGTH + " allowed)");
            }
            need(file, b, base, len + 1 + 8 + HASH_BYTES, "token " + i);
            byte[] nameBytes = new byte[len];
            b.get(nameBytes);
            String name = new String(nameBytes, StandardCharsets.ISO_8859_1);
            if (!Token.isValidName(name)) {
                throw new CorruptFileException(file, at + 4, "token " + i + " has an invalid name");
            }
            if (previous != null && previous.compareTo(name) >= 0) {
                throw new CorruptFileException(file, at + 4, "token names out of order or repeated: \"" + previous + "\" before \"" + name + "\"");
            }
            previous = name;
            long scopesAt = base + b.position();
            int bits = b.get() & 0xFF;
            if (bits == 0 || (bits & ~KNOWN_SCOPE_BITS) != 0) {
                throw new CorruptFileException(file, scopesAt, String.format("token \"%s\" has scope bits 0x%02X (known: 0x%02X, at least one)",
                        name, bits, KNOWN_SCOPE_BITS));
            }
            long created = b.getLong();
            byte[] hash = new byte[HASH_BYTES];
            b.get(hash);
            out.add(new Entry(new Token(name, scopesOf(bits), Instant.ofEpochMilli(created), null), hash));
        }
        if (b.hasRemaining()) {
            throw new CorruptFileException(file, base + b.position(), b.remaining() + " bytes after the last token");
        }
        return out;
    }

    private static void need(Path file, ByteBuffer b, long base, int bytes, String what) throws CorruptFileException {
        if (b.remaining() < bytes) {
            throw new CorruptFileException(file, base + b.position(), "body ends inside " + what);
        }
    }

    static int scopeBits(Set<Scope> scopes) {
        int bits = 0;
        for (Scope s : scopes) {
            bits |= 1 << s.ordinal();
        }
        return bits;
    }

    static Set<Scope> scopesOf(int bits) {
        EnumSet<Scope> out = EnumSet.noneOf(Scope.class);
        for (Scope s : Scope.values()) {
            if ((bits & (1 << s.ordinal())) != 0) {
                out.add(s);
            }
        }
        return out;
    }
}
