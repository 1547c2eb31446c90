package dev.sundial.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads a bit stream written by {@link BitWriter} (most-significant bit first) from {@code
 * src[off, off+len)}. Keeps up to 64 bits in a long and refills 7 bytes at a time with one
 * unaligned big-endian load while at least 8 bytes remain. Reading past the end throws {@link
 * CorruptEncodingException}. Not thread-safe.
 */
public final class BitReader {
    private static final VarHandle BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] src;
    private final int start;
    private final int end;
    private final String what;
    /** Offset of {@code off} inside the enclosing block, added to offsets in error messages. */
    private final int reportBase;
    private int pos;
    /**
     * Buffered bits, left-aligned. Below the {@link #bits} valid ones the word holds zeros or the
     * stream's next bits (a refill may load a few bytes early); reads only use valid bits.
     */
    private long cache;
    private int bits;

    /**
     * @param what what is being decoded, for error messages
     */
    public BitReader(byte[] src, int off, int len, String what) {
        this(src, off, len, what, 0);
    }

    /** As above; error messages report offsets as {@code reportBase +} offset inside the range. */
    BitReader(byte[] src, int off, int len, String what, int reportBase) {
        if (off < 0 || len < 0 || off > src.length - len) {
            throw new IndexOutOfBoundsException("cannot read bits [off=" + off + ", len=" + len
                    + "]: range outside the array of length " + src.length);
        }
        this.src = src;
        this.start = off;
        this.end = off + len;
        this.pos = off;
        this.what = what;
        this.reportBase = reportBase;
    }

    /** Brings the number of valid bits to at least 57, or to all that is left. */
    private void refill() {
        if (end - pos >= 8) {
            cache |= (long) BE.get(src, pos) >>> bits;
            int bytes = (63 - bits) >>> 3;
            pos += bytes;
            bits += bytes << 3;
        } else {
            while (bits <= 56 && pos < end) {
                cache |= (src[pos++] & 0xFFL) << (56 - bits);
                bits += 8;
            }
        }
    }

    private CorruptEncodingException truncated(int k) {
        return new CorruptEncodingException(what, reportBase + end - start,
                "unexpected end of input: needed " + k + " more bits at bit " + bitPosition());
    }

    /**
     * Reads {@code k} bits as an unsigned value.
     *
     * @param k 1..56 (a refill guarantees at least 56 buffered bits)
     */
    public long read(int k) {
        if (bits < k) {
            refill();
            if (bits < k) {
                throw truncated(k);
            }
        }
        long v = cache >>> (64 - k);
        cache <<= k;
        bits -= k;
        return v;
    }

    /** Reads {@code k} bits, 0..64. */
    public long readLong(int k) {
        if (k <= 56) {
            return k == 0 ? 0 : read(k);
        }
        long hi = read(k - 32);
        return (hi << 32) | read(32);
    }

    /** Offset for error messages of the byte holding the next unread bit. */
    long reportOffset() {
        return reportBase + (bitPosition() >>> 3);
    }

    /** Reads one bit. */
    public boolean readBit() {
        return read(1) != 0;
    }

    /**
     * Number of consecutive zero bits at the read position, at most {@code max} (and at most the
     * bits buffered after one refill, so possibly fewer than exist); consumes nothing.
     */
    public int peekZeros(int max) {
        if (bits < max) {
            refill();
        }
        int z = Long.numberOfLeadingZeros(cache);
        return Math.min(z, Math.min(bits, max));
    }

    /** Consumes {@code k} bits already seen through {@link #peekZeros} (k ≤ buffered bits). */
    public void skip(int k) {
        if (k > bits) {
            throw new IllegalStateException("BUG: skip(" + k + ") beyond the " + bits + " buffered bits");
        }
        cache = k == 64 ? 0 : cache << k;
        bits -= k;
    }

    /** Bits consumed since the start of the range. */
    public long bitPosition() {
        return (long) (pos - start) * 8 - bits;
    }

    /**
     * Throws unless everything up to the end of the range has been read, apart from fewer than 8
     * zero padding bits.
     */
    public void expectEnd() {
        long left = (long) (end - pos) * 8 + bits;
        if (left >= 8) {
            throw new CorruptEncodingException(what, reportBase + ((bitPosition() + 7) >>> 3),
                    (left >>> 3) + " trailing bytes after the encoded values");
        }
        if (left > 0 && (cache >>> (64 - left)) != 0) {
            throw new CorruptEncodingException(what, reportBase + end - start - 1, "non-zero padding bits");
        }
    }
}
