package dev.sundial.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast non-cryptographic hash of a byte range for the decoding caches ({@link TokenStrings},
 * {@link SeriesCache}): 8 bytes per multiply, every byte counts (tokens of one file often differ only
 * in a digit in the middle: {@code server-0001-a}, {@code server-0002-a}). A collision only costs a
 * cache miss. Stateless and thread-safe.
 */
final class ByteHash {
    private ByteHash() {
    }

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static int hash(byte[] b, int off, int len) {
        long h = len * 0x9E3779B97F4A7C15L;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONG_LE.get(b, i)) * 0xBF58476D1CE4E5B9L;
        }
        if (i < end) {
            long w = len >= 8 ? (long) LONG_LE.get(b, end - 8) : tail(b, i, end);
            h = (h ^ w) * 0x94D049BB133111EBL;
        }
        return (int) (h ^ (h >>> 31) ^ (h >>> 47));
    }

    private static long tail(byte[] b, int from, int to) {
        long w = 0;
        for (int i = from; i < to; i++) {
            w = (w << 8) | (b[i] & 0xff);
        }
        return w;
    }
}
