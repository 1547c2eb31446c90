package dev.sundial.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the time arguments of CLI options: ISO-8601 instants or dates, or epoch nanoseconds. */
final class TimeArguments {
    private TimeArguments() {
    }

    /**
     * Accepts {@code 2016-01-01T00:00:00Z}, {@code 2016-01-01T00:00:00+02:00}, {@code 2016-01-01 12:00:00}
     * (UTC), {@code 2016-01-01} (UTC midnight) or an integer of epoch nanoseconds.
     */
    static long parseNanos(String option, String text) {
        String s = text.trim();
        try {
            if (s.matches("-?\\d+")) {
                return Long.parseLong(s);
            }
            Instant i;
            if (s.length() == 10) {
                i = LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            } else if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                i = OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
            } else {
                i = LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot parse " + option + " '" + text
                    + "': expected ISO-8601 (2016-01-01T00:00:00Z, 2016-01-01) or epoch nanoseconds");
        }
    }
}
