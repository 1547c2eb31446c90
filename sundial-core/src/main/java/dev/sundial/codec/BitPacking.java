package dev.sundial.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Fixed-width bit-packing of longs, least-significant bit first: value {@code i} of width {@code w}
 * occupies bits {@code [i*w, i*w+w)} of the little-endian bit stream (bit 0 = bit 0 of byte 0).
 * {@code n} values take exactly {@code ceil(n*w/8)} bytes; unused high bits of the last byte are
 * zero.
 *
 * <p>Decoding reads each value with one unaligned little-endian 8-byte load, a shift and a mask,
 * which needs {@code w ≤ 56} and 8 readable bytes; it may read (and mask away) bytes after the
 * packed area up to the caller's {@code limit}. Values near the limit and widths 57..64 take a
 * byte-wise path. Stateless and thread-safe.
 */
final class BitPacking {
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BitPacking() {
    }

    /** Bytes taken by {@code n} values of {@code w} bits. */
    static long packedBytes(long n, int w) {
        return (n * w + 7) >>> 3;
    }

    /** Bits needed to store {@code v} as unsigned (0 for 0). */
    static int bitsFor(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }

    static long mask(int w) {
        return w == 64 ? -1L : (1L << w) - 1;
    }

    /** Packs the low {@code w} bits of {@code src[from, from+n)}. */
    static void pack(long[] src, int from, int n, int w, ByteSink out) {
        if (w == 0 || n == 0) {
            return;
        }
        out.ensure((int) packedBytes(n, w) + 8);
        long m = mask(w);
        long acc = 0;
        int used = 0;
        for (int i = from, to = from + n; i < to; i++) {
            long v = src[i] & m;
            acc |= v << used;
            used += w;
            if (used >= 64) {
                out.writeLongLE(acc);
                used -= 64;
                int consumed = w - used;
                // consumed == 64 means v was taken whole (shift by 64 would be a no-op in Java)
                acc = consumed == 64 ? 0 : v >>> consumed;
            }
        }
        out.writeBytesLE(acc, (used + 7) >>> 3);
    }

    /**
     * Unpacks {@code n} values of {@code w} bits starting at byte {@code off} into {@code
     * dst[dstOff, dstOff+n)}. The caller has checked that {@code off + packedBytes(n, w) ≤ limit ≤
     * src.length}.
     */
    static void unpack(byte[] src, int off, int limit, long[] dst, int dstOff, int n, int w) {
        if (w == 0) {
            java.util.Arrays.fill(dst, dstOff, dstOff + n, 0L);
            return;
        }
        int i = 0;
        if (w <= 56) {
            long m = (1L << w) - 1;
            int room = limit - off - 8;
            int fast = room < 0 ? 0 : (int) Math.min(n, ((long) room * 8 + 7) / w + 1);
            int bp = 0;
            for (; i < fast; i++, bp += w) {
                dst[dstOff + i] = ((long) LE.get(src, off + (bp >>> 3)) >>> (bp & 7)) & m;
            }
        }
        for (; i < n; i++) {
            dst[dstOff + i] = readSlow(src, off, limit, (long) i * w, w);
        }
    }

    /** Reads one value of {@code w} bits at bit {@code bitPos} of the area starting at {@code off}. */
    static long read(byte[] src, int off, int limit, long bitPos, int w) {
        if (w == 0) {
            return 0;
        }
        int at = off + (int) (bitPos >>> 3);
        if (w <= 56 && at + 8 <= limit) {
            return ((long) LE.get(src, at) >>> (bitPos & 7)) & ((1L << w) - 1);
        }
        return readSlow(src, off, limit, bitPos, w);
    }

    private static long readSlow(byte[] src, int off, int limit, long bitPos, int w) {
        int at = off + (int) (bitPos >>> 3);
        int shift = (int) (bitPos & 7);
        int needBytes = (shift + w + 7) >>> 3; // up to 9
        long lo = 0;
        int k = 0;
        for (; k < needBytes && k < 8 && at + k < limit; k++) {
            lo |= (src[at + k] & 0xFFL) << (8 * k);
        }
        long v = lo >>> shift;
        if (needBytes == 9 && at + 8 < limit) {
            v |= (src[at + 8] & 0xFFL) << (64 - shift); // shift > 0 whenever 9 bytes are needed
        }
        return v & mask(w);
    }
}
