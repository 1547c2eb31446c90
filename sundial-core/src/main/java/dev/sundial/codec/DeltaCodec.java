package dev.sundial.codec;

import java.util.Arrays;

/**
 * Longs by delta or frame-of-reference, a common divisor, and patched bit-packing (codec id
 * {@link CodecId#DELTA}); also the integer stage of {@link DecimalCodec} and {@link
 * FloatAsIntCodec}. All arithmetic wraps modulo 2^64, so every input round-trips.
 *
 * <p>Three transforms are sized per chunk and the smallest is written:
 * <ul>
 * <li>mode 0, values FOR: {@code u[i] = (v[i] - base) / g}, base = min (suits values that jump
 *     around a level, e.g. counts);</li>
 * <li>mode 1, deltas FOR: {@code d[i] = v[i] - v[i-1]}, {@code u[i] = (d[i] - base) / g}, base =
 *     min delta (suits increasing timestamps);</li>
 * <li>mode 2, deltas zigzag: {@code u[i] = zigzag((d[i] - base) / g)}, base = a sampled median
 *     delta (suits random walks).</li>
 * </ul>
 * Byte layout in {@code docs/format/codec-delta.md}. Stateless and thread-safe.
 */
final class DeltaCodec {
    static final String WHAT = "delta longs";
    private static final int MODE_VALUES_FOR = 0;
    private static final int MODE_DELTA_FOR = 1;
    private static final int MODE_DELTA_ZIGZAG = 2;

    private DeltaCodec() {
    }

    /** Writes the codec id and the body. */
    static void encode(long[] v, int n, ByteSink out) {
        out.writeByte(CodecId.DELTA);
        encodeBody(v, n, out);
    }

    /**
     * One sized transform of {@code v[0, n)}; {@link #bytes} is the exact size of the body. The
     * transformed values are recomputed when the winner is written, so sizing allocates nothing.
     */
    record Candidate(int mode, long[] v, int n, long base, long g, PatchedPacking.Plan plan, long bytes) {
        long first() {
            return n > 0 ? v[0] : 0;
        }
    }

    /** Writes the body (no id): the smallest of the three transforms. */
    static void encodeBody(long[] v, int n, ByteSink out) {
        writeBody(plan(v, n), out);
    }

    /** Writes a planned body (no id). */
    static void writeBody(Candidate c, ByteSink out) {
        out.writeByte(c.mode);
        if (c.mode != MODE_VALUES_FOR && c.n > 0) {
            out.writeZigZag(c.first());
        }
        out.writeZigZag(c.base);
        out.writeVarLong(c.g);
        long[] v = c.v;
        int n = c.n;
        long base = c.base;
        ExactDivisor div = c.g == 1 ? null : new ExactDivisor(c.g);
        long[] u = new long[n];
        int from = c.mode == MODE_VALUES_FOR ? 0 : Math.min(1, n);
        for (int i = from; i < n; i++) {
            long t = (c.mode == MODE_VALUES_FOR ? v[i] : v[i] - v[i - 1]) - base;
            if (c.mode == MODE_DELTA_ZIGZAG) {
                long q = div == null ? t : div.quotientSigned(t);
                u[i] = (q << 1) ^ (q >> 63);
            } else {
                u[i] = div == null ? t : div.quotientUnsigned(t);
            }
        }
        PatchedPacking.write(u, from, n - from, c.plan, out);
    }

    /** Sizes the three transforms of {@code v[0, n)} and returns the smallest. */
    static Candidate plan(long[] v, int n) {
        Candidate best = valuesFor(v, n);
        if (n >= 2) {
            Candidate c = deltaFor(v, n);
            if (c.bytes < best.bytes) {
                best = c;
            }
            c = deltaZigzag(v, n);
            if (c.bytes < best.bytes) {
                best = c;
            }
        }
        return best;
    }

    private static Candidate sized(int mode, long[] v, int n, long base, long g, int[] hist, int count) {
        PatchedPacking.Plan plan = PatchedPacking.plan(hist, count);
        long bytes = 1 + (mode == MODE_VALUES_FOR || n == 0 ? 0 : ByteSink.zigZagSize(v[0])) + ByteSink.zigZagSize(base)
                + ByteSink.varLongSize(g) + plan.bytes();
        return new Candidate(mode, v, n, base, g, plan, bytes);
    }

    private static Candidate valuesFor(long[] v, int n) {
        long base = n > 0 ? v[0] : 0;
        for (int i = 1; i < n; i++) {
            base = Math.min(base, v[i]);
        }
        ExactDivisor.Accumulator acc = new ExactDivisor.Accumulator();
        for (int i = 0; i < n && acc.add(v[i] - base); i++) {
            // gcd of the offsets
        }
        long g = acc.gcd();
        int[] hist = PatchedPacking.histogram(n);
        if (g == 1) {
            for (int i = 0; i < n; i++) {
                hist[PatchedPacking.bucket(i, 64 - Long.numberOfLeadingZeros(v[i] - base))]++;
            }
        } else {
            ExactDivisor div = new ExactDivisor(g);
            for (int i = 0; i < n; i++) {
                hist[PatchedPacking.bucket(i, 64 - Long.numberOfLeadingZeros(div.quotientUnsigned(v[i] - base)))]++;
            }
        }
        return sized(MODE_VALUES_FOR, v, n, base, g, hist, n);
    }

