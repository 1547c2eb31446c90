package dev.sundial.codec;

/**
 * Patched bit-packing (PFOR): {@code n} unsigned longs packed at one width {@code b}, where the few
 * values that do not fit keep their low {@code b} bits in place and store their high bits, with
 * their position, in an exception list. So a handful of outliers do not widen the whole chunk.
 *
 * <pre>
 * u8      b          width of the packed values, 0..64
 * varint  E          number of exceptions, 0..n
 * u8      h          (only if E &gt; 0) width of the high parts, 1..64-b
 * bytes   packed     n values × b bits, LSB-first ({@link BitPacking}), ceil(n*b/8) bytes
 * bytes   positions  (only if E &gt; 0) E × p bits, p = bitsFor(n-1), strictly increasing, &lt; n
 * bytes   highs      (only if E &gt; 0) E × h bits: value = low | high &lt;&lt; b
 * </pre>
 *
 * Or, when smaller, the miniblock form: the byte {@code 0xFF}, then one such block per 256
 * values (the last one shorter), each with its own width: a full-precision random walk changes
 * binade, and so delta width, within a chunk. Only for n &gt; 256; blocks do not nest.
 *
 * The encoder picks the layout and widths minimizing the total size from histograms of bit lengths. See
 * {@code docs/format/codec-delta.md}. Stateless and thread-safe.
 */
final class PatchedPacking {
    private PatchedPacking() {
    }

    /** Values per miniblock: small enough to follow a walk across binades, large enough that a width byte is cheap. */
    static final int BLOCK = 256;
    /** First byte of the miniblock form (never a valid width). */
    static final int MINIBLOCKS = 0xFF;

    /** What {@link #plan} chose; {@code blocks} is null for the single-block form. */
    record Plan(int width, int exceptions, int highWidth, long bytes, Plan[] blocks) {
    }

    /** A histogram for {@code count} values: 65 bit-length buckets per miniblock. */
    static int[] histogram(int count) {
        return new int[Math.max(1, (count + BLOCK - 1) / BLOCK) * 65];
    }

    /** Bucket of value {@code k} (0-based in the sequence) with bit length {@code bits}. */
    static int bucket(int k, int bits) {
        return (k >>> 8) * 65 + bits;
    }

    /** Adds the bit lengths of {@code u[from, from+n)} to a histogram from {@link #histogram(int)}. */
    static void histogram(long[] u, int from, int n, int[] hist) {
        for (int k = 0; k < n; k++) {
            hist[bucket(k, 64 - Long.numberOfLeadingZeros(u[from + k]))]++;
        }
    }

