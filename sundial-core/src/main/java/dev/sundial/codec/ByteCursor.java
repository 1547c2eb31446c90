package dev.sundial.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bounds-checked reading of one encoded block {@code src[start, end)}: bytes, varints,
 * little-endian longs. Every read past the end, every over-long varint, throws {@link
 * CorruptEncodingException} naming {@code what} and the offset inside the block. Not thread-safe;
 * one per decode call.
 */
final class ByteCursor {
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    final byte[] src;
    final int start;
    final int end;
    final String what;
    int pos;

    ByteCursor(byte[] src, int off, int len, String what) {
        if (off < 0 || len < 0 || off > src.length - len) {
            throw new IndexOutOfBoundsException("cannot decode " + what + " [off=" + off + ", len=" + len
                    + "]: range outside the array of length " + src.length);
        }
        this.src = src;
        this.start = off;
        this.end = off + len;
        this.what = what;
        this.pos = off;
    }

    CorruptEncodingException corrupt(String cause) {
        return new CorruptEncodingException(what, pos - start, cause);
    }

    CorruptEncodingException corruptAt(int absolutePos, String cause) {
        return new CorruptEncodingException(what, absolutePos - start, cause);
    }

    int remaining() {
        return end - pos;
    }

    /** Offset of the cursor inside the block. */
    int offset() {
        return pos - start;
    }

    /** Throws unless at least {@code bytes} remain. */
    void need(long bytes, String forWhat) {
        if (bytes > end - pos) {
            throw corrupt(forWhat + " needs " + bytes + " bytes but only " + (end - pos) + " remain");
        }
    }

    int readByte() {
        if (pos >= end) {
            throw corrupt("unexpected end of input");
        }
        return src[pos++] & 0xFF;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw corrupt("unexpected end of input inside a varint");
            }
            int b = src[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (shift == 63 && (b & 0x7E) != 0) {
                    throw corruptAt(pos - 1, "varint overflows 64 bits");
                }
                return v;
            }
        }
        throw corruptAt(pos - 1, "varint longer than 10 bytes");
    }

    long readZigZag() {
        long u = readVarLong();
        return (u >>> 1) ^ -(u & 1);
    }

    /** Reads a varint that must lie in {@code [min, max]}. */
    int readVarInt(int min, int max, String name) {
        int at = pos;
        long v = readVarLong();
        if (v < min || v > max) {
            throw corruptAt(at, name + " " + Long.toUnsignedString(v) + " outside [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    /** Reads a varint length that must fit in the bytes remaining after it. */
    int readLength(String name) {
        int at = pos;
        long v = readVarLong();
        if (v < 0 || v > end - pos) {
            throw corruptAt(at, name + " " + Long.toUnsignedString(v) + " exceeds the " + (end - pos)
                    + " bytes remaining");
        }
        return (int) v;
    }

    long readLongLE() {
        need(8, "a 64-bit value");
        long v = (long) LE.get(src, pos);
        pos += 8;
        return v;
    }

    /** Throws unless the whole block has been consumed. */
    void expectEnd() {
        if (pos != end) {
            throw corrupt((end - pos) + " trailing bytes after the encoded values");
        }
    }
}
