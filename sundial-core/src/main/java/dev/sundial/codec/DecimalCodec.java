package dev.sundial.codec;

/**
 * Decimal-aware doubles, in the spirit of ALP (Afroozeh et al., SIGMOD 2023) (codec id {@link
 * CodecId#DECIMAL}): one exponent {@code e} per chunk such that values are (close to) short
 * decimals {@code m / 10^e}. The integers {@code m} go through {@link DeltaCodec} (delta or
 * frame-of-reference, common divisor, patched bit-packing); a second stream holds, per value, the
 * difference between its raw IEEE bits and those of {@code (double) m / 10^e}, zigzagged and
 * patched-bit-packed. That correction is zero for true short decimals (the stream then costs two
 * bytes), a few ulps for values printed from floating-point arithmetic ({@code
 * 51.846000000000004} = 51.846 + 1 ulp), and the whole difference for anything else (NaN, -0.0,
 * infinities): so the codec is lossless for any input.
 *
 * <p>Decoding is {@code bits((double) m / 10^e) + correction}, with {@code 10^e} an exact double
 * (e ≤ 18 &lt; 22) and IEEE division correctly rounded, so every decimal with at most e digits after
 * the point and at most 15 significant digits comes back with a zero correction. The encoder
 * computes corrections with exactly this formula. A value whose correction from its own {@code
 * m} would exceed 2^20 keeps the previous {@code m} (so NaNs and infinities do not disturb the
 * deltas) and carries its full difference as a correction.
 *
 * <p>Byte layout in {@code docs/format/codec-decimal.md}. Stateless and thread-safe.
 */
final class DecimalCodec {
    static final String WHAT = "decimal doubles";
    static final int MAX_EXPONENT = 18;
    private static final double[] POW10 = new double[MAX_EXPONENT + 1];
    /** Values sampled to pick the exponent: ~1% resolution at a small cost per chunk. */
    private static final int SAMPLE = 128;
    /** Prefix on which competing exponents are sized before the winner is planned in full. */
    private static final int PROBE = 512;
    /** Sampled values within this many ulps of a decimal count as decimals when picking e. */
    private static final int NEAR_ULPS = 3;
    /** Corrections beyond this keep the previous m instead (see class comment). */
    private static final long MAX_OWN_CORRECTION = 1L << 20;

