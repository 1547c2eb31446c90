package dev.sundial.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The envelope of Sundial's small metadata files (catalog, manifests), replaced atomically as a
 * whole: a header with magic and version, the body, and a footer with a CRC32C of everything before
 * it. See {@code docs/format/envelope.md}.
 *
 * <pre>
 * offset  size  field
 * 0       4     magic (file kind, big-endian)
 * 4       4     format version of the body
 * 8       8     body length L
 * 16      L     body
 * 16+L    4     CRC32C of bytes [0, 16+L)
 * 20+L    4     footer magic 0x53444E44 ("SDND")
 * </pre>
 *
 * Stateless and thread-safe; callers serialize writers of one file.
 */
public final class ChecksummedFile {
    public static final int HEADER_BYTES = 16;
    public static final int FOOTER_BYTES = 8;
    public static final int FOOTER_MAGIC = 0x53444E44;
    /** Metadata files are small; a larger length field means corruption, not a real file. */
    static final long MAX_BODY_BYTES = 1L << 30;

    private ChecksummedFile() {
    }

    private static String formatName(int magic) {
        byte[] m = java.nio.ByteBuffer.allocate(4).putInt(magic).array();
        return new String(m, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A read body and the version it was written with. */
    public record Body(int version, ByteBuffer bytes) {
    }

    /** Writes {@code body} to {@code target} through {@code layer}, durably and atomically (temp file, fsync, rename, dir fsync). */
    public static void write(FileLayer layer, Path target, int magic, int version, byte[] body, int bodyLength)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + bodyLength + FOOTER_BYTES).order(ByteOrder.BIG_ENDIAN);
        buf.putInt(magic).putInt(version).putLong(bodyLength).put(body, 0, bodyLength);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue()).putInt(FOOTER_MAGIC);
        layer.writeAtomically(target, buf.array());
    }

    /**
     * Reads and validates, through {@code layer}, a file written by {@link #write}. Returns null when
     * it does not exist.
     *
     * @throws CorruptFileException naming the file and offset when magic, length, CRC or version is wrong
     * @throws FormatTooNewException when a valid file carries a version above {@code maxVersion}
     */
    public static Body read(FileLayer layer, Path file, int magic, int maxVersion) throws IOException {
        byte[] all;
        try {
            all = layer.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        return parse(file, all, magic, maxVersion);
    }

    /**
     * Validates the bytes {@code all} of a whole file written by {@link #write}, as {@link #read}
     * does, for callers that keep the bytes (to notice later whether the file changed).
     * {@code file} names the file in errors.
     *
     * @throws CorruptFileException naming the file and offset when magic, length, CRC or version is wrong
     * @throws FormatTooNewException when a valid file carries a version above {@code maxVersion}
     */
    public static Body parse(Path file, byte[] all, int magic, int maxVersion) throws IOException {
        if (all.length < HEADER_BYTES + FOOTER_BYTES) {
            throw new CorruptFileException(file, all.length, "file is " + all.length + " bytes, shorter than header and footer");
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
        int m = b.getInt(0);
        if (m != magic) {
            throw new CorruptFileException(file, 0, String.format("bad magic 0x%08X, expected 0x%08X", m, magic));
        }
        long len = b.getLong(8);
        if (len < 0 || len > MAX_BODY_BYTES || HEADER_BYTES + len + FOOTER_BYTES != all.length) {
            throw new CorruptFileException(file, 8, "body length " + len + " does not match file size " + all.length);
        }
        int bodyEnd = HEADER_BYTES + (int) len;
        CRC32C crc = new CRC32C();
        crc.update(all, 0, bodyEnd);
        int stored = b.getInt(bodyEnd);
        if (stored != (int) crc.getValue()) {
            throw new CorruptFileException(file, bodyEnd, String.format("checksum mismatch: stored 0x%08X, computed 0x%08X",
                    stored, (int) crc.getValue()));
        }
        if (b.getInt(bodyEnd + 4) != FOOTER_MAGIC) {
            throw new CorruptFileException(file, bodyEnd + 4, "bad footer magic");
        }
        // after the checksum, so that a flipped version byte reads as damage, not as "too new"
        int version = FormatVersion.check(file, 4, formatName(magic), b.getInt(4), 1, maxVersion);
        return new Body(version, ByteBuffer.wrap(all, HEADER_BYTES, (int) len).slice().order(ByteOrder.BIG_ENDIAN));
    }
}
