package dev.sundial.sql.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written parser of the common timestamp forms ({@link SqlValues#parseCanonical}) against
 * the formatters it stands in for: on random text near those forms (fields out of range, every
 * separator and offset shape, 0 to 10 fraction digits, April 31 and 24:00, which the formatters'
 * SMART resolver adjusts) it either declines or gives exactly the formatters' answer.
 */
class SqlValuesTimestampTest {
    private static final String[] SEPARATORS = {"T", " ", "t", "  ", "T "};
    private static final String[] OFFSETS = {"", "Z", "+00", "-00", "+02", "-05:30", "+18:00", "+18:01", "+19", "+0530", " +00",
        " Z", "z", "+5", "+02:7", "UTC", "-11:59"};

    @Test
    void theCanonicalParserDeclinesOrAgreesWithTheFormatters() {
        long seed = System.nanoTime();
        System.out.println("SqlValuesTimestampTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        int fast = 0;
        for (int k = 0; k < 200_000; k++) {
            String s = text(rnd);
            long expected;
            try {
                expected = SqlValues.parseWithFormatters(s);
            } catch (RuntimeException e) {
                expected = SqlValues.NOT_CANONICAL;
            }
            long actual;
            try {
                actual = SqlValues.parseCanonical(s);
            } catch (ArithmeticException e) {
                actual = SqlValues.NOT_CANONICAL; // out of range: the caller reports it as the formatters' path does
                assertThat(expected).as("seed %d: '%s' overflows only where the formatters' answer does too", seed, s)
                        .isEqualTo(SqlValues.NOT_CANONICAL);
            }
            if (actual != SqlValues.NOT_CANONICAL) {
                fast++;
                assertThat(actual).as("seed %d: '%s'", seed, s).isEqualTo(expected);
            }
        }
        assertThat(fast).as("the common forms take the hand-written path").isGreaterThan(20_000);
    }

    @Test
    void whatTheFormattersAdjustOrRefuseIsLeftToThem() {
        assertThat(SqlValues.parseCanonical("2024-04-31 00:00:00+00")).isEqualTo(SqlValues.NOT_CANONICAL);
        assertThat(SqlValues.parseCanonical("2024-01-01 24:00:00")).isEqualTo(SqlValues.NOT_CANONICAL);
        assertThat(SqlValues.parseCanonical("2024-01-01 12:00:00.")).isEqualTo(SqlValues.NOT_CANONICAL);
        assertThat(SqlValues.parseCanonical("2024-01-01 12:00:00.1234567891")).isEqualTo(SqlValues.NOT_CANONICAL);
        assertThat(SqlValues.parseTimestamp("2024-01-01 00:00:00.5+00")).isEqualTo(1_704_067_200_500_000_000L);
        assertThat(SqlValues.parseTimestamp("2024-01-01T02:00:00+02:00")).isEqualTo(1_704_067_200_000_000_000L);
        assertThatThrownBy(() -> SqlValues.parseTimestamp("2024-13-01 00:00:00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot parse timestamp '2024-13-01 00:00:00'");
        assertThatThrownBy(() -> SqlValues.parseTimestamp("9999-12-31 23:59:59+00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot parse timestamp");
    }

    private static String text(SplittableRandom rnd) {
        StringBuilder b = new StringBuilder();
        b.append(field(rnd, 4, 1600, 2400)).append(rnd.nextInt(50) == 0 ? "/" : "-").append(field(rnd, 2, 0, 13)).append('-')
                .append(field(rnd, 2, 0, 32)).append(SEPARATORS[rnd.nextInt(8) < 6 ? rnd.nextInt(2) : rnd.nextInt(SEPARATORS.length)])
                .append(field(rnd, 2, 0, 25)).append(':').append(field(rnd, 2, 0, 60));
        if (rnd.nextInt(5) > 0) {
            b.append(':').append(field(rnd, 2, 0, 61));
            if (rnd.nextBoolean()) {
                b.append('.');
                int digits = rnd.nextInt(11);
                for (int i = 0; i < digits; i++) {
                    b.append((char) ('0' + rnd.nextInt(10)));
                }
            }
        }
        b.append(OFFSETS[rnd.nextInt(OFFSETS.length)]);
        return b.toString();
    }

    /** A number of {@code width} digits in [min, max], now and then one digit short or a letter. */
    private static String field(SplittableRandom rnd, int width, int min, int max) {
        int r = rnd.nextInt(100);
        if (r == 0) {
            return "x".repeat(width);
        }
        String v = Integer.toString(min + rnd.nextInt(max - min + 1));
        if (r == 1) {
            return v;
        }
        return "0".repeat(Math.max(0, width - v.length())) + v;
    }
}
