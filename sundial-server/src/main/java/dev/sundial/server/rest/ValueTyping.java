package dev.sundial.server.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sundial.table.ColumnType;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * What a JSON scalar becomes in a value column. JSON has one number type and its writers do not
 * keep 3 and 3.0 apart (JavaScript's {@code JSON.stringify(3.0)} is {@code 3}), so the column
 * decides, not the spelling:
 * <ul>
 *   <li>a DOUBLE column takes any number (an integer beyond 2^53 is rounded, as every JSON reader
 *       in JavaScript would); a number beyond the DOUBLE range is refused, not stored as infinity;</li>
 *   <li>a BIGINT column takes a number whose value is an integer in −2^63 … 2^63−1, also when
 *       written {@code 3.0} or {@code 3e2}; {@code 3.5} or {@code 1e19} is refused;</li>
 *   <li>a <em>new</em> column from a number is DOUBLE, integer or not. InfluxDB's line protocol does
 *       the same with an unsuffixed {@code 3}: a gauge first seen as 3 and then as 3.5 must not
 *       break on a BIGINT column created by chance. A BIGINT column is declared first
 *       ({@code CREATE TIMESERIES TABLE}, {@code ALTER TABLE … ADD COLUMN}) or created through line
 *       protocol's {@code 3i};</li>
 *   <li>booleans go to BOOLEAN columns, strings to VARCHAR columns, nothing is converted across
 *       (a quoted number is not a number).</li>
 * </ul>
 * Stateless.
 */
final class ValueTyping {
    /** Refused with the reason (the caller knows the field). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private ValueTyping() {
    }

    /** The column type a new column gets from a value of this token, or null for a token that is no value. */
    static ColumnType typeForNewColumn(JsonToken t) {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ColumnType.DOUBLE;
            case VALUE_TRUE, VALUE_FALSE -> ColumnType.BOOLEAN;
            case VALUE_STRING -> ColumnType.VARCHAR;
            default -> null;
        };
    }

    /**
     * The current scalar token as a value of a column of {@code type}: Double, Long, Boolean or
     * String (the parser stays on the token).
     */
    static Object convert(JsonParser p, JsonToken t, ColumnType type) throws IOException, Refused {
        return switch (type) {
            case DOUBLE -> toDouble(p, t);
            case BIGINT -> toLong(p, t);
            case BOOLEAN -> {
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    yield t == JsonToken.VALUE_TRUE;
                }
                throw mismatch(t, type);
            }
            case VARCHAR -> {
                if (t == JsonToken.VALUE_STRING) {
                    yield checkedText(p.getText());
                }
                throw mismatch(t, type);
            }
        };
    }

    private static Double toDouble(JsonParser p, JsonToken t) throws IOException, Refused {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw mismatch(t, ColumnType.DOUBLE);
        }
        double d;
        try {
            d = p.getDoubleValue();
        } catch (NumberFormatException e) {
            throw new Refused(shorten(p.getText()) + " is beyond the range of DOUBLE (about ±1.8e308)");
        }
        if (!Double.isFinite(d)) {
            throw new Refused(shorten(p.getText()) + " is beyond the range of DOUBLE (about ±1.8e308)");
        }
        return d;
    }

    private static Long toLong(JsonParser p, JsonToken t) throws IOException, Refused {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (beyondLong(p)) {
                throw outOfLongRange(p.getText());
            }
            return p.getLongValue();
        }
        if (t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw mismatch(t, ColumnType.BIGINT);
        }
        return integral(decimal(p), p.getText(), "the column is BIGINT");
    }

    /**
     * The current number token exactly. Jackson refuses an exponent beyond the int range
     * ({@code 1e9999999999}) with a NumberFormatException; that is a number out of every range here.
     */
    static BigDecimal decimal(JsonParser p) throws IOException, Refused {
        try {
            return p.getDecimalValue();
        } catch (NumberFormatException e) {
            throw new Refused(shorten(p.getText()) + " is beyond every supported range");
        }
    }

    /**
     * Whether the current integer token is beyond the long range. The value is then read too:
     * Jackson 2.18.2 leaves a BIG_INTEGER whose type was asked but whose value was not pending, and
     * hands it out as the {@code getDoubleValue()} of the next float token ({@code [9223372036854775808,
     * 1.5]} reads 1.5 as 9.2e18; fixed by 2.20). Reading it settles the parser.
     */
    static boolean beyondLong(JsonParser p) throws IOException {
        if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return false;
        }
        p.getBigIntegerValue(); // at most StreamReadConstraints' 1000 digits
        return true;
    }

    /**
     * The exact integer value of {@code v}. The magnitude is checked before any conversion, so
     * {@code 1e999999999} costs nothing (turning it into a BigInteger would take gigabytes).
     */
    static long integral(BigDecimal v, String text, String why) throws Refused {
        if (v.signum() == 0) {
            return 0;
        }
        if ((long) v.precision() - v.scale() > 19) {
            throw outOfLongRange(text);
        }
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() > 0) {
            throw new Refused(text + " is not an integer, and " + why);
        }
        try {
            return s.longValueExact();
        } catch (ArithmeticException e) {
            throw outOfLongRange(text);
        }
    }

    private static Refused outOfLongRange(String text) {
        return new Refused(shorten(text) + " is out of the BIGINT range (-9223372036854775808 to 9223372036854775807)");
    }

    static Refused mismatch(JsonToken t, ColumnType type) {
        String what = switch (t) {
            case VALUE_STRING -> "a string (numbers and booleans are not quoted)";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "a " + t;
        };
        return new Refused(what + " does not fit the column's type " + type);
    }

    /**
     * {@code s} when it is well-formed Unicode. A JSON escape such as {@code "\ud800"} yields a lone
     * surrogate, which UTF-8 cannot encode: stored, it would come back as {@code ?}. Refused instead.
     */
    static String checkedText(String s) throws Refused {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Refused("the text holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(c)
                        + " at character " + i + "), which is not Unicode text");
            }
        }
        return s;
    }

    /** A number's text in a message: at most 40 characters of it. */
    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
