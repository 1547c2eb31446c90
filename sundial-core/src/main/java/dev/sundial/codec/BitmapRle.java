package dev.sundial.codec;

/**
 * The two shapes a sequence of booleans takes, shared by {@link BooleanCodec} and {@link
 * PresenceBitmap}: a bitmap ({@code ceil(n/8)} bytes, LSB-first, padding bits zero) or run lengths
 * (first value as one byte 0/1, then the lengths of the alternating runs as varints, each ≥ 1,
 * summing to n). Stateless and thread-safe.
 */
final class BitmapRle {
    private BitmapRle() {
    }

    static long bitmapBytes(int n) {
        return (n + 7L) >>> 3;
    }

    /** Exact size of the run-length form. */
    static long rleBytes(boolean[] v, int n) {
        if (n == 0) {
            return 1;
        }
        long bytes = 1;
        int run = 1;
        for (int i = 1; i < n; i++) {
            if (v[i] == v[i - 1]) {
                run++;
            } else {
                bytes += ByteSink.varLongSize(run);
                run = 1;
            }
        }
        return bytes + ByteSink.varLongSize(run);
    }

    static void writeBitmap(boolean[] v, int n, ByteSink out) {
        out.ensure((int) bitmapBytes(n));
        for (int i = 0; i < n; i += 8) {
            int b = 0;
            for (int k = 0, m = Math.min(8, n - i); k < m; k++) {
                b |= (v[i + k] ? 1 : 0) << k;
            }
            out.writeByte(b);
        }
    }

    static void writeRle(boolean[] v, int n, ByteSink out) {
        out.writeByte(n > 0 && v[0] ? 1 : 0);
        if (n == 0) {
            return;
        }
        int run = 1;
        for (int i = 1; i < n; i++) {
            if (v[i] == v[i - 1]) {
                run++;
            } else {
                out.writeVarLong(run);
                run = 1;
            }
        }
        out.writeVarLong(run);
    }

    /** Reads a bitmap of n bits at the cursor; returns the number of true bits. */
    static int readBitmap(ByteCursor in, boolean[] dst, int n) {
        long bytes = bitmapBytes(n);
        in.need(bytes, n + " bits");
        byte[] src = in.src;
        int p = in.pos;
        int ones = 0;
        int full = n >>> 3;
        for (int j = 0; j < full; j++) {
            int b = src[p + j];
            ones += Integer.bitCount(b & 0xFF);
            int i = j << 3;
            dst[i] = (b & 1) != 0;
            dst[i + 1] = (b & 2) != 0;
            dst[i + 2] = (b & 4) != 0;
            dst[i + 3] = (b & 8) != 0;
            dst[i + 4] = (b & 16) != 0;
            dst[i + 5] = (b & 32) != 0;
            dst[i + 6] = (b & 64) != 0;
            dst[i + 7] = (b & 128) != 0;
        }
        int rest = n & 7;
        if (rest != 0) {
            int b = src[p + full] & 0xFF;
            if ((b >>> rest) != 0) {
                throw in.corruptAt(p + full, "non-zero padding bits after bit " + n);
            }
            ones += Integer.bitCount(b);
            for (int k = 0; k < rest; k++) {
                dst[(full << 3) + k] = ((b >>> k) & 1) != 0;
            }
        }
        in.pos += (int) bytes;
        return ones;
    }

    /** Reads the run-length form of n values at the cursor; returns the number of true values. */
    static int readRle(ByteCursor in, boolean[] dst, int n) {
        int firstAt = in.pos;
        int first = in.readByte();
        if (first > 1) {
            throw in.corruptAt(firstAt, "first value byte " + first + " is not 0 or 1");
        }
        boolean cur = first == 1;
        int i = 0;
        int ones = 0;
        while (i < n) {
            int run = in.readVarInt(1, n - i, "run length");
            java.util.Arrays.fill(dst, i, i + run, cur);
            if (cur) {
                ones += run;
            }
            i += run;
            cur = !cur;
        }
        return ones;
    }
}
