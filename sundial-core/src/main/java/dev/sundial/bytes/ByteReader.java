package dev.sundial.bytes;

/**
 * Bounds-checked reader over a byte array region for the encodings of {@link GrowableBytes}. Every
 * read checks the remaining length and throws {@link IndexFormatException} (with the offset) instead
 * of reading past the region, so a corrupt index is reported, never silently misread.
 *
 * <p>Not thread-safe.
 */
public final class ByteReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    public ByteReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    /** Thrown on truncated or malformed input; the message has the offset. */
    public static final class IndexFormatException extends RuntimeException {
        public IndexFormatException(String message) {
            super(message);
        }
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new IndexFormatException("truncated at offset " + pos + ": need " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public int getByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int getInt() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long getLong() {
        long hi = getInt() & 0xFFFFFFFFL;
        long lo = getInt() & 0xFFFFFFFFL;
        return (hi << 32) | lo;
    }

    public long getVarLong() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = getByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IndexFormatException("varint longer than 10 bytes at offset " + pos);
    }

    /** A varint that must fit in [0, max]. */
    public int getVarInt(int max) {
        long v = getVarLong();
        if (v < 0 || v > max) {
            throw new IndexFormatException("value " + v + " out of range [0, " + max + "] at offset " + pos);
        }
        return (int) v;
    }

    public long getZigZag() {
        long v = getVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public byte[] getBytes(int len) {
        need(len);
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }
}
