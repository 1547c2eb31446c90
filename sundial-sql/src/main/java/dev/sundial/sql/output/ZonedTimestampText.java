package dev.sundial.sql.output;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Timestamps written in a session's time zone (see {@code SET timezone} in docs/sql.md), with the
 * zone's UTC offset at that instant:
 *
 * <ul>
 *   <li>{@link #postgres}: as PostgreSQL writes a {@code timestamptz} with {@code DateStyle=ISO}
 *       (psql, the CLI's table and CSV formats, text casts, pgwire's text format):
 *       {@code 2024-07-01 14:00:00+02}, {@code …00.5+05:30}, {@code …+00:09:21}: the fraction
 *       trimmed of trailing zeros (nanoseconds kept), the offset as hours, then minutes and seconds
 *       only when not zero;</li>
 *   <li>{@link #iso}: ISO-8601 with the offset, for JSON: {@code 2024-07-01T14:00:00+02:00},
 *       fractions of 3, 6 or 9 digits as {@link TimestampText} writes them.</li>
 * </ul>
 *
 * In UTC (no session zone) the writers keep their own forms ({@link TimestampText}, pgwire's
 * {@code +00}). Years outside 0001–9999 are written as {@link LocalDateTime} does. Stateless and
 * thread-safe.
 */
public final class ZonedTimestampText {
    private static final long NANOS = 1_000_000_000L;

    private ZonedTimestampText() {
    }

    /** {@code 2024-07-01 14:00:00+02}: PostgreSQL's text form of a timestamptz in {@code zone}. */
    public static String postgres(long epochNanos, ZoneId zone) {
        return postgres(epochNanos, zone.getRules());
    }

    public static String postgres(long epochNanos, ZoneRules rules) {
        ZoneOffset off = offset(epochNanos, rules);
        StringBuilder b = new StringBuilder(36);
        dateTime(b, epochNanos, off, ' ');
        int nanos = (int) Math.floorMod(epochNanos, NANOS);
        if (nanos != 0) {
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            b.append('.');
            pad(b, nanos, width);
        }
        int s = off.getTotalSeconds();
        b.append(s < 0 ? '-' : '+');
        s = Math.abs(s);
        pad(b, s / 3600, 2);
        if (s % 3600 != 0) {
            b.append(':');
            pad(b, s / 60 % 60, 2);
            if (s % 60 != 0) {
                b.append(':');
                pad(b, s % 60, 2);
            }
        }
        return b.toString();
    }

    /** {@code 2024-07-01T14:00:00+02:00}: ISO-8601 with the offset of {@code zone} at that instant. */
    public static String iso(long epochNanos, ZoneId zone) {
        ZoneOffset off = offset(epochNanos, zone.getRules());
        StringBuilder b = new StringBuilder(40);
        dateTime(b, epochNanos, off, 'T');
        int nanos = (int) Math.floorMod(epochNanos, NANOS);
        if (nanos != 0) {
            b.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(b, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(b, nanos / 1_000, 6);
            } else {
                pad(b, nanos, 9);
            }
        }
        return b.append(off.getTotalSeconds() == 0 ? "+00:00" : off.getId()).toString();
    }

    private static ZoneOffset offset(long epochNanos, ZoneRules rules) {
        return rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS)));
    }

    private static void dateTime(StringBuilder b, long epochNanos, ZoneOffset off, char separator) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochNanos, NANOS), 0, off);
        int y = t.getYear();
        if (y >= 0 && y <= 9999) {
            pad(b, y, 4);
        } else {
            b.append(y);
        }
        b.append('-');
        pad(b, t.getMonthValue(), 2);
        b.append('-');
        pad(b, t.getDayOfMonth(), 2);
        b.append(separator);
        pad(b, t.getHour(), 2);
        b.append(':');
        pad(b, t.getMinute(), 2);
        b.append(':');
        pad(b, t.getSecond(), 2);
    }

    private static void pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }
}
