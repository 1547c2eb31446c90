package dev.sundial.segment;

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
