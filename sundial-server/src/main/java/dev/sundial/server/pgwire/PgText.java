package dev.sundial.server.pgwire;

import dev.sundial.sql.output.ValueText;
import dev.sundial.table.Interval;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Values in PostgreSQL's text forms, as a PostgreSQL 16 server with {@code DateStyle=ISO},
 * {@code IntervalStyle=postgres}, {@code TimeZone=UTC} and {@code extra_float_digits=1} writes
 * them, so that psql shows what it would show for PostgreSQL and pgjdbc parses them:
 *
 * <ul>
 *   <li>timestamptz: {@code 2024-01-01 00:00:00+00}, with the fraction trimmed of trailing zeros
 *       ({@code …00.5+00}); nanoseconds are kept (up to 9 digits; pgjdbc reads them), where
 *       PostgreSQL stops at microseconds.</li>
 *   <li>float8: the shortest digits that read back as the same double, plain while the decimal
 *       exponent is in [-4, 15), else {@code 1e+15}, {@code 1.5e-05} (two exponent digits at
 *       least); {@code NaN}, {@code Infinity}, {@code -Infinity}, {@code -0}.</li>
 *   <li>bool {@code t}/{@code f}; interval {@code 1 year 2 mons 01:30:00} (Sundial's intervals
 *       have no days part: a day is 24 hours of the time part).</li>
 * </ul>
 *
 * Stateless and thread-safe.
 */
final class PgText {
    private PgText() {
    }

