package dev.sundial.ingest;

import java.math.BigInteger;

/**
 * Correctly rounded conversion of {@code w * 10^q} (w an exact decimal mantissa of at most 19 digits)
 * to the nearest double, by the Eisel–Lemire method (D. Lemire, "Number Parsing at a Gigabyte per
 * Second", Software: Practice and Experience 51(8), 2021): multiply the normalized mantissa by a
 * 128-bit approximation of 5^q; when the product's bits that decide the rounding are not certain
 * (rare), give up and let the caller use {@link Double#parseDouble}.
 *
 * <p>The table of 128-bit powers of five is computed at class initialization with BigInteger: for
 * q ≥ 0 the top 128 bits of 5^q (truncated); for q &lt; 0 an upper bound of 2^b / 5^-q scaled to 128
 * bits (floor + 1), the form the method's error analysis assumes. Stateless and thread-safe.
 */
final class EiselLemire {
    private EiselLemire() {
    }

    static final int MIN_Q = -342;
    static final int MAX_Q = 308;

    /** hi, lo 64-bit halves of the 128-bit approximation of 5^q, at index 2 * (q - MIN_Q). */
    private static final long[] POW5 = new long[2 * (MAX_Q - MIN_Q + 1)];

    static {
        BigInteger two128 = BigInteger.ONE.shiftLeft(128);
        BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = MIN_Q; q <= MAX_Q; q++) {
            BigInteger c;
            if (q >= 0) {
                BigInteger p = BigInteger.valueOf(5).pow(q);
                int bits = p.bitLength();
                c = bits >= 128 ? p.shiftRight(bits - 128) : p.shiftLeft(128 - bits);
            } else {
                BigInteger p = BigInteger.valueOf(5).pow(-q);
                int z = p.bitLength(); // 2^(z-1) < 5^-q < 2^z (a power of five is never a power of two)
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                c = BigInteger.ONE.shiftLeft(b).divide(p).add(BigInteger.ONE);
                while (c.compareTo(two128) >= 0) {
                    c = c.shiftRight(1);
                }
            }
            int i = 2 * (q - MIN_Q);
            POW5[i] = c.shiftRight(64).longValue();
            POW5[i + 1] = c.and(mask64).longValue();
        }
    }

    /**
     * The double nearest to {@code w * 10^q} ({@code w} read as unsigned, not 0), negated when
     * {@code neg}; NaN when this method cannot decide (subnormal results, ambiguous products).
     */
    static double toDouble(long w, int q, boolean neg) {
        if (q < MIN_Q) {
            return neg ? -0.0 : 0.0; // w < 2^64 so w * 10^q < 1.9e-323 / 10 < half the smallest subnormal
        }
        if (q > MAX_Q) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        int i = 2 * (q - MIN_Q);
        long hi = Math.unsignedMultiplyHigh(w, POW5[i]);
        long lo = w * POW5[i];
        if ((hi & 0x1FF) == 0x1FF) {
            // The 9 bits below the 55 that matter are all ones: add the next 64 bits of 5^q.
            long hi2 = Math.unsignedMultiplyHigh(w, POW5[i + 1]);
            long sum = lo + hi2;
            if (Long.compareUnsigned(sum, lo) < 0) {
                hi++;
            }
            lo = sum;
        }
        if (lo == -1L && (q < -27 || q > 55)) {
            return Double.NaN; // the product may still be off by one in the deciding bits
        }
        int upper = (int) (hi >>> 63);
        long mantissa = hi >>> (upper + 9);
        // floor(q * log2(10)) + 63 with log2(10) ≈ 217706 / 2^16, exact for |q| ≤ 1500
        int power2 = ((217706 * q) >> 16) + 63 + upper - lz + 1023;
        if (power2 <= 0) {
            return Double.NaN; // subnormal: rare, left to Double.parseDouble
        }
        if (Long.compareUnsigned(lo, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && (mantissa << (upper + 9)) == hi) {
            mantissa &= ~1L; // exactly halfway: round to even, i.e. down here
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= (2L << 52)) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 >= 2047) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        long bits = mantissa | ((long) power2 << 52) | (neg ? Long.MIN_VALUE : 0L);
        return Double.longBitsToDouble(bits);
    }
}
