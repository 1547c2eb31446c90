package dev.sundial.ingest;

/**
 * Parses ISO-8601 date-times to epoch nanoseconds without allocating, for CSV timestamp cells:
 * {@code YYYY-MM-DD}, optionally followed by {@code T} or a space and {@code hh:mm[:ss[.f...]]}
 * (1 to 9 fraction digits), optionally followed by {@code Z}, {@code ±hh:mm}, {@code ±hhmm} or
 * {@code ±hh}. Without a zone the time is taken as UTC. Examples: {@code 2014-02-14 14:30:00},
 * {@code 2023-09-05T16:00:01.281719Z}, {@code 2023-09-05T18:00:01+02:00}, {@code 2017-09-05}.
 *
 * <p>Returns {@link #INVALID} for text that is not such a date-time, is not a real date (Feb 30), or is
 * outside the int64 nanosecond range (years 1677..2262). Stateless and thread-safe.
 */
final class IsoTimestampParser {
    private IsoTimestampParser() {
    }

    /** Returned for bad input; it is also a valid instant (1677-09-21T00:12:43.145224192Z), see {@link #parse}. */
    static final long INVALID = Long.MIN_VALUE;

    /**
     * @return epoch nanoseconds, or {@link #INVALID}; the one instant equal to INVALID is reported
     *         as invalid too (out of range by one nanosecond of any real data)
     */
    static long parse(byte[] b, int from, int to) {
        int p = from;
        int year = digits(b, p, 4, to);
        p += 4;
        if (year < 0 || !at(b, p++, to, '-')) {
            return INVALID;
        }
        int month = digits(b, p, 2, to);
        p += 2;
        if (month < 1 || month > 12 || !at(b, p++, to, '-')) {
            return INVALID;
        }
        int day = digits(b, p, 2, to);
        p += 2;
        if (day < 1 || day > daysInMonth(year, month)) {
            return INVALID;
        }
        long secondsOfDay = 0;
        long nanos = 0;
        long offsetSeconds = 0;
        if (p < to) {
            if (b[p] != 'T' && b[p] != 't' && b[p] != ' ') {
                return INVALID;
            }
            p++;
            int hour = digits(b, p, 2, to);
            p += 2;
            if (hour < 0 || hour > 23 || !at(b, p++, to, ':')) {
                return INVALID;
            }
            int minute = digits(b, p, 2, to);
            p += 2;
            if (minute < 0 || minute > 59) {
                return INVALID;
            }
            int second = 0;
            if (p < to && b[p] == ':') {
                second = digits(b, p + 1, 2, to);
                p += 3;
                if (second < 0 || second > 59) {
                    return INVALID;
                }
                if (p < to && (b[p] == '.' || b[p] == ',')) {
                    p++;
                    int nd = 0;
                    while (p < to && b[p] >= '0' && b[p] <= '9') {
                        if (nd == 9) {
                            return INVALID; // below a nanosecond
                        }
                        nanos = nanos * 10 + (b[p] - '0');
                        nd++;
                        p++;
                    }
                    if (nd == 0) {
                        return INVALID;
                    }
                    for (; nd < 9; nd++) {
                        nanos *= 10;
                    }
                }
            }
            secondsOfDay = hour * 3600L + minute * 60L + second;
            if (p < to) {
                byte z = b[p];
                if ((z == 'Z' || z == 'z') && p + 1 == to) {
                    p++;
                } else if (z == '+' || z == '-') {
                    int oh = digits(b, p + 1, 2, to);
                    int q = p + 3;
                    int om = 0;
                    if (q < to) {
                        if (b[q] == ':') {
                            q++;
                        }
                        om = digits(b, q, 2, to);
                        q += 2;
                    }
                    if (oh < 0 || oh > 18 || om < 0 || om > 59 || q != to) {
                        return INVALID;
                    }
                    offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
                    p = to;
                } else {
                    return INVALID;
                }
            }
        }
        if (p != to) {
            return INVALID;
        }
        long epochSeconds = epochDay(year, month, day) * 86_400L + secondsOfDay - offsetSeconds;
        // int64 nanoseconds cover epoch seconds -9223372036 .. 9223372036 (with the fraction)
        long hi = Math.multiplyHigh(epochSeconds, 1_000_000_000L);
        long lo = epochSeconds * 1_000_000_000L;
        if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
            return INVALID;
        }
        long r = lo + nanos;
        if (lo > 0 && r < 0) {
            return INVALID;
        }
        return r;
    }

    private static boolean at(byte[] b, int p, int to, char c) {
        return p < to && b[p] == c;
    }

    /** {@code n} decimal digits at {@code p} as a number, or -1. */
    private static int digits(byte[] b, int p, int n, int to) {
        if (p + n > to) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = b[p + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 to the proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
