package dev.sundial.sql.output;

import java.time.Instant;

/**
 * Epoch nanoseconds as ISO-8601 UTC, exactly as {@link Instant#toString()} writes them, written by
 * hand for years 0000-9999 (every value a timestamp column holds until 2262; others go through
 * {@code Instant}). The JDK's formatter builds a print context per call: a 72,000-point REST
 * answer spent 15 % of its time there (RestQueryBenchmark profile). One instance remembers the
 * last day's date, so a run of timestamps within a day (a series' points) skips the calendar
 * arithmetic. {@code SqlValueTextTest} compares it with {@code Instant} on random instants.
 *
 * <p>Not thread-safe: one per writer.
 */
public final class TimestampText {
    private final char[] c = new char[30];
    private long cachedDay = Long.MIN_VALUE;

    public String format(long epochNanos) {
        int n = formatInto(epochNanos, c, 0);
        return n < 0 ? Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
                .toString() : new String(c, 0, n);
    }

    /**
     * Writes the text into {@code dst} at {@code at} (it needs 30 chars) and returns its length, or
     * -1 for a year outside 0000-9999 (then {@link #format} goes through {@code Instant}).
     */
    public int formatInto(long epochNanos, char[] dst, int at) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        if (days != cachedDay && !date(days)) {
            return -1;
        }
        digits(c, 11, secOfDay / 3600, 2);
        digits(c, 14, secOfDay / 60 % 60, 2);
        digits(c, 17, secOfDay % 60, 2);
        int n = 19;
        if (nanos != 0) {
            c[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(c, n, nanos / 1_000_000, 3);
                n += 3;
            } else if (nanos % 1_000 == 0) {
                digits(c, n, nanos / 1_000, 6);
                n += 6;
            } else {
                digits(c, n, nanos, 9);
                n += 9;
            }
        }
        c[n++] = 'Z';
        if (dst != c || at != 0) {
            System.arraycopy(c, 0, dst, at, n);
        }
        return n;
    }

    /** Writes {@code YYYY-MM-DDT..:..:} for a day since 1970-01-01; false for a year past 4 digits. */
    private boolean date(long days) {
        // the civil date in the proleptic Gregorian calendar (java.time's), by eras of 400 years
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return false;
        }
        digits(c, 0, (int) year, 4);
        c[4] = '-';
        digits(c, 5, month, 2);
        c[7] = '-';
        digits(c, 8, day, 2);
        c[10] = 'T';
        c[13] = ':';
        c[16] = ':';
        cachedDay = days;
        return true;
    }

    /** Writes {@code v} as exactly {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(char[] c, int at, int v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }
}
