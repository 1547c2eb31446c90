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

    /** One sized candidate transform; {@link #bytes} is the exact size of the body. */
    record Candidate(int mode, long first, long base, long g, long[] u, int from, int count, PatchedPacking.Plan plan,
                     long bytes) {
    }

    /** Writes the body (no id): the smallest of the three transforms. */
    static void encodeBody(long[] v, int n, ByteSink out) {
        writeBody(plan(v, n), out);
    }

    /** Writes a planned body (no id). */
    static void writeBody(Candidate best, ByteSink out) {
        out.writeByte(best.mode);
        if (best.mode != MODE_VALUES_FOR) {
            out.writeZigZag(best.first);
        }
        out.writeZigZag(best.base);
        out.writeVarLong(best.g);
        PatchedPacking.write(best.u, best.from, best.count, best.plan, out);
    }

    /** Sizes the three transforms of {@code v[0, n)} and returns the smallest. */
    static Candidate plan(long[] v, int n) {
        Candidate best = valuesFor(v, n);
        if (n >= 2) {
            long[] d = new long[n];
            for (int i = 1; i < n; i++) {
                d[i] = v[i] - v[i - 1];
            }
            Candidate c = deltaFor(v[0], d, n);
            if (c.bytes < best.bytes) {
                best = c;
            }
            c = deltaZigzag(v[0], d, n);
            if (c.bytes < best.bytes) {
                best = c;
            }
        }
        return best;
    }

    private static Candidate sized(int mode, long first, long base, long g, long[] u, int from, int count) {
        int[] hist = new int[65];
        PatchedPacking.histogram(u, from, count, hist);
        PatchedPacking.Plan plan = PatchedPacking.plan(hist, count);
        long bytes = 1 + (mode == MODE_VALUES_FOR ? 0 : ByteSink.zigZagSize(first)) + ByteSink.zigZagSize(base)
                + ByteSink.varLongSize(g) + plan.bytes();
        return new Candidate(mode, first, base, g, u, from, count, plan, bytes);
    }

    private static Candidate valuesFor(long[] v, int n) {
        long base = 0;
        if (n > 0) {
            base = v[0];
            for (int i = 1; i < n; i++) {
                base = Math.min(base, v[i]);
            }
        }
        long[] u = new long[n];
        for (int i = 0; i < n; i++) {
            u[i] = v[i] - base;
        }
        long g = ExactDivisor.gcdUnsigned(u, 0, n);
        divideUnsigned(u, 0, n, g);
        return sized(MODE_VALUES_FOR, 0, base, g, u, 0, n);
    }

    private static Candidate deltaFor(long first, long[] d, int n) {
        long base = d[1];
        for (int i = 2; i < n; i++) {
            base = Math.min(base, d[i]);
        }
        long[] u = new long[n];
        for (int i = 1; i < n; i++) {
            u[i] = d[i] - base;
        }
        long g = ExactDivisor.gcdUnsigned(u, 1, n);
        divideUnsigned(u, 1, n, g);
        return sized(MODE_DELTA_FOR, first, base, g, u, 1, n - 1);
    }

    private static Candidate deltaZigzag(long first, long[] d, int n) {
        long base = sampledMedian(d, 1, n);
        long[] u = new long[n];
        for (int i = 1; i < n; i++) {
            u[i] = d[i] - base;
        }
        long g = ExactDivisor.gcdSigned(u, 1, n);
        ExactDivisor div = g == 1 ? null : new ExactDivisor(g);
        for (int i = 1; i < n; i++) {
            long q = div == null ? u[i] : div.quotientSigned(u[i]);
            u[i] = (q << 1) ^ (q >> 63);
        }
        return sized(MODE_DELTA_ZIGZAG, first, base, g, u, 1, n - 1);
    }

    private static void divideUnsigned(long[] u, int from, int to, long g) {
        if (g != 1) {
            ExactDivisor div = new ExactDivisor(g);
            for (int i = from; i < to; i++) {
                u[i] = div.quotientUnsigned(u[i]);
            }
        }
    }

    /** Median of up to 33 evenly spaced elements of {@code a[from, to)}: a cheap robust center. */
    private static long sampledMedian(long[] a, int from, int to) {
        int count = to - from;
        int k = Math.min(33, count);
        long[] s = new long[k];
        for (int j = 0; j < k; j++) {
            s[j] = a[from + (int) ((long) j * count / k)];
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
