package dev.sundial.codec;

/**
 * Division by a divisor {@code g} that is known to divide the dividend exactly, done with one
 * multiplication by the inverse of g's odd part modulo 2^64 (exact division, Granlund &amp;
 * Montgomery 1994), plus greatest common divisors of whole arrays. Encoders use it to factor a
 * common step (e.g. 10^9 between nanosecond timestamps taken each second) out of deltas.
 * Immutable, thread-safe.
 */
final class ExactDivisor {
    final long divisor;
    private final int shift;
    private final long inverse;
    /** Largest unsigned quotient by the odd part: {@code (2^64-1) / odd}. */
    private final long maxQuotient;

    ExactDivisor(long divisor) {
        if (divisor == 0) {
            throw new IllegalStateException("BUG: divisor 0");
        }
        this.divisor = divisor;
        this.shift = Long.numberOfTrailingZeros(divisor);
        long odd = divisor >>> shift;
        long x = odd; // correct to 3 bits for odd numbers; each Newton step doubles that
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        this.inverse = x;
        this.maxQuotient = Long.divideUnsigned(-1L, odd);
    }

    /** Whether {@code t}, read as unsigned, is a multiple of the divisor. */
    boolean dividesUnsigned(long t) {
        return (t & ((1L << shift) - 1)) == 0 && Long.compareUnsigned((t >>> shift) * inverse, maxQuotient) <= 0;
    }

    /** {@code t / divisor}, unsigned; {@code t} must be a multiple of the divisor. */
    long quotientUnsigned(long t) {
        return (t >>> shift) * inverse;
    }

    /** {@code t / divisor}, signed; {@code t} must be a multiple of the divisor (divisor ≤ 2^62 here). */
    long quotientSigned(long t) {
        return (t >> shift) * inverse;
    }

    /**
     * Running greatest common divisor of unsigned values, cheap per value: a value already divisible
     * by the current gcd costs one multiplication. Not thread-safe.
     */
    static final class Accumulator {
        private long g;
        private ExactDivisor div;

        /** Adds {@code x} (unsigned); returns false once the gcd is 1 (nothing more to learn). */
        boolean add(long x) {
            if (x == 0 || (div != null && div.dividesUnsigned(x))) {
                return true;
            }
            g = gcdUnsigned(g, x);
            if (g == 1) {
                return false;
            }
            div = new ExactDivisor(g);
            return true;
        }

        /** The gcd so far, 1 if every value was 0 (read as unsigned). */
        long gcd() {
            return g == 0 ? 1 : g;
        }
    }

    static long gcdUnsigned(long a, long b) {
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        int common = Long.numberOfTrailingZeros(a | b);
        a >>>= Long.numberOfTrailingZeros(a);
        while (b != 0) {
            b >>>= Long.numberOfTrailingZeros(b);
            if (Long.compareUnsigned(a, b) > 0) {
                long t = a;
                a = b;
                b = t;
            }
            b -= a;
        }
        return a << common;
    }

    /**
     * The greatest common divisor of {@code t[from, to)} read as unsigned values, or 1 when all are
     * zero. The result may exceed {@link Long#MAX_VALUE} (read it as unsigned).
     */
    static long gcdUnsigned(long[] t, int from, int to) {
        long g = 0;
        ExactDivisor d = null;
        for (int i = from; i < to; i++) {
            long x = t[i];
            if (x == 0 || (d != null && d.dividesUnsigned(x))) {
                continue;
            }
            g = gcdUnsigned(g, x);
            if (g == 1) {
                return 1;
            }
            d = new ExactDivisor(g);
        }
        return g == 0 ? 1 : g;
    }

    /**
     * The greatest common divisor of the magnitudes of {@code t[from, to)} read as signed values,
     * or 1 when all are zero or the result would not leave room for a signed quotient (≥ 2^62).
     */
    static long gcdSigned(long[] t, int from, int to) {
        long g = 0;
        ExactDivisor d = null;
        for (int i = from; i < to; i++) {
            long x = t[i];
            x = x < 0 ? -x : x; // Long.MIN_VALUE stays 2^63 read as unsigned: right
            if (x == 0 || (d != null && d.dividesUnsigned(x))) {
                continue;
            }
            g = gcdUnsigned(g, x);
            if (g == 1) {
                return 1;
            }
            d = new ExactDivisor(g);
        }
        return g <= 0 || g > (1L << 62) ? 1 : g;
    }
}
