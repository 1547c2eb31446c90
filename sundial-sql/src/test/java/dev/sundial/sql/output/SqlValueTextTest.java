package dev.sundial.sql.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How values are written as text by every output format. */
class SqlValueTextTest {
    @Test
    void doublesArePlainShortestDecimals() {
        assertThat(ValueText.ofDouble(1.0)).isEqualTo("1");
        assertThat(ValueText.ofDouble(1.0E10)).isEqualTo("10000000000");
        assertThat(ValueText.ofDouble(1.5)).isEqualTo("1.5");
        assertThat(ValueText.ofDouble(-42.25)).isEqualTo("-42.25");
        assertThat(ValueText.ofDouble(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(ValueText.ofDouble(100)).isEqualTo("100");
        assertThat(ValueText.ofDouble(0.000001)).isEqualTo("0.000001");
        assertThat(ValueText.ofDouble(123456789012345680000.0)).isEqualTo("123456789012345680000");
    }

    @Test
    void doublesBeyondTheJavaScriptRangeUseAnExponent() {
        assertThat(ValueText.ofDouble(1e21)).isEqualTo("1e+21");
        assertThat(ValueText.ofDouble(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(ValueText.ofDouble(-2.5e300)).isEqualTo("-2.5e+300");
        assertThat(ValueText.ofDouble(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(ValueText.ofDouble(Double.MIN_VALUE)).isEqualTo("4.9e-324");
    }

    @Test
    void specialDoubles() {
        assertThat(ValueText.ofDouble(0.0)).isEqualTo("0");
        assertThat(ValueText.ofDouble(-0.0)).isEqualTo("-0");
        assertThat(ValueText.ofDouble(Double.NaN)).isEqualTo("NaN");
        assertThat(ValueText.ofDouble(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(ValueText.ofDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void doublesReadBackExactlyAndAreNoLongerThanJavasText() {
        SplittableRandom random = new SplittableRandom(20240101);
        for (int i = 0; i < 100_000; i++) {
            double d = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong()); // any bit pattern
                case 1 -> Math.round(random.nextDouble() * 1e6) / 100.0; // two decimals, as metrics often are
                default -> random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
            };
            if (!Double.isFinite(d)) {
                continue;
            }
            String text = ValueText.ofDouble(d);
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(d);
            assertThat(text).as("%s: digits must be the shortest", d).doesNotMatch(".*\\.\\d*0(e.*)?$");
            assertThat(text).matches("-?(0|[1-9]\\d*)(\\.\\d+)?(e[+-]\\d+)?"); // a JSON number
        }
    }

    @Test
    void timestampsAreIsoUtcWithTheFractionDigitsNeeded() {
        long base = 1_704_067_200_000_000_000L; // 2024-01-01T00:00:00Z
        assertThat(ValueText.timestamp(base)).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(ValueText.timestamp(base + 123_456_789)).isEqualTo("2024-01-01T00:00:00.123456789Z");
        assertThat(ValueText.timestamp(base + 500_000_000)).isEqualTo("2024-01-01T00:00:00.500Z");
        assertThat(ValueText.timestamp(base + 1_000)).isEqualTo("2024-01-01T00:00:00.000001Z");
        assertThat(ValueText.timestamp(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(ValueText.timestamp(-1)).isEqualTo("1969-12-31T23:59:59.999999999Z");
    }

    @Test
    void timestampsReadAsInstantWritesThem() {
        long seed = new java.util.Random().nextLong();
        System.out.println("SqlValueTextTest.timestampsReadAsInstantWritesThem seed=" + seed);
        SplittableRandom r = new SplittableRandom(seed);
        TimestampText reused = new TimestampText(); // its day cache must not leak into the next value
        long[] fixed = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 1_000_000, 1_000, 951_782_400_000_000_000L /* 2000-02-29 */,
            -5_364_662_400_000_000_000L /* 1800-01-01 */, 4_102_444_799_999_999_999L /* 2099-12-31T23:59:59.999999999 */};
        for (long v : fixed) {
            assertThat(ValueText.timestamp(v)).isEqualTo(java.time.Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L),
                    Math.floorMod(v, 1_000_000_000L)).toString());
        }
        for (int i = 0; i < 200_000; i++) {
            long v = switch (i % 4) {
                case 0 -> r.nextLong();
                case 1 -> r.nextLong() / 1_000_000 * 1_000_000; // milliseconds
                case 2 -> r.nextLong() / 1_000 * 1_000; // microseconds
                default -> r.nextLong() / 1_000_000_000 * 1_000_000_000; // whole seconds
            };
            String expected = java.time.Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L)).toString();
            assertThat(ValueText.timestamp(v)).as("seed=%d value=%d", seed, v).isEqualTo(expected);
            assertThat(reused.format(v)).as("seed=%d value=%d", seed, v).isEqualTo(expected);
            long sameDay = v - Math.floorMod(v, 86_400_000_000_000L) + r.nextLong(86_400_000_000_000L);
            assertThat(reused.format(sameDay)).isEqualTo(java.time.Instant.ofEpochSecond(Math.floorDiv(sameDay, 1_000_000_000L),
                    Math.floorMod(sameDay, 1_000_000_000L)).toString());
        }
    }

    @Test
    void theFastRouteForDoublesWritesWhatTheDigitsRouteWrites() {
        long seed = System.nanoTime();
        System.out.println("SqlValueTextTest.theFastRouteForDoublesWritesWhatTheDigitsRouteWrites seed=" + seed);
        java.util.Random r = new java.util.Random(seed);
        double[] fixed = {1.0, -1.0, 100.0, 0.001, 0.000999, 9999999.0, 9999999.999999998, 1e7, 1e-7, 123456.789, 29.5, 1e-3, -1e-3,
            0.1 + 0.2, Math.nextDown(1e-3), Math.nextDown(1e7)};
        for (double d : fixed) {
            assertThat(ValueText.ofDouble(d)).as("%s", d).isEqualTo(ValueText.byDigits(d));
        }
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> r.nextDouble() * 100;
                case 1 -> Math.round(r.nextDouble() * 1e6) / 100.0;
                case 2 -> Double.longBitsToDouble(r.nextLong());
                default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            };
            if (Double.isFinite(d) && d != 0) {
                assertThat(ValueText.ofDouble(d)).as("%s (seed %d)", d, seed).isEqualTo(ValueText.byDigits(d));
            }
        }
    }
}
