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
 * The encoder picks {@code b} minimizing the total size from a histogram of bit lengths. See
 * {@code docs/format/codec-delta.md}. Stateless and thread-safe.
 */
final class PatchedPacking {
    private PatchedPacking() {
    }

    /** What {@link #plan} chose. */
    record Plan(int width, int exceptions, int highWidth, long bytes) {
    }

    /** Adds the bit lengths of {@code u[from, from+n)} to {@code hist} (65 buckets). */
    static void histogram(long[] u, int from, int n, int[] hist) {
        for (int i = from, to = from + n; i < to; i++) {
            hist[64 - Long.numberOfLeadingZeros(u[i])]++;
        }
    }

    /** Chooses the width minimizing the encoded size for values with bit-length histogram {@code hist}. */
    static Plan plan(int[] hist, int n) {
        int maxLen = 64;
        while (maxLen > 0 && hist[maxLen] == 0) {
            maxLen--;
        }
        int posWidth = BitPacking.bitsFor(Math.max(0, n - 1));
        Plan best = null;
        int above = 0; // values longer than b
        for (int b = maxLen; b >= 0; b--) {
            if (b < maxLen) {
                above += hist[b + 1];
            }
            int h = maxLen - b;
            long bytes = 1 + ByteSink.varLongSize(above) + BitPacking.packedBytes(n, b);
            if (above > 0) {
                bytes += 1 + BitPacking.packedBytes(above, posWidth) + BitPacking.packedBytes(above, h);
            }
            if (best == null || bytes < best.bytes) {
                best = new Plan(b, above, above > 0 ? h : 0, bytes);
            }
        }
        return best;
    }

    /** Writes {@code u[from, from+n)} as planned. */
    static void write(long[] u, int from, int n, Plan p, ByteSink out) {
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
        int[] hist = new int[65];
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
