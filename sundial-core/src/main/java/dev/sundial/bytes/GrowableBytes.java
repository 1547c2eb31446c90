package dev.sundial.bytes;

import java.util.Arrays;

/**
 * An append-only byte buffer with the primitive encodings used by segment indexes: big-endian
 * fixed-width integers and LEB128 varints (unsigned; signed values go through zigzag).
 *
 * <p>Not thread-safe.
 */
public final class GrowableBytes {
    private byte[] buf;
    private int size;

    public GrowableBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + extra, buf.length * 2));
        }
    }

    public GrowableBytes put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    public GrowableBytes put(byte[] b) {
        return put(b, 0, b.length);
    }

    public GrowableBytes putByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public GrowableBytes putInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public GrowableBytes putLong(long v) {
        putInt((int) (v >>> 32));
        return putInt((int) v);
    }

    /** Unsigned LEB128. */
    public GrowableBytes putVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    public GrowableBytes putVarInt(int v) {
        return putVarLong(v & 0xFFFFFFFFL);
    }

    public GrowableBytes putZigZag(long v) {
        return putVarLong((v << 1) ^ (v >> 63));
    }

    /**
     * Appends {@code varint column, u8 type, 8-byte big-endian bits}: one field of a WAL row, with a
     * single capacity check (the hot path of ingest).
     */
    public GrowableBytes putFixedField(int column, int type, long bits) {
        ensure(14);
        byte[] b = buf;
        int p = size;
        int c = column;
        while ((c & ~0x7F) != 0) {
            b[p++] = (byte) ((c & 0x7F) | 0x80);
            c >>>= 7;
        }
        b[p++] = (byte) c;
        b[p++] = (byte) type;
        b[p] = (byte) (bits >>> 56);
        b[p + 1] = (byte) (bits >>> 48);
        b[p + 2] = (byte) (bits >>> 40);
        b[p + 3] = (byte) (bits >>> 32);
        b[p + 4] = (byte) (bits >>> 24);
        b[p + 5] = (byte) (bits >>> 16);
        b[p + 6] = (byte) (bits >>> 8);
        b[p + 7] = (byte) bits;
        size = p + 8;
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return buf;
    }

    public void clear() {
        size = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