    /**
     * Chooses the layout minimizing the encoded size of {@code n} values with the per-miniblock
     * bit-length histogram {@code hist}: one width for all, or one width per miniblock of 256.
     */
    static Plan plan(int[] hist, int n) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        int[] all = new int[65];
        for (int j = 0; j < blocks; j++) {
            for (int b = 0; b <= 64; b++) {
                all[b] += hist[j * 65 + b];
            }
        }
        Plan single = planOne(all, 0, n);
        if (blocks <= 1) {
            return single;
        }
        Plan[] parts = new Plan[blocks];
        long bytes = 1;
        for (int j = 0; j < blocks; j++) {
            parts[j] = planOne(hist, j * 65, Math.min(BLOCK, n - j * BLOCK));
            bytes += parts[j].bytes;
        }
        return bytes < single.bytes ? new Plan(-1, -1, -1, bytes, parts) : single;
    }

    private static Plan planOne(int[] hist, int at, int n) {
        int maxLen = 64;
        while (maxLen > 0 && hist[at + maxLen] == 0) {
            maxLen--;
        }
        int posWidth = BitPacking.bitsFor(Math.max(0, n - 1));
        Plan best = null;
        int above = 0; // values longer than b
        for (int b = maxLen; b >= 0; b--) {
            if (b < maxLen) {
                above += hist[at + b + 1];
            }
            int h = maxLen - b;
            long bytes = 1 + ByteSink.varLongSize(above) + BitPacking.packedBytes(n, b);
            if (above > 0) {
                bytes += 1 + BitPacking.packedBytes(above, posWidth) + BitPacking.packedBytes(above, h);
            }
            if (best == null || bytes < best.bytes) {
                best = new Plan(b, above, above > 0 ? h : 0, bytes, null);
            }
        }
        return best;
    }

    /** Writes {@code u[from, from+n)} as planned. */
    static void write(long[] u, int from, int n, Plan p, ByteSink out) {
        if (p.blocks() != null) {
            out.writeByte(MINIBLOCKS);
            for (int j = 0; j < p.blocks().length; j++) {
                writeOne(u, from + j * BLOCK, Math.min(BLOCK, n - j * BLOCK), p.blocks()[j], out);
            }
        } else {
            writeOne(u, from, n, p, out);
        }
    }

    private static void writeOne(long[] u, int from, int n, Plan p, ByteSink out) {
        int b = p.width();
        out.writeByte(b);
        out.writeVarLong(p.exceptions());
        if (p.exceptions() == 0) {
            BitPacking.pack(u, from, n, b, out);
            return;
        }
        out.writeByte(p.highWidth());
        BitPacking.pack(u, from, n, b, out); // pack() keeps only the low b bits
        long[] pos = new long[p.exceptions()];
        long[] high = new long[p.exceptions()];
        int e = 0;
        for (int i = 0; i < n; i++) {
            long hi = u[from + i] >>> b; // b < 64 whenever there are exceptions
            if (hi != 0) {
                pos[e] = i;
                high[e++] = hi;
            }
        }
        if (e != p.exceptions()) {
            throw new IllegalStateException("BUG: planned " + p.exceptions() + " exceptions, found " + e);
        }
        BitPacking.pack(pos, 0, e, BitPacking.bitsFor(Math.max(0, n - 1)), out);
        BitPacking.pack(high, 0, e, p.highWidth(), out);
    }

    /** Plans and writes; returns the plan. */
    static Plan encode(long[] u, int from, int n, ByteSink out) {
        int[] hist = histogram(n);
        histogram(u, from, n, hist);
        Plan p = plan(hist, n);
        write(u, from, n, p, out);
        return p;
    }

    /**
     * Reads {@code n} values into {@code dst[dstOff, dstOff+n)}, validating before reading. Returns
     * true when every value is zero by construction (width 0, no exceptions).
     */
    static boolean read(ByteCursor in, long[] dst, int dstOff, int n) {
        if (in.remaining() > 0 && (in.src[in.pos] & 0xFF) == MINIBLOCKS && n > BLOCK) {
            in.pos++;
            boolean zero = true;
            for (int j = 0; j * BLOCK < n; j++) {
                zero &= readOne(in, dst, dstOff + j * BLOCK, Math.min(BLOCK, n - j * BLOCK));
            }
            return zero;
        }
        return readOne(in, dst, dstOff, n);
    }

    private static boolean readOne(ByteCursor in, long[] dst, int dstOff, int n) {
        int b = in.readByte();
        if (b > 64) {
            throw in.corruptAt(in.pos - 1, "bit width " + b + " > 64");
        }
        int e = in.readVarInt(0, n, "exception count");
        int h = 0;
        if (e > 0) {
            h = in.readByte();
            if (h < 1 || b + h > 64) {
                throw in.corruptAt(in.pos - 1, "exception width " + h + " with bit width " + b + " outside [1, 64-b]");
            }
        }
        int posWidth = BitPacking.bitsFor(Math.max(0, n - 1));
        long mainBytes = BitPacking.packedBytes(n, b);
        long posBytes = BitPacking.packedBytes(e, posWidth);
        long total = mainBytes + posBytes + BitPacking.packedBytes(e, h);
        in.need(total, n + " values of " + b + " bits with " + e + " exceptions");
        int main = in.pos;
        BitPacking.unpack(in.src, main, in.end, dst, dstOff, n, b);
        if (e > 0) {
            int posOff = main + (int) mainBytes;
            int highOff = posOff + (int) posBytes;
            int prev = -1;
            for (int j = 0; j < e; j++) {
                long p = BitPacking.read(in.src, posOff, in.end, (long) j * posWidth, posWidth);
                if (p <= prev || p >= n) {
                    throw in.corruptAt(posOff, "exception position " + p + " not increasing or >= " + n);
                }
                prev = (int) p;
                dst[dstOff + prev] |= BitPacking.read(in.src, highOff, in.end, (long) j * h, h) << b;
            }
        }
        in.pos += (int) total;
        return b == 0 && e == 0;
    }
}
