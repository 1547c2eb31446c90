package dev.sundial.ingest;

/**
 * Formats a finite double with the fewest decimal digits that parse back to the identical double, in
 * the layout of Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} (which InfluxData's line-protocol
 * encoder uses): plain decimal when the decimal exponent is in [-4, 6), else {@code d.ddde±XX}.
 * Examples: {@code 1}, {@code -0.64}, {@code 0.0001}, {@code 1e-05}, {@code 123456},
 * {@code 6.632243e+06}, {@code 5e-324}, {@code -0}.
 *
 * <p>The digits come from {@link Double#toString(double)}, which since JDK 19 returns the shortest
 * decimal that rounds to the same double (JDK-4511638), except that it never gives fewer than two
 * digits: for subnormals that need only one ({@code 4.9E-324} for {@code 5e-324}) the one-digit form
 * is tried. Stateless and thread-safe.
 */
final class ShortestDouble {
    private ShortestDouble() {
    }

    /**
     * Appends {@code v}.
     *
     * @throws IllegalArgumentException for NaN and infinities, which have no decimal form
     */
    static void append(StringBuilder sb, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot format double " + v + ": NaN and infinities have no decimal form");
        }
        if (v == 0) {
            sb.append(Double.doubleToRawLongBits(v) < 0 ? "-0" : "0");
            return;
        }
        // Fast path for values that are integers of at most 6 digits: exact, no String needed.
        long asLong = (long) v;
        if (asLong == v && asLong > -1_000_000 && asLong < 1_000_000) {
            sb.append(asLong);
            return;
        }
        String s = Double.toString(v);
        // Collect the significant digits and the decimal point position dp: value = 0.DIGITS * 10^dp.
        char[] digits = new char[20];
        int nd = 0;
        int dp = 0;
        boolean seenPoint = false;
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-') {
            neg = true;
            i = 1;
        }
        int n = s.length();
        int exp = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                seenPoint = true;
            } else if (c == 'E') {
                exp = Integer.parseInt(s, i + 1, n, 10);
                break;
            } else {
                if (nd == 0 && c == '0') {
                    if (seenPoint) {
                        dp--;
                    }
                    continue; // leading zero
                }
                digits[nd++] = c;
                if (!seenPoint) {
                    dp++;
                }
            }
        }
        while (nd > 1 && digits[nd - 1] == '0') {
            nd--;
        }
        dp += exp;
        if (nd == 2 && Math.abs(v) < Double.MIN_NORMAL) {
            // Double.toString never prints fewer than 2 digits; a subnormal may need only 1
            // (4.9E-324 is 5e-324). Try the nearest 1-digit decimal.
            int d = digits[0] - '0' + (digits[1] >= '5' ? 1 : 0);
            int dp1 = dp;
            if (d == 10) {
                d = 1;
                dp1++;
            }
            if (Double.parseDouble((neg ? "-" : "") + d + "e" + (dp1 - 1)) == v) {
                digits[0] = (char) ('0' + d);
                nd = 1;
                dp = dp1;
            }
        }
        if (neg) {
            sb.append('-');
        }
        int e = dp - 1;
        if (e < -4 || e >= 6) {
            sb.append(digits[0]);
            if (nd > 1) {
                sb.append('.').append(digits, 1, nd - 1);
            }
            sb.append('e').append(e < 0 ? '-' : '+');
            int ae = Math.abs(e);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
            return;
        }
        if (dp <= 0) {
            sb.append("0.");
            for (int z = dp; z < 0; z++) {
                sb.append('0');
            }
            sb.append(digits, 0, nd);
        } else if (dp >= nd) {
            sb.append(digits, 0, nd);
            for (int z = nd; z < dp; z++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, dp).append('.').append(digits, dp, nd - dp);
        }
    }
}
