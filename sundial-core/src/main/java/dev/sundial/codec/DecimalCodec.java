package dev.sundial.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decimal-aware doubles, in the spirit of ALP (Afroozeh et al., SIGMOD 2023) (codec id {@link
 * CodecId#DECIMAL}): one exponent {@code e} per chunk such that most values are short decimals
 * {@code v = m / 10^e}; the integers {@code m} go through {@link DeltaCodec} (delta or
 * frame-of-reference, common divisor, patched bit-packing). Values that do not come back
 * bit-identical (more digits than {@code e}, NaN, -0.0, infinities, |m| beyond 2^63) are
 * exceptions stored as raw bits, so the codec is lossless for any input.
 *
 * <p>The check and the decoder use one and the same formula, {@code (double) m / 10^e} with
 * {@code m = Math.round(v * 10^e)} and {@code 10^e} an exact double (e ≤ 18 &lt; 22): a value is
 * coded as {@code m} only if that formula gives back its exact bits. Division (not multiplication
 * by 10^-e, which is inexact) makes every decimal with at most e digits after the point and fewer
 * than 16 significant digits round-trip, because IEEE division is correctly rounded.
 *
 * <p>Exception slots hold the previous value's {@code m}, so they cost nothing in the deltas.
 * Byte layout in {@code docs/format/codec-decimal.md}. Stateless and thread-safe.
 */
final class DecimalCodec {
    static final String WHAT = "decimal doubles";
    static final int MAX_EXPONENT = 18;
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final double[] POW10 = new double[MAX_EXPONENT + 1];
    /** Values sampled to pick the exponent: enough for 1% resolution, a small cost per chunk. */
    private static final int SAMPLE = 256;

    static {
        double p = 1;
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            POW10[e] = p; // exact: 10^e < 2^53 * 2^e fits a double exactly up to 10^22
            p *= 10;
        }
    }

    private DecimalCodec() {
    }

    /** What {@link #plan} chose: the exponent, the exception positions, the planned integers. */
    record Plan(int n, int exponent, int[] exceptionPositions, int exceptionCount, DeltaCodec.Candidate ints, long bytes) {
    }

    /** Smallest e in [0, 18] for which {@code v} round-trips, or 19 if none. */
    static int minExponent(double v) {
        long bits = Double.doubleToRawLongBits(v);
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            if (Double.doubleToRawLongBits((double) Math.round(v * POW10[e]) / POW10[e]) == bits) {
                return e;
            }
        }
        return MAX_EXPONENT + 1;
    }

    /**
     * Plans the encoding of {@code v[0, n)}, or returns null when a sample shows that fewer than half
     * of the values are short decimals (the codec would lose to the others).
     */
    static Plan plan(double[] v, int n) {
        int s = Math.min(n, SAMPLE);
        int[] hist = new int[MAX_EXPONENT + 2];
        for (int j = 0; j < s; j++) {
            hist[minExponent(v[(int) ((long) j * n / Math.max(1, s))])]++;
        }
        int decimals = s - hist[MAX_EXPONENT + 1];
        if (n > 0 && decimals * 2 < s) {
            return null;
        }
        // Candidates: the exponent covering every sampled decimal, and those covering 95% / 80% of
        // them: one more digit costs ~3.3 bits on every value, an exception ~76 bits on one.
        int eAll = 0;
        int e95 = -1;
        int e80 = -1;
        int cum = 0;
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            cum += hist[e];
            if (hist[e] > 0) {
                eAll = e;
            }
            if (e80 < 0 && cum * 10L >= decimals * 8L) {
                e80 = e;
            }
            if (e95 < 0 && cum * 100L >= decimals * 95L) {
                e95 = e;
            }
        }
        Plan best = planAt(v, n, eAll);
        if (e95 >= 0 && e95 != eAll) {
            Plan p = planAt(v, n, e95);
            if (p.bytes < best.bytes) {
                best = p;
            }
        }
        if (e80 >= 0 && e80 != e95 && e80 != eAll) {
            Plan p = planAt(v, n, e80);
            if (p.bytes < best.bytes) {
                best = p;
            }
        }
        return best;
    }

    /** Encodes with this codec even where it does not pay (tests, benchmarks). */
    static byte[] encode(double[] v, int n) {
        Plan p = plan(v, n);
        if (p == null) {
            p = planAt(v, n, 0);
        }
        ByteSink out = new ByteSink((int) p.bytes() + 1);
        write(p, v, out);
        return out.toByteArray();
    }

    private static Plan planAt(double[] v, int n, int e) {
        double p = POW10[e];
        long[] m = new long[n];
        int[] exc = new int[16];
        int count = 0;
        long prev = 0;
        boolean seen = false;
        for (int i = 0; i < n; i++) {
            double x = v[i];
            long mi = Math.round(x * p);
            if (Double.doubleToRawLongBits((double) mi / p) == Double.doubleToRawLongBits(x)) {
                if (!seen) {
                    // leading exceptions take the first good m, so they add nothing to the deltas
                    for (int k = 0; k < count; k++) {
                        m[exc[k]] = mi;
                    }
                    seen = true;
                }
                m[i] = mi;
                prev = mi;
            } else {
                if (count == exc.length) {
                    exc = java.util.Arrays.copyOf(exc, count * 2);
                }
                exc[count++] = i;
                m[i] = prev;
            }
        }
        DeltaCodec.Candidate ints = DeltaCodec.plan(m, n);
        long bytes = 2 + ByteSink.varLongSize(count)
                + BitPacking.packedBytes(count, BitPacking.bitsFor(Math.max(0, n - 1))) + 8L * count + ints.bytes();
        return new Plan(n, e, exc, count, ints, bytes);
    }

    static void write(Plan plan, double[] v, ByteSink out) {
        out.writeByte(CodecId.DECIMAL);
        out.writeByte(plan.exponent);
        int count = plan.exceptionCount;
        out.writeVarLong(count);
        if (count > 0) {
            long[] pos = new long[count];
            for (int k = 0; k < count; k++) {
                pos[k] = plan.exceptionPositions[k];
            }
            BitPacking.pack(pos, 0, count, BitPacking.bitsFor(Math.max(0, plan.n - 1)), out);
            for (int k = 0; k < count; k++) {
                out.writeLongLE(Double.doubleToRawLongBits(v[plan.exceptionPositions[k]]));
            }
        }
        DeltaCodec.writeBody(plan.ints, out);
    }

    static void decode(byte[] src, int off, int len, double[] dst, int n) {
        ByteCursor in = new ByteCursor(src, off, len, WHAT);
        int id = in.readByte();
        if (id != CodecId.DECIMAL) {
            throw in.corruptAt(off, "codec id " + CodecId.name(id) + " is not " + CodecId.name(CodecId.DECIMAL));
        }
        int e = in.readByte();
        if (e > MAX_EXPONENT) {
            throw in.corruptAt(in.pos - 1, "exponent " + e + " > " + MAX_EXPONENT);
        }
        int count = in.readVarInt(0, n, "exception count");
        int posWidth = BitPacking.bitsFor(Math.max(0, n - 1));
        long posBytes = BitPacking.packedBytes(count, posWidth);
        in.need(posBytes + 8L * count, count + " exceptions");
        int posOff = in.pos;
        int rawOff = posOff + (int) posBytes;
        in.pos = rawOff + 8 * count;
        long[] m = DecodeScratch.longs(n);
        DeltaCodec.decodeBody(in, m, n);
        in.expectEnd();
        double p = POW10[e];
        for (int i = 0; i < n; i++) {
            dst[i] = (double) m[i] / p;
        }
        int prev = -1;
        for (int k = 0; k < count; k++) {
            long at = BitPacking.read(src, posOff, rawOff, (long) k * posWidth, posWidth);
            if (at <= prev || at >= n) {
                throw in.corruptAt(posOff, "exception position " + at + " not increasing or >= " + n);
            }
            prev = (int) at;
            dst[prev] = Double.longBitsToDouble((long) LE.get(src, rawOff + 8 * k));
        }
    }
}
