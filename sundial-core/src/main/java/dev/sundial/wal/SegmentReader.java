package dev.sundial.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads and verifies the record frames of one segment file, front to back, through a reused direct
 * buffer: the frame length is checked against the bytes left in the file before anything is
 * allocated, then the CRC32C and the sequence number are verified.
 *
 * <p>{@link #next()} returns {@link #RECORD} with {@link #sequence()} and {@link #payload()} set,
 * {@link #END} at a clean end, or {@link #DAMAGED} with {@link #offset()}, {@link #reason()} and
 * {@link #tornLike()} describing the first bad frame; after {@code DAMAGED} or {@code END} it must
 * not be called again. The payload buffer is a view of the reader's buffer, valid until the next
 * call.
 *
 * <p>Not thread-safe: one reader per thread.
 */
final class SegmentReader {
    static final int RECORD = 1;
    static final int END = 2;
    static final int DAMAGED = 3;

    /** 1 MiB reads: big enough that syscalls are amortised, small enough to stay cheap per open. */
    private static final int READ_CHUNK = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long end;
    private ByteBuffer buf;
    /** File offset of buf index 0; data is valid in buf[0, buf.limit()). */
    private long bufStart;
    /** Index in buf of the next frame. */
    private int pos;
    private long expectedSequence;

    private long sequence;
    private ByteBuffer payload;
    private long offset;
    private String reason;
    private boolean tornLike;

    /**
     * @param end            the file offset where the records end (the file size, or the valid end
     *                       found when the log was opened)
     * @param firstSequence  the sequence number the first frame must carry
     * @param reuse          a buffer of an earlier reader ({@link #buffer()}) to read into, or null
     */
    SegmentReader(Path file, FileChannel channel, long end, long firstSequence, ByteBuffer reuse) {
        this.file = file;
        this.channel = channel;
        this.end = end;
        this.expectedSequence = firstSequence;
        int cap = (int) Math.max(WalFormat.FRAME_HEADER_SIZE, Math.min(READ_CHUNK, end - WalFormat.HEADER_SIZE));
        this.buf = reuse != null && reuse.capacity() >= cap
                ? reuse.clear().order(ByteOrder.LITTLE_ENDIAN)
                : ByteBuffer.allocateDirect(cap).order(ByteOrder.LITTLE_ENDIAN);
        this.buf.limit(0);
        this.bufStart = WalFormat.HEADER_SIZE;
        this.pos = 0;
    }

    /** Reads the next frame; see the class comment for the three outcomes. */
    int next() throws IOException {
        long at = bufStart + pos;
        offset = at;
        if (at >= end) {
            return END;
        }
        long left = end - at;
        if (left < WalFormat.FRAME_HEADER_SIZE) {
            return damaged("torn record: only " + left + " of the " + WalFormat.FRAME_HEADER_SIZE
                    + " frame header bytes are present", true);
        }
        ensure(WalFormat.FRAME_HEADER_SIZE);
        int len = buf.getInt(pos);
        int storedCrc = buf.getInt(pos + 4);
        long seq = buf.getLong(pos + 8);
        if (len == 0 && storedCrc == 0 && seq == 0) {
            return damaged("zero-filled region (space that was allocated but never written)", false);
        }
        if (len < 0 || len > WalFormat.MAX_PAYLOAD_BYTES) {
            return damaged("invalid record length " + Integer.toUnsignedString(len), false);
        }
        long bodyLeft = left - WalFormat.FRAME_HEADER_SIZE;
        if (len > bodyLeft) {
            return damaged("torn record: length " + len + " but only " + bodyLeft + " payload bytes are present", true);
        }
        ensure(WalFormat.FRAME_HEADER_SIZE + len);
        int actualCrc = WalFormat.frameCrc(buf, pos, len);
        if (actualCrc != storedCrc) {
            boolean reachesEnd = len == bodyLeft;
            return damaged("CRC32C mismatch (stored 0x" + Integer.toHexString(storedCrc) + ", computed 0x"
                    + Integer.toHexString(actualCrc) + ", length " + len + ", sequence field " + seq + ")", reachesEnd);
        }
        if (seq != expectedSequence) {
            return damaged("sequence number " + seq + " where " + expectedSequence + " was expected", false);
        }
        sequence = seq;
        payload = buf.slice(pos + WalFormat.FRAME_HEADER_SIZE, len);
        pos += WalFormat.FRAME_HEADER_SIZE + len;
        expectedSequence = seq + 1;
        return RECORD;
    }

    private int damaged(String why, boolean torn) {
        reason = why;
        tornLike = torn;
        payload = null;
        return DAMAGED;
    }

    /**
     * Makes {@code n} bytes from {@code pos} available in the buffer. The caller has checked that
     * they lie inside the file, so a buffer grown here is at most the file's size.
     */
    private void ensure(int n) throws IOException {
        int have = buf.limit() - pos;
        if (have >= n) {
            return;
        }
        if (buf.capacity() < n) {
            long cap = Math.max(n, Math.min((long) buf.capacity() * 2, end - (bufStart + pos)));
            ByteBuffer bigger = ByteBuffer.allocateDirect((int) Math.min(cap, Integer.MAX_VALUE - 8))
                    .order(ByteOrder.LITTLE_ENDIAN);
            buf.limit(buf.limit()).position(pos);
            bigger.put(buf);
            buf = bigger;
        } else {
            buf.limit(buf.limit()).position(pos);
            buf.compact();
        }
        bufStart += pos;
        pos = 0;
        // buf is now in fill mode with `have` bytes at the front
        long fileAt = bufStart + buf.position();
        while (buf.position() < n) {
            int wanted = (int) Math.min(buf.remaining(), end - fileAt);
            if (wanted <= 0) {
                break;
            }
            buf.limit(buf.position() + wanted);
            int r = channel.read(buf, fileAt);
            buf.limit(buf.capacity());
            if (r < 0) {
                break;
            }
            fileAt += r;
        }
        if (buf.position() < n) {
            throw new IOException("cannot read WAL segment " + file + " at offset " + (bufStart + buf.position())
                    + ": the file ended early (it changed while it was being read)");
        }
        buf.flip();
    }

    /** The read buffer, for the next reader to reuse once this one is done. */
    ByteBuffer buffer() {
        return buf;
    }

    long sequence() {
        return sequence;
    }

    ByteBuffer payload() {
        return payload;
    }

    /** Offset of the frame {@link #next()} last looked at: the damage, or the end. */
    long offset() {
        return offset;
    }

    /** The file offset after the last good record. */
    long validEnd() {
        return bufStart + pos;
    }

    /** The sequence number the next good record would carry. */
    long expectedSequence() {
        return expectedSequence;
    }

    String reason() {
        return reason;
    }

    /** Whether the damage looks like an interrupted write at the end of the file. */
    boolean tornLike() {
        return tornLike;
    }
}