    static String timestamp(long epochNanos) {
        byte[] b = new byte[MAX_TIMESTAMP_BYTES];
        int n = timestamp(epochNanos, b, 0);
        if (n < 0) {
            return slowTimestamp(epochNanos);
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Room {@link #timestamp(long, byte[], int)} needs: {@code 2024-01-01 00:00:00.123456789+00}. */
    static final int MAX_TIMESTAMP_BYTES = 32;

    /**
     * Writes the text form of a timestamp of years 1 to 9999 (every instant of Sundial's range
     * 1677..2262) as ASCII into {@code out} at {@code pos} without allocating; returns the end, or
     * -1 for a year outside that range (then {@link #timestamp(long)} formats it the slow way).
     * The date comes from the civil-from-days arithmetic of the proleptic Gregorian calendar, as
     * {@link LocalDate#ofEpochDay} computes it.
     */
    static int timestamp(long epochNanos, byte[] out, int pos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil from days (days since 1970-01-01), eras of 400 years starting on March 1st
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long year = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        if (month <= 2) {
            year++;
        }
        if (year < 1 || year > 9999) {
            return -1;
        }
        int p = pos;
        p = digits(out, p, (int) year, 4);
        out[p++] = '-';
        p = digits(out, p, month, 2);
        out[p++] = '-';
        p = digits(out, p, day, 2);
        out[p++] = ' ';
        p = digits(out, p, secOfDay / 3600, 2);
        out[p++] = ':';
        p = digits(out, p, secOfDay / 60 % 60, 2);
        out[p++] = ':';
        p = digits(out, p, secOfDay % 60, 2);
        if (nanos != 0) {
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            out[p++] = '.';
            p = digits(out, p, nanos, width);
        }
        out[p++] = '+';
        out[p++] = '0';
        out[p++] = '0';
        return p;
    }

    /** {@code v} (non-negative) in exactly {@code width} decimal digits, zero-padded. */
    private static int digits(byte[] out, int pos, int v, int width) {
        for (int i = pos + width - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return pos + width;
    }

    private static String slowTimestamp(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(32);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append(' ');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        fraction(b, nanos);
        return b.append("+00").toString();
    }

    static String float8(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        byte[] b = new byte[MAX_SHORT_DECIMAL_BYTES];
        int n = shortDecimal(d, b, 0);
        if (n >= 0) {
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        double abs = Math.abs(d);
        if (abs >= 1e-3 && abs < 1e7) {
            // Double.toString writes this range plainly with the shortest digits, as PostgreSQL
            // does; only its ".0" of a whole number differs. Most values take this path: it skips
            // the BigDecimal of the general case below.
            String s = Double.toString(d);
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
        // PostgreSQL's Ryu output: shortest digits, plain for exponents in [-4, 15), two exponent digits
        return ValueText.shortestDigits(d, -4, 15, 2);
    }

    /** Room {@link #shortDecimal} needs: a sign, 12 integer digits, a point and 3 fraction digits. */
    static final int MAX_SHORT_DECIMAL_BYTES = 17;

    private static final double[] POW10 = {1, 10, 100, 1000};

    /**
     * The text of a float8 that is a decimal with at most 3 fraction digits and an absolute value
     * in [1e-3, 1e12) (measurements usually are: {@code 12.34}), written as ASCII into {@code out}
     * at {@code pos} without allocating; returns the end, or -1 for any other value. It is the
     * shortest round-trip form {@link #float8(double)} gives: with j the fewest fraction digits
     * for which {@code round(d × 10^j) / 10^j == d}, that decimal reads back as {@code d}, and no
     * shorter one can, because in this range decimals of 3 digits lie at least 0.001 apart while
     * neighbouring doubles are at most 1.2e-4 apart.
     */
    static int shortDecimal(double d, byte[] out, int pos) {
        double abs = Math.abs(d);
        if (!(abs >= 1e-3 && abs < 1e12)) {
            return -1;
        }
        for (int j = 0; j < POW10.length; j++) {
            long k = Math.round(abs * POW10[j]);
            if (k / POW10[j] != abs) {
                continue;
            }
            int p = pos;
            if (d < 0) {
                out[p++] = '-';
            }
            long scale = (long) POW10[j];
            long intPart = k / scale;
            p = unsigned(out, p, intPart);
            if (j > 0) {
                out[p++] = '.';
                long frac = k % scale;
                for (long div = scale / 10; div > 0; div /= 10) {
                    out[p++] = (byte) ('0' + frac / div % 10);
                }
            }
            return p;
        }
        return -1;
    }

    /** The decimal digits of {@code v} (not negative). */
    private static int unsigned(byte[] out, int pos, long v) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = pos + digits - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return pos + digits;
    }

    /** An interval as the engine hands it out: an {@link Interval}, or a Long of nanoseconds. */
    static String interval(Object value) {
        Interval i = switch (value) {
            case Interval iv -> iv;
            case Long nanos -> new Interval(0, nanos);
            default -> throw new IllegalStateException("BUG: INTERVAL value of class " + value.getClass().getName());
        };
        StringBuilder b = new StringBuilder(24);
        int years = i.months() / 12;
        int months = i.months() % 12;
        if (years != 0) {
            b.append(years).append(Math.abs(years) == 1 ? " year" : " years");
        }
        if (months != 0) {
            b.append(b.isEmpty() ? "" : " ").append(months).append(Math.abs(months) == 1 ? " mon" : " mons");
        }
        long nanos = i.nanos();
        if (nanos != 0 || b.isEmpty()) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            if (nanos < 0) {
                b.append('-');
            }
            long abs = Math.abs(nanos); // |Long.MIN_VALUE| ns is beyond any interval the engine makes
            long seconds = abs / 1_000_000_000L;
            pad(b, seconds / 3600, 2).append(':');
            pad(b, seconds / 60 % 60, 2).append(':');
            pad(b, seconds % 60, 2);
            fraction(b, (int) (abs % 1_000_000_000L));
        }
        return b.toString();
    }

    private static void fraction(StringBuilder b, int nanos) {
        if (nanos == 0) {
            return;
        }
        String f = Integer.toString(1_000_000_000 + nanos).substring(1);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        b.append('.').append(f, 0, end);
    }

    private static StringBuilder pad(StringBuilder b, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
