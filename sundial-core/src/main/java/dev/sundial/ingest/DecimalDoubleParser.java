package dev.sundial.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses a decimal floating-point literal from bytes, exactly as {@link Double#parseDouble} rounds it,
 * without allocating for the common short literals.
 *
 * <p>Grammar (line protocol's float, also used for CSV numbers):
 * {@code [-|+] digits [. [digits]] [(e|E) [+|-] digits]} or {@code [-|+] . digits [exponent]}; a
 * leading {@code +} only when {@code allowPlus}. No hexadecimal, no {@code Infinity}/{@code NaN}, no
 * white space, no {@code d}/{@code f} suffix.
 *
 * <p>Fast path (Clinger 1990): when the significant digits fit in 15 decimal digits the integer
 * mantissa {@code m < 10^15 < 2^53} is exact in a double, and so is {@code 10^e} for
 * {@code |e| <= 22} (5^22 < 2^53); one IEEE multiplication or division of two exact values is
 * correctly rounded, so {@code m * 10^e} or {@code m / 10^-e} equals the correctly rounded decimal.
 * Up to 19 significant digits otherwise: {@link EiselLemire}. Everything else (more digits, results
 * that method cannot decide) falls back to {@link Double#parseDouble}.
 *
 * <p>Results: the value; {@link Double#NaN} for a syntax error (a valid literal never yields NaN);
 * ±{@link Double#POSITIVE_INFINITY} when the literal is beyond the double range. Stateless and
 * thread-safe.
 */
final class DecimalDoubleParser {
    private DecimalDoubleParser() {
    }

    /** 10^0 .. 10^22, all exact doubles. */
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /** Mantissa digits kept exactly: 10^19 − 1 < 2^64, read as unsigned. */
    private static final int MAX_MANTISSA_DIGITS = 19;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Whether all 8 bytes of {@code w} are ASCII digits (each byte's high nibble 3, low nibble ≤ 9). */
    static boolean eightDigits(long w) {
        return ((w & 0xF0F0F0F0F0F0F0F0L) | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4)) == 0x3333333333333333L;
    }

    /**
     * The value of 8 ASCII digits read little-endian (first digit in the lowest byte): pairs, then
     * quadruples, then the whole, each by one multiply-and-shift (the classic SWAR digit reduction).
     */
    static long eightDigitValue(long w) {
        w -= 0x3030303030303030L;
        w = (w * 10 + (w >>> 8)) & 0x00FF00FF00FF00FFL;
        w = (w * 100 + (w >>> 16)) & 0x0000FFFF0000FFFFL;
        return (w * 10_000 + (w >>> 32)) & 0xFFFFFFFFL;
    }

    static double parse(byte[] b, int from, int to, boolean allowPlus) {
        int p = from;
        boolean neg = false;
        if (p < to) {
            byte s = b[p];
            if (s == '-') {
                neg = true;
                p++;
            } else if (s == '+' && allowPlus) {
                p++;
            }
        }
        long mant = 0;
        int nd = 0;          // digits accumulated into mant (leading zeros excluded)
        int exp10 = 0;       // decimal exponent to apply to mant
        boolean truncated = false;
        boolean anyDigit = false;
        while (p < to) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            anyDigit = true;
            if (nd < MAX_MANTISSA_DIGITS) {
                if (mant != 0 || d != 0) {
                    mant = mant * 10 + d;
                    nd++;
                }
            } else {
                exp10++;
                truncated |= d != 0;
            }
            p++;
        }
        if (p < to && b[p] == '.') {
            p++;
            // 8 fraction digits at a time once the mantissa has its first significant digit
            while (mant != 0 && nd + 8 <= MAX_MANTISSA_DIGITS && p + 8 <= to) {
                long w = (long) LONG_LE.get(b, p);
                if (!eightDigits(w)) {
                    break;
                }
                mant = mant * 100_000_000L + eightDigitValue(w);
                nd += 8;
                exp10 -= 8;
                p += 8;
            }
            while (p < to) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                anyDigit = true;
                if (nd < MAX_MANTISSA_DIGITS) {
                    if (mant != 0 || d != 0) {
                        mant = mant * 10 + d;
                        nd++;
                    }
                    exp10--;
                } else {
                    truncated |= d != 0;
                }
                p++;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        if (p < to && (b[p] | 0x20) == 'e') {
            p++;
            boolean eneg = false;
            if (p < to && (b[p] == '-' || b[p] == '+')) {
                eneg = b[p] == '-';
                p++;
            }
            int e = 0;
            boolean anyExp = false;
            while (p < to) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                anyExp = true;
                if (e < 100_000_000) { // beyond this the value is 0 or infinite anyway
                    e = e * 10 + d;
                }
                p++;
            }
            if (!anyExp) {
                return Double.NaN;
            }
            exp10 += eneg ? -e : e;
        }
        if (p != to) {
            return Double.NaN;
        }
        if (mant == 0 && !truncated) {
            return neg ? -0.0 : 0.0;
        }
        if (!truncated) {
            if (nd <= 15 && exp10 >= -22 && exp10 <= 22) {
                double v = (double) mant;
                v = exp10 < 0 ? v / POW10[-exp10] : v * POW10[exp10];
                return neg ? -v : v;
            }
            double v = EiselLemire.toDouble(mant, exp10, neg);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        // Syntax was validated above, and Java's grammar is a superset of ours.
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
