package dev.sundial.server.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sundial.ingest.Precision;
import dev.sundial.table.TimestampRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A point's {@code timestamp} as epoch nanoseconds: an ISO-8601 string with a UTC offset
 * ({@code 2024-01-01T00:00:00Z}, {@code …00.123456789+02:00}), an epoch number in the request's
 * precision ({@code 1704067200000} in ms; a fraction is kept when it is a whole number of
 * nanoseconds: {@code 1704067200.5} in s), or a string of digits read the same way (so a
 * nanosecond epoch can travel as a string through JavaScript, whose numbers stop being exact
 * at 2^53). The result lies in {@link TimestampRange}. Stateless.
 */
final class PointTimestamp {
    private PointTimestamp() {
    }

    /** The current token as a timestamp, or throws the reason it is not one. */
    static long read(JsonParser p, JsonToken t, Precision precision) throws IOException, ValueTyping.Refused {
        long nanos = switch (t) {
            case VALUE_NUMBER_INT -> {
                if (ValueTyping.beyondLong(p)) {
                    throw outOfRange(p.getText());
                }
                yield scaled(p.getLongValue(), p.getText(), precision);
            }
            case VALUE_NUMBER_FLOAT -> fractional(ValueTyping.decimal(p), p.getText(), precision);
            case VALUE_STRING -> text(p.getText(), precision);
            default -> throw new ValueTyping.Refused("a timestamp is an ISO-8601 string or an epoch number, not "
                    + (t == JsonToken.START_OBJECT ? "an object" : t == JsonToken.START_ARRAY ? "an array" : "a boolean"));
        };
        if (!TimestampRange.contains(nanos)) {
            throw new ValueTyping.Refused(TimestampRange.outsideReason(nanos));
        }
        return nanos;
    }

    private static long text(String s, Precision precision) throws ValueTyping.Refused {
        if (isEpochDigits(s)) {
            try {
                return scaled(Long.parseLong(s), s, precision);
            } catch (NumberFormatException e) {
                throw outOfRange(s);
            }
        }
        try {
            Instant at = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        } catch (DateTimeParseException e) {
            throw new ValueTyping.Refused("cannot parse '" + ValueTyping.shorten(s) + "' as a timestamp: expected ISO-8601 with a UTC"
                    + " offset (2024-01-01T00:00:00Z, 2024-01-01T02:00:00+02:00) or epoch " + unit(precision));
        } catch (ArithmeticException e) {
            throw outOfRange(s);
        }
    }

    private static boolean isEpochDigits(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() > 40) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long scaled(long v, String text, Precision precision) throws ValueTyping.Refused {
        try {
            return precision.toNanos(v);
        } catch (ArithmeticException e) {
            throw outOfRange(text);
        }
    }

    private static long fractional(BigDecimal v, String text, Precision precision) throws ValueTyping.Refused {
        if (v.signum() == 0) {
            return 0;
        }
        if ((long) v.precision() - v.scale() > 20) { // checked before scaling: 1e999999999 stays cheap
            throw outOfRange(text);
        }
        BigDecimal nanos = v.multiply(BigDecimal.valueOf(precision.nanosPerUnit())).stripTrailingZeros();
        if (nanos.scale() > 0) {
            throw new ValueTyping.Refused("timestamp " + ValueTyping.shorten(text) + " " + unit(precision)
                    + " is not a whole number of nanoseconds");
        }
        try {
            return nanos.longValueExact();
        } catch (ArithmeticException e) {
            throw outOfRange(text);
        }
    }

    private static ValueTyping.Refused outOfRange(String text) {
        return new ValueTyping.Refused("timestamp " + ValueTyping.shorten(text) + " is outside the supported range "
                + TimestampRange.MIN_TEXT + " .. " + TimestampRange.MAX_TEXT);
    }

    static String unit(Precision p) {
        return switch (p) {
            case NANOSECONDS -> "nanoseconds";
            case MICROSECONDS -> "microseconds";
            case MILLISECONDS -> "milliseconds";
            case SECONDS -> "seconds";
        };
    }
}