    private static Candidate deltaFor(long[] v, int n) {
        long base = v[1] - v[0];
        for (int i = 2; i < n; i++) {
            base = Math.min(base, v[i] - v[i - 1]);
        }
        ExactDivisor.Accumulator acc = new ExactDivisor.Accumulator();
        for (int i = 1; i < n && acc.add(v[i] - v[i - 1] - base); i++) {
            // gcd of the offsets
        }
        long g = acc.gcd();
        int[] hist = PatchedPacking.histogram(n - 1);
        if (g == 1) {
            for (int i = 1; i < n; i++) {
                hist[PatchedPacking.bucket(i - 1, 64 - Long.numberOfLeadingZeros(v[i] - v[i - 1] - base))]++;
            }
        } else {
            ExactDivisor div = new ExactDivisor(g);
            for (int i = 1; i < n; i++) {
                hist[PatchedPacking.bucket(i - 1, 64 - Long.numberOfLeadingZeros(div.quotientUnsigned(v[i] - v[i - 1] - base)))]++;
            }
        }
        return sized(MODE_DELTA_FOR, v, n, base, g, hist, n - 1);
    }

    private static Candidate deltaZigzag(long[] v, int n) {
        long base = sampledMedianDelta(v, n);
        ExactDivisor.Accumulator acc = new ExactDivisor.Accumulator();
        for (int i = 1; i < n; i++) {
            long t = v[i] - v[i - 1] - base;
            if (!acc.add(t < 0 ? -t : t)) { // Long.MIN_VALUE stays 2^63 read as unsigned: right
                break;
            }
        }
        long g = acc.gcd();
        if (g <= 0 || g > (1L << 62)) {
            g = 1; // leave room for a signed quotient
        }
        int[] hist = PatchedPacking.histogram(n - 1);
        if (g == 1) {
            for (int i = 1; i < n; i++) {
                long q = v[i] - v[i - 1] - base;
                hist[PatchedPacking.bucket(i - 1, 64 - Long.numberOfLeadingZeros((q << 1) ^ (q >> 63)))]++;
            }
        } else {
            ExactDivisor div = new ExactDivisor(g);
            for (int i = 1; i < n; i++) {
                long q = div.quotientSigned(v[i] - v[i - 1] - base);
                hist[PatchedPacking.bucket(i - 1, 64 - Long.numberOfLeadingZeros((q << 1) ^ (q >> 63)))]++;
            }
        }
        return sized(MODE_DELTA_ZIGZAG, v, n, base, g, hist, n - 1);
    }

    /** Median of up to 33 evenly spaced deltas of {@code v[0, n)}, n ≥ 2: a cheap robust center. */
    private static long sampledMedianDelta(long[] v, int n) {
        int count = n - 1;
        int k = Math.min(33, count);
        long[] s = new long[k];
        for (int j = 0; j < k; j++) {
            int i = 1 + (int) ((long) j * count / k);
            s[j] = v[i] - v[i - 1];
        }
        Arrays.sort(s);
        return s[k / 2];
    }

    /** Reads a body (after the id) of {@code n} values into {@code dst[0, n)}. */
    static void decodeBody(ByteCursor in, long[] dst, int n) {
        int modeAt = in.pos;
        int mode = in.readByte();
        if (mode > MODE_DELTA_ZIGZAG) {
            throw in.corruptAt(modeAt, "unknown delta mode " + mode);
        }
        long first = 0;
        if (mode != MODE_VALUES_FOR && n > 0) {
            first = in.readZigZag();
        }
        long base = in.readZigZag();
        int gAt = in.pos;
        long g = in.readVarLong();
        if (g == 0) {
            throw in.corruptAt(gAt, "divisor 0");
        }
        if (mode == MODE_VALUES_FOR) {
            PatchedPacking.read(in, dst, 0, n);
            for (int i = 0; i < n; i++) {
                dst[i] = base + g * dst[i];
            }
            return;
        }
        if (n == 0) {
            PatchedPacking.read(in, dst, 0, 0);
            return;
        }
        PatchedPacking.read(in, dst, 1, n - 1);
        dst[0] = first;
        long acc = first;
        if (mode == MODE_DELTA_FOR) {
            for (int i = 1; i < n; i++) {
                acc += base + g * dst[i];
                dst[i] = acc;
            }
        } else {
            for (int i = 1; i < n; i++) {
                long u = dst[i];
                acc += base + g * ((u >>> 1) ^ -(u & 1));
                dst[i] = acc;
            }
        }
    }

    /** Decodes a whole block (id included) of {@code n} values. */
    static void decode(byte[] src, int off, int len, long[] dst, int n) {
        ByteCursor in = new ByteCursor(src, off, len, WHAT);
        int id = in.readByte();
        if (id != CodecId.DELTA) {
            throw in.corruptAt(off, "codec id " + CodecId.name(id) + " is not " + CodecId.name(CodecId.DELTA));
        }
        decodeBody(in, dst, n);
        in.expectEnd();
    }
}
