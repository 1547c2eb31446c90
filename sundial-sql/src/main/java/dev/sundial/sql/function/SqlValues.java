package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.table.Interval;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * SQL value semantics shared by the analyzer and the executor: timestamp parsing and printing
 * (ISO-8601, UTC), double ordering (PostgreSQL's: {@code -0 = 0}, NaN equal to itself and greater
 * than every number), and literal rendering for EXPLAIN. Stateless.
 */
public final class SqlValues {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter WITH_OFFSET = new DateTimeFormatterBuilder()
            .append(LOCAL)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();
    private static final DateTimeFormatter WITH_SHORT_OFFSET = new DateTimeFormatterBuilder()
            .append(LOCAL)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendOffset("+HH", "Z")
            .toFormatter();

    private SqlValues() {
    }

    /**
     * Parses a timestamp as written in SQL: {@code 2024-01-01}, {@code 2024-01-01 12:00},
     * {@code 2024-01-01T12:00:00.123456789Z}, with an optional offset ({@code +02:00}, {@code Z});
     * without one it is UTC. Returns epoch nanoseconds.
     *
     * @throws IllegalArgumentException naming the text
     */
    public static long parseTimestamp(String text) {
        String s = text.trim();
        try {
            long fast = parseCanonical(s);
            if (fast != NOT_CANONICAL) {
                return fast;
            }
            return parseWithFormatters(s);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot parse timestamp '" + text
                    + "': expected ISO-8601 like 2024-01-31, 2024-01-31 12:00:00 or 2024-01-31T12:00:00.5Z");
        }
    }

    /**
     * {@link #parseTimestamp(String)} in a session zone, as PostgreSQL reads a {@code timestamptz}:
     * text without an offset is the zone's wall-clock time (a skipped time takes the offset before
     * the transition, a repeated one the offset after: {@link ZoneTimes#instantOf}); text with an
     * offset or {@code Z} keeps it. A null zone is UTC.
     *
     * @throws IllegalArgumentException naming the text
     */
    public static long parseTimestamp(String text, java.time.ZoneId zone) {
        long v = parseTimestamp(text);
        if (zone == null || hasOffset(text)) {
            return v;
        }
        try {
            return ZoneTimes.instantOf(zone.getRules(), v);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("cannot parse timestamp '" + text + "': out of range in time zone " + zone.getId());
        }
    }

    /** Whether timestamp text carries its own offset: a {@code Z}, or a sign after the date (whose dashes are at 4 and 7). */
    static boolean hasOffset(String text) {
        String s = text.trim();
        if (s.endsWith("Z") || s.endsWith("z")) {
            return true;
        }
        for (int i = s.length() - 1; i > 9; i--) {
            char c = s.charAt(i);
            if (c == '+' || c == '-') {
                return true;
            }
        }
        return false;
    }

    /** {@link #parseCanonical}'s answer for text it leaves to the formatters (no timestamp is this value: it is before 1678). */
    static final long NOT_CANONICAL = Long.MIN_VALUE;

    /**
     * The forms clients send by the million, parsed by hand: {@code uuuu-MM-dd[T| ]HH:mm[:ss[.f…]]}
     * with an optional space and offset ({@code Z}, {@code ±HH}, {@code ±HH:MM}), every field in its
     * normal range. The formatters' path costs an exception per value when the first offset pattern
     * does not fit (PostgreSQL's {@code +00}): it was over half of the server's CPU in a COPY FROM
     * (JFR). Anything else, including what the formatters' SMART resolver would adjust (April 31,
     * 24:00), gives {@link #NOT_CANONICAL}, so the answer is always the formatters' (SqlValuesTest
     * compares the two on random text).
     */
    static long parseCanonical(String s) {
        int n = s.length();
        if (n < 16 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')) {
            return NOT_CANONICAL;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return NOT_CANONICAL;
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return NOT_CANONICAL;
        }
        int i = 16;
        int second = 0;
        long nanos = 0;
        if (i < n && s.charAt(i) == ':') {
            second = i + 3 <= n ? digits(s, i + 1, 2) : -1;
            if (second < 0 || second > 59) {
                return NOT_CANONICAL;
            }
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                    i++;
                }
                int count = i - start;
                if (count < 1 || count > 9) {
                    return NOT_CANONICAL;
                }
                for (int k = count; k < 9; k++) {
                    nanos *= 10;
                }
            }
        }
        if (i < n && s.charAt(i) == ' ') {
            i++;
        }
        int offsetSeconds = 0;
        if (i < n) {
            char sign = s.charAt(i);
            if (sign == 'Z' && i + 1 == n) {
                i++;
            } else if ((sign == '+' || sign == '-') && (i + 3 == n || i + 6 == n && s.charAt(i + 3) == ':')) {
                int oh = digits(s, i + 1, 2);
                int om = i + 6 == n ? digits(s, i + 4, 2) : 0;
                if (oh < 0 || oh > 18 || om < 0 || om > 59 || oh == 18 && om > 0) {
                    return NOT_CANONICAL;
                }
                offsetSeconds = (sign == '+' ? 1 : -1) * (oh * 3600 + om * 60);
                i = n;
            } else {
                return NOT_CANONICAL;
            }
        }
        if (i != n) {
            return NOT_CANONICAL;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The general path: every form the formatters read (and their SMART resolution). */
    static long parseWithFormatters(String s) {
        {
            if (s.length() == 10) {
                return toNanos(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            try {
                return toNanos(OffsetDateTime.parse(s, WITH_OFFSET).toInstant());
            } catch (DateTimeParseException e) {
                try {
                    return toNanos(OffsetDateTime.parse(s, WITH_SHORT_OFFSET).toInstant());
                } catch (DateTimeParseException e2) {
                    return toNanos(LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC));
                }
            }
        }
    }

    public static long toNanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    public static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** ISO-8601 UTC with as many fraction digits as needed: {@code 2024-01-01T00:00:00Z}, {@code …00.5Z}. */
    public static String formatTimestamp(long nanos) {
        return DateTimeFormatter.ISO_INSTANT.format(toInstant(nanos));
    }

    /** PostgreSQL ordering of doubles: -0 equals 0; NaN equals NaN and is above every number. */
    public static int compareDoubles(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        if (a == b) {
            return 0;
        }
        boolean an = a != a;
        boolean bn = b != b;
        return an == bn ? 0 : an ? 1 : -1;
    }

    /** Grouping/hashing form of a double: one bit pattern for 0/-0 and for every NaN. */
    public static long doubleKey(double d) {
        if (d == 0) {
            return 0L;
        }
        return Double.doubleToLongBits(d);
    }

    /** A literal as SQL text (for EXPLAIN). */
    public static String literal(SqlType type, Object value) {
        if (value == null) {
            return "NULL";
        }
        return switch (type) {
            case VARCHAR -> "'" + value.toString().replace("'", "''") + "'";
            case TIMESTAMP -> "'" + formatTimestamp(((Number) value).longValue()) + "'";
            case INTERVAL -> "INTERVAL '" + value + "'";
            default -> value.toString();
        };
    }

    /** Renders a value for text output (CSV, tables, error messages). */
    public static String format(SqlType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case TIMESTAMP -> formatTimestamp(((Number) value).longValue());
            case INTERVAL -> value instanceof Interval iv ? iv.toString() : formatNanosInterval(((Number) value).longValue());
            default -> value.toString();
        };
    }

    /** An interval of nanoseconds as PostgreSQL prints it, e.g. {@code 01:30:00}, {@code 2 days 00:00:01.5}. */
    public static String formatNanosInterval(long nanos) {
        StringBuilder b = new StringBuilder();
        if (nanos < 0) {
            b.append('-');
            nanos = -nanos;
        }
        long days = nanos / 86_400_000_000_000L;
        long rest = nanos % 86_400_000_000_000L;
        if (days != 0) {
            b.append(days).append(days == 1 ? " day " : " days ");
        }
        long secs = rest / 1_000_000_000L;
        long frac = rest % 1_000_000_000L;
        b.append(String.format("%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60));
        if (frac != 0) {
            String f = String.format("%09d", frac).replaceAll("0+$", "");
            b.append('.').append(f);
        }
        return b.toString();
    }
}
