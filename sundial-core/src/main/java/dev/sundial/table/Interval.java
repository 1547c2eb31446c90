package dev.sundial.table;

import java.util.Locale;

/**
 * A time interval as users write it: the short form ({@code 5m}, {@code 1h}, {@code 7d}, {@code 2w},
 * {@code 1mo}, {@code 1y}, {@code 250ms}) or PostgreSQL's ({@code 5 minutes}, {@code 1 hour},
 * {@code 1 day 12 hours}). Months and years are calendar units and are kept apart from the fixed
 * part so that {@code 1 month} means a calendar month. Immutable.
 *
 * @param months calendar months (a year is 12)
 * @param nanos  fixed nanoseconds (weeks, days, hours, … — days are 24 h, UTC has no DST)
 */
public record Interval(int months, long nanos) {
    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Parses an interval; throws IllegalArgumentException naming the text and the problem. */
    public static Interval parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("cannot parse interval '" + text + "': it is empty");
        }
        int months = 0;
        long nanos = 0;
        int i = 0;
        int n = s.length();
        boolean any = false;
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            if (i == n) {
                break;
            }
            int numStart = i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == numStart) {
                throw new IllegalArgumentException("cannot parse interval '" + text + "': expected a number at position " + (i + 1));
            }
            long qty;
            try {
                qty = Long.parseLong(s.substring(numStart, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot parse interval '" + text + "': number too large", e);
            }
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            int unitStart = i;
            while (i < n && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            try {
                switch (unit) {
                    case "ns", "nanosecond", "nanoseconds" -> nanos = Math.addExact(nanos, qty);
                    case "us", "µs", "microsecond", "microseconds" -> nanos = Math.addExact(nanos, Math.multiplyExact(qty, 1_000L));
                    case "ms", "millisecond", "milliseconds" -> nanos = Math.addExact(nanos, Math.multiplyExact(qty, 1_000_000L));
                    case "s", "sec", "secs", "second", "seconds" -> nanos = Math.addExact(nanos, Math.multiplyExact(qty, NANOS_PER_SECOND));
                    case "m", "min", "mins", "minute", "minutes" -> nanos = Math.addExact(nanos, Math.multiplyExact(qty, 60 * NANOS_PER_SECOND));
                    case "h", "hr", "hrs", "hour", "hours" -> nanos = Math.addExact(nanos, Math.multiplyExact(qty, 3600 * NANOS_PER_SECOND));
                    case "d", "day", "days" -> nanos = Math.addExact(nanos, Math.multiplyExact(qty, 86400 * NANOS_PER_SECOND));
                    case "w", "week", "weeks" -> nanos = Math.addExact(nanos, Math.multiplyExact(qty, 7 * 86400 * NANOS_PER_SECOND));
                    case "mo", "mon", "mons", "month", "months" -> months = Math.addExact(months, Math.toIntExact(qty));
                    case "y", "yr", "yrs", "year", "years" -> months = Math.addExact(months, Math.toIntExact(Math.multiplyExact(qty, 12L)));
                    case "" -> throw new IllegalArgumentException("cannot parse interval '" + text
                            + "': missing unit after " + qty + " (use ns, us, ms, s, m, h, d, w, mo, y or their long names)");
                    default -> throw new IllegalArgumentException("cannot parse interval '" + text + "': unknown unit '" + unit
                            + "' (use ns, us, ms, s, m, h, d, w, mo, y or their long names)");
                }
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("cannot parse interval '" + text + "': too large", e);
            }
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("cannot parse interval '" + text + "': no quantity");
        }
        if (months == 0 && nanos == 0) {
            throw new IllegalArgumentException("cannot parse interval '" + text + "': it is zero");
        }
        return new Interval(months, nanos);
    }

    /** Approximate length in nanoseconds (a month counted as 30 days); for ordering and limits only. */
    public long approximateNanos() {
        long m = Math.multiplyExact((long) months, 30L * 86400 * NANOS_PER_SECOND);
        return Math.addExact(m, nanos);
    }

    /** Canonical short text, e.g. {@code 1h}, {@code 1mo}, {@code 90s}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (months != 0) {
            b.append(months % 12 == 0 ? (months / 12) + "y" : months + "mo");
        }
        long n = nanos;
        long[] sizes = {7 * 86400 * NANOS_PER_SECOND, 86400 * NANOS_PER_SECOND, 3600 * NANOS_PER_SECOND,
            60 * NANOS_PER_SECOND, NANOS_PER_SECOND, 1_000_000L, 1_000L, 1L};
        String[] units = {"w", "d", "h", "m", "s", "ms", "us", "ns"};
        for (int k = 0; k < sizes.length && n != 0; k++) {
            if (n % sizes[k] == 0 || k == sizes.length - 1) {
                b.append(n / sizes[k]).append(units[k]);
                n = 0;
            }
        }
        return b.toString();
    }
}