    static {
        double p = 1;
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            POW10[e] = p; // exact: every 10^e up to 10^22 is a double
            p *= 10;
        }
    }

    private DecimalCodec() {
    }

    /** What {@link #plan} chose. */
    record Plan(int exponent, DeltaCodec.Candidate ints, long[] corrections, PatchedPacking.Plan correctionPlan,
                long bytes) {
    }

    /** The decoder's formula: bits of {@code m / 10^e}. */
    private static long approxBits(long m, double p) {
        return Double.doubleToRawLongBits((double) m / p);
    }

    /**
     * Smallest e in [0, 18] at which {@code v} is m / 10^e exactly with |m| &lt; 2^53, or within
     * {@link #NEAR_ULPS} ulps with |m| &lt; 2^50: a decimal grid finer than the doubles' own would
     * make every double a "decimal" with a 17-digit m. 19 if none.
     */
    static int minExponent(double v) {
        long bits = Double.doubleToRawLongBits(v);
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            long m = Math.round(v * POW10[e]);
            long c = bits - approxBits(m, POW10[e]);
            long mag = m < 0 ? -m : m;
            if ((c == 0 && mag < (1L << 53)) || (c >= -NEAR_ULPS && c <= NEAR_ULPS && mag < (1L << 50))) {
                return e;
            }
        }
        return MAX_EXPONENT + 1;
    }

    /**
     * Plans the encoding of {@code v[0, n)}, or returns null when a sample shows that fewer than half
     * of the values are near short decimals (the codec would lose to the others).
     */
    static Plan plan(double[] v, int n) {
        // a first look at 32 values rules out non-decimal chunks at a tenth of the sampling cost
        int quick = Math.min(n, 32);
        int misses = 0;
        for (int j = 0; j < quick; j++) {
            misses += minExponent(v[(int) ((long) j * n / quick)]) > MAX_EXPONENT ? 1 : 0;
        }
        if (misses * 2 > quick) {
            return null;
        }
        int s = Math.min(n, SAMPLE);
        int[] hist = new int[MAX_EXPONENT + 2];
        for (int j = 0; j < s; j++) {
            hist[minExponent(v[(int) ((long) j * n / s)])]++;
        }
        int decimals = s - hist[MAX_EXPONENT + 1];
        if (n > 0 && decimals * 2 < s) {
            return null;
        }
        // Candidates: the exponent covering every sampled decimal, and those covering 95% / 80% of
        // them: one more digit costs ~3.3 bits on every value, an outlier tens of bits on one.
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
        int[] candidates = {eAll, e95 >= 0 ? e95 : eAll, e80 >= 0 ? e80 : eAll};
        // several candidates: size them on a prefix and plan only the winner in full
        int probe = n > 2 * PROBE ? PROBE : n;
        Plan best = null;
        for (int k = 0; k < candidates.length; k++) {
            int e = candidates[k];
            if (k > 0 && (e == candidates[0] || e == candidates[k - 1])) {
                continue;
            }
            Plan p = planAt(v, probe, e);
            if (best == null || p.bytes < best.bytes) {
                best = p;
            }
        }
        if (probe < n) {
            best = planAt(v, n, best.exponent);
        }
        return best;
    }

    static Plan planAt(double[] v, int n, int e) {
        double p = POW10[e];
        long[] m = new long[n];
        long[] corr = new long[n];
        int[] far = new int[16]; // positions that keep a neighbour's m
        int farCount = 0;
        long prev = 0;
        boolean seen = false;
        for (int i = 0; i < n; i++) {
            double x = v[i];
            long mi = Math.round(x * p);
            long c = Double.doubleToRawLongBits(x) - approxBits(mi, p);
            if (c >= -MAX_OWN_CORRECTION && c <= MAX_OWN_CORRECTION) {
                if (!seen) {
                    for (int k = 0; k < farCount; k++) {
                        m[far[k]] = mi; // leading outliers take the first good m
                    }
                    seen = true;
                }
                m[i] = mi;
                corr[i] = c;
                prev = mi;
            } else {
                if (farCount == far.length) {
                    far = java.util.Arrays.copyOf(far, farCount * 2);
                }
                far[farCount++] = i;
                m[i] = prev;
            }
        }
        for (int k = 0; k < farCount; k++) {
            int i = far[k];
            corr[i] = Double.doubleToRawLongBits(v[i]) - approxBits(m[i], p);
        }
        int[] hist = PatchedPacking.histogram(n);
        for (int i = 0; i < n; i++) {
            long c = corr[i];
            c = (c << 1) ^ (c >> 63);
            corr[i] = c;
            hist[PatchedPacking.bucket(i, 64 - Long.numberOfLeadingZeros(c))]++;
        }
        PatchedPacking.Plan cp = PatchedPacking.plan(hist, n);
        DeltaCodec.Candidate ints = DeltaCodec.plan(m, n);
        return new Plan(e, ints, corr, cp, 2 + ints.bytes() + cp.bytes());
    }

    /** Encodes with this codec even where it does not pay (tests, benchmarks). */
    static byte[] encode(double[] v, int n) {
        Plan p = plan(v, n);
        if (p == null) {
            p = planAt(v, n, 0);
        }
        ByteSink out = new ByteSink((int) p.bytes() + 1);
        write(p, out);
        return out.toByteArray();
    }

    static void write(Plan plan, ByteSink out) {
        out.writeByte(CodecId.DECIMAL);
        out.writeByte(plan.exponent);
        DeltaCodec.writeBody(plan.ints, out);
        PatchedPacking.write(plan.corrections, 0, plan.corrections.length, plan.correctionPlan, out);
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
        long[] m = DecodeScratch.longs(n);
        DeltaCodec.decodeBody(in, m, n);
        long[] corr = DecodeScratch.moreLongs(n);
        // the usual case, all corrections zero (width 0, no exceptions): skip filling zeros
        boolean exact = in.remaining() >= 2 && in.src[in.pos] == 0 && in.src[in.pos + 1] == 0;
        if (exact) {
            in.pos += 2;
        } else {
            exact = PatchedPacking.read(in, corr, 0, n);
        }
        in.expectEnd();
        double p = POW10[e];
        if (exact) {
            for (int i = 0; i < n; i++) {
                dst[i] = (double) m[i] / p;
            }
        } else {
            for (int i = 0; i < n; i++) {
                long c = corr[i];
                dst[i] = Double.longBitsToDouble(Double.doubleToRawLongBits((double) m[i] / p) + ((c >>> 1) ^ -(c & 1)));
            }
        }
    }
}
