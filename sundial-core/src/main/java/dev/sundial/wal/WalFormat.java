package dev.sundial.wal;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FormatVersion;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The byte layout of WAL segment files, version 1 (specified in {@code docs/format/wal.md}). All
 * integers are little-endian.
 *
 * <pre>
 * segment header (20 bytes)
 *   0  4  magic "SDWL" (0x53 0x44 0x57 0x4C)
 *   4  2  format version (1)
 *   6  2  flags, 0 in version 1
 *   8  8  first sequence number of the segment (&gt;= 1)
 *  16  4  CRC32C of bytes 0..15
 * record frame (16 bytes + payload), repeated to the end of the file
 *   0  4  payload length L (0 .. MAX_PAYLOAD_BYTES)
 *   4  4  CRC32C of payload, then bytes 0..3, then bytes 8..15 of this frame
 *   8  8  sequence number (first sequence of the segment for the first frame, +1 per frame)
 *  16  L  payload
 * </pre>
 *
 * <p>The record CRC takes the payload first so that an appender can checksum its payload before it
 * holds the append lock, and add length and sequence number (assigned under the lock) after.
 *
 * <p>Stateless; thread-safe.
 */
public final class WalFormat {
    /** "SDWL" read as a little-endian int. */
    public static final int MAGIC = 0x4C574453;
    /** The version this code writes; the only one it reads. */
    public static final short VERSION = 1;
    public static final int HEADER_SIZE = 20;
    public static final int FRAME_HEADER_SIZE = 16;
    /** Keeps frame and buffer arithmetic inside int range with room to spare. */
    public static final int MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 64;
    /** Digits of the first sequence number in a segment's file name; 20 holds any positive long. */
    static final int NAME_DIGITS = 20;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private WalFormat() {
    }

    /** The file name of the segment whose first sequence number is {@code firstSequence}. */
    public static String segmentFileName(long firstSequence) {
        String digits = Long.toString(firstSequence);
        return DataDirectoryLayout.WAL_SEGMENT_PREFIX + "0".repeat(NAME_DIGITS - digits.length()) + digits
                + DataDirectoryLayout.WAL_SEGMENT_SUFFIX;
    }

    /**
     * The first sequence number encoded in a segment file name, or -1 when {@code name} is not a
     * segment name ({@code wal-} + 20 digits + {@code .log}).
     */
    public static long parseSegmentFileName(String name) {
        String prefix = DataDirectoryLayout.WAL_SEGMENT_PREFIX;
        String suffix = DataDirectoryLayout.WAL_SEGMENT_SUFFIX;
        if (name.length() != prefix.length() + NAME_DIGITS + suffix.length()
                || !name.startsWith(prefix) || !name.endsWith(suffix)) {
            return -1;
        }
        long v = 0;
        for (int i = prefix.length(); i < prefix.length() + NAME_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int d = c - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Whether {@code p}'s file name is a segment name. */
    /** Matches every segment file name (and, with a suffix appended, its temporary files). */
    static final String SEGMENT_GLOB = "wal-*.log";

    static boolean isSegmentFile(Path p) {
        return parseSegmentFileName(p.getFileName().toString()) >= 0;
    }

    /** The 20 header bytes of a segment starting at {@code firstSequence}. */
    public static byte[] encodeHeader(long firstSequence) {
        byte[] h = new byte[HEADER_SIZE];
        INT_LE.set(h, 0, MAGIC);
        h[4] = (byte) VERSION;
        h[5] = (byte) (VERSION >>> 8);
        LONG_LE.set(h, 8, firstSequence);
        CRC32C crc = new CRC32C();
        crc.update(h, 0, 16);
        INT_LE.set(h, 16, (int) crc.getValue());
        return h;
    }

    /**
     * Checks a segment header; returns {@code null} when it is valid, else the reason it is not.
     * {@code h} holds at least {@link #HEADER_SIZE} bytes.
     *
     * @throws dev.sundial.fs.FormatTooNewException when a valid header carries a newer version
     */
    static String checkHeader(Path file, byte[] h, long expectedFirstSequence) throws IOException {
        boolean allZero = true;
        for (int i = 0; i < HEADER_SIZE; i++) {
            if (h[i] != 0) {
                allZero = false;
                break;
            }
        }
        if (allZero) {
            return "segment header is zero-filled";
        }
        int magic = (int) INT_LE.get(h, 0);
        if (magic != MAGIC) {
            return "bad magic 0x" + Integer.toHexString(magic) + " (expected 0x" + Integer.toHexString(MAGIC) + ")";
        }
        CRC32C crc = new CRC32C();
        crc.update(h, 0, 16);
        int stored = (int) INT_LE.get(h, 16);
        if (stored != (int) crc.getValue()) {
            return "segment header CRC32C mismatch";
        }
        int version = (h[4] & 0xFF) | (h[5] & 0xFF) << 8;
        try {
            FormatVersion.check(file, 4, "WAL segment", version, VERSION, VERSION);
        } catch (CorruptFileException e) {
            return "unsupported WAL format version " + version + " (this build reads " + VERSION + ")";
        }
        int flags = (h[6] & 0xFF) | (h[7] & 0xFF) << 8;
        if (flags != 0) {
            return "unknown header flags 0x" + Integer.toHexString(flags);
        }
        long first = (long) LONG_LE.get(h, 8);
        if (first != expectedFirstSequence) {
            return "header first sequence " + first + " does not match the file name's " + expectedFirstSequence;
        }
        return null;
    }

    /**
     * Fills {@code frame[0..16)} with length, CRC and sequence number. {@code payloadCrc} has seen
     * exactly the payload bytes; it is updated further here.
     */
    static void encodeFrameHeader(byte[] frame, CRC32C payloadCrc, int length, long sequence) {
        INT_LE.set(frame, 0, length);
        LONG_LE.set(frame, 8, sequence);
        payloadCrc.update(frame, 0, 4);
        payloadCrc.update(frame, 8, 8);
        INT_LE.set(frame, 4, (int) payloadCrc.getValue());
    }

    /**
     * The record CRC of the frame whose 16-byte header starts at absolute index {@code at} of
     * {@code buf} and whose payload follows it. Leaves {@code buf}'s position and limit as found.
     */
    static int frameCrc(ByteBuffer buf, int at, int length) {
        int pos = buf.position();
        int lim = buf.limit();
        CRC32C crc = new CRC32C();
        buf.limit(at + FRAME_HEADER_SIZE + length).position(at + FRAME_HEADER_SIZE);
        crc.update(buf);
        buf.limit(at + 4).position(at);
        crc.update(buf);
        buf.limit(at + 16).position(at + 8);
        crc.update(buf);
        buf.limit(lim).position(pos);
        return (int) crc.getValue();
    }
}
