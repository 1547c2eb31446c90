package dev.sundial.server.rest;

import dev.sundial.Sundial;
import dev.sundial.ingest.Precision;
import dev.sundial.server.http.HttpError;
import dev.sundial.table.Interval;
import dev.sundial.table.TimestampRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The REST query's {@code start} and {@code end}: ISO-8601 with a UTC offset
 * ({@code 2024-01-01T00:00:00Z}), a date ({@code 2024-01-01}: midnight UTC), an epoch number in
 * the request's {@code precision} (default ms, as for writes), {@code now}, or a time relative
 * to now: {@code now-1h}, {@code -1h}, {@code now+5m}, with either interval spelling
 * ({@code now-90 minutes}; months and years count calendar months). A "+" sent unencoded arrives
 * as a space and is read as the "+" it was ({@code now 5m}, {@code …T02:00:00 02:00}). "Now" is the database's
 * clock, read once per request. Stateless.
 */
final class RestTime {
    private RestTime() {
    }

    /** The database's clock as epoch nanoseconds. */
    static long nowNanos(Sundial db) {
        return nanos(db.options().clock().instant());
    }

    /** {@code text} as epoch nanoseconds; a 400 naming {@code param} when it is none of the forms. */
    static long parse(String param, String text, long nowNanos, Precision precision) {
        String s = text.strip();
        try {
            long v = value(s, nowNanos, precision);
            if (!TimestampRange.contains(v)) {
                throw HttpError.badRequest("cannot use " + param + "=" + text + ": " + TimestampRange.outsideReason(v));
            }
            return v;
        } catch (ArithmeticException | DateTimeParseException e) {
            throw HttpError.badRequest("cannot use " + param + "=" + text + ": outside the supported range "
                    + TimestampRange.MIN_TEXT + " .. " + TimestampRange.MAX_TEXT);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cannot use " + param + "=" + text + ": " + e.getMessage());
        }
    }

    private static long value(String s, long now, Precision precision) {
        if (s.equalsIgnoreCase("now")) {
            return now;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("now ") && !lower.substring(4).isBlank()) {
            // an unencoded "+" in a query string arrives as a space: now+5m reads "now 5m"
            return relative(now, 1, s.substring(4));
        }
        if (lower.startsWith("now-") || lower.startsWith("now+")) {
            return relative(now, s.charAt(3) == '-' ? -1 : 1, s.substring(4));
        }
        if (s.startsWith("-") && s.length() > 1 && !allDigits(s.substring(1))) {
            return relative(now, -1, s.substring(1));
        }
        if (!s.isEmpty() && allDigits(s.startsWith("-") ? s.substring(1) : s)) {
            try {
                return precision.toNanos(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new ArithmeticException("beyond int64"); // only digits: too many of them
            }
        }
        try {
            // the same for an offset: 2024-01-01T02:00:00+02:00 unencoded arrives as "…00 02:00"
            String iso = s.indexOf(' ') > 0 && s.indexOf('+') < 0 ? s.replace(' ', '+') : s;
            return nanos(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            // not a date-time: maybe a date
        }
        try {
            return nanos(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected ISO-8601 with a UTC offset (2024-01-01T00:00:00Z), a date"
                    + " (2024-01-01), an epoch number in " + PointTimestamp.unit(precision) + " (precision), now, or now-1h / -1h");
        }
    }

    /** now ± an interval; months through the UTC calendar, the rest exactly. */
    private static long relative(long now, int sign, String intervalText) {
        Interval i = Interval.parse(intervalText); // throws IllegalArgumentException naming the problem
        long t = now;
        if (i.months() != 0) {
            Instant at = Instant.ofEpochSecond(Math.floorDiv(now, 1_000_000_000L), Math.floorMod(now, 1_000_000_000L));
            t = nanos(at.atOffset(ZoneOffset.UTC).plusMonths((long) sign * i.months()).toInstant());
        }
        return Math.addExact(t, Math.multiplyExact((long) sign, i.nanos()));
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    /** Epoch nanoseconds as an Instant. */
    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
