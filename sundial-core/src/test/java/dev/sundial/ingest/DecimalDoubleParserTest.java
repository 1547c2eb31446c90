package dev.sundial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DecimalDoubleParser} against {@link Double#parseDouble}, bit for bit, on millions of inputs. */
class DecimalDoubleParserTest {
    private static final long SEED = Long.getLong("test.seed", 20240917L);

    private static void same(String text, long seed) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        double got = DecimalDoubleParser.parse(b, 0, b.length, true);
        double want = Double.parseDouble(text);
        if (Double.doubleToRawLongBits(got) != Double.doubleToRawLongBits(want)) {
            throw new AssertionError("seed=" + seed + " text=" + text + " got " + got + " want " + want);
        }
    }

    @Test
    void shortestReprOfRandomDoubles() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < 500_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            same(Double.toString(d), SEED);
            same(Double.toString(d).replace("E", "e"), SEED);
        }
    }

    @Test
    void randomDigitStrings() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            sb.setLength(0);
            if (r.nextBoolean()) {
                sb.append('-');
            }
            int digits = 1 + r.nextInt(r.nextBoolean() ? 19 : 26);
            int point = r.nextInt(digits + 2) - 1; // -1: no point
            for (int k = 0; k < digits; k++) {
                if (k == point) {
                    sb.append('.');
                }
                sb.append((char) ('0' + r.nextInt(10)));
            }
            if (point == digits) {
                sb.append('.');
            }
            if (r.nextInt(3) > 0) {
                sb.append(r.nextBoolean() ? 'e' : 'E');
                int e = r.nextInt(4) == 0 ? r.nextInt(700) - 350 : r.nextInt(50) - 25;
                if (e >= 0 && r.nextBoolean()) {
                    sb.append('+');
                }
                sb.append(e);
            }
            same(sb.toString(), SEED + 1);
        }
    }

    @Test
    void shortDecimalsAsMetricsPrintThem() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        for (int i = 0; i < 500_000; i++) {
            int decimals = r.nextInt(8);
            double v = r.nextDouble() * Math.pow(10, r.nextInt(12) - 3);
            same(new BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString(), SEED + 2);
        }
    }

    @Test
    void halfwayAndBoundaryCases() {
        SplittableRandom r = new SplittableRandom(SEED + 3);
        // exact midpoints between neighbouring doubles (need round-half-even)
        for (int i = 0; i < 50_000; i++) {
            double d = Math.abs(Double.longBitsToDouble(r.nextLong()));
            if (!Double.isFinite(d) || d == Double.MAX_VALUE) {
                continue;
            }
            BigDecimal mid = new BigDecimal(d).add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2));
            same(mid.toString(), SEED + 3);
        }
        // halfway integers and their binary scalings that still have ≤ 19 digits
        for (long k = 0; k < 50_000; k++) {
            long odd = (1L << 53) + 2 * k + 1;
            same(Long.toString(odd), 0);
            same(new BigDecimal(odd).divide(BigDecimal.valueOf(2)).toPlainString(), 0);
            same(new BigDecimal(odd).divide(BigDecimal.valueOf(4)).toPlainString(), 0);
            same(new BigDecimal(odd).multiply(BigDecimal.valueOf(8)).toPlainString(), 0);
        }
        for (String s : new String[] {"0", "-0", "0.0", "-0.", ".0", "0e999999999", "1e-400", "-1e-400", "4.9e-324",
            "2.4703282292062328e-324", "2.4703282292062327e-324", "2.2250738585072011e-308", "2.2250738585072012e-308",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e309", "1e22",
            "1e23", "9007199254740993", "123456789012345678901234567890", "0.000000000000000000000000000001234",
            "4503599627370496.5", "4503599627370497.5", "18446744073709551615", "9999999999999999999",
            "99999999999999999999", "1.00000000000000011102230246251565404236316680908203125"}) {
            same(s, 0);
        }
    }

    @Test
    void eightDigitsAtATime() {
        SplittableRandom r = new SplittableRandom(SEED + 4);
        for (int i = 0; i < 2_000_000; i++) {
            byte[] b = new byte[8];
            boolean all = true;
            long v = 0;
            for (int k = 0; k < 8; k++) {
                int c = r.nextInt(4) == 0 ? r.nextInt(256) : '0' + r.nextInt(10);
                b[k] = (byte) c;
                all &= c >= '0' && c <= '9';
                v = v * 10 + (c - '0');
            }
            long w = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(DecimalDoubleParser.eightDigits(w)).as("seed=%d %s", SEED + 4, java.util.Arrays.toString(b)).isEqualTo(all);
            if (all) {
                assertThat(DecimalDoubleParser.eightDigitValue(w)).as("seed=%d", SEED + 4).isEqualTo(v);
            }
        }
    }

    @Test
    void syntaxErrorsGiveNaN() {
        for (String s : new String[] {"", "-", ".", "-.", "e5", "1e", "1e+", "1e-", "1.2.3", "1..2", "--1", "+-1", "1e5.5",
            "0x10", "Infinity", "NaN", "1f", "1d", " 1", "1 ", "1_000", "١"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(DecimalDoubleParser.parse(b, 0, b.length, true)).as(s).isNaN();
        }
        byte[] plus = "+1".getBytes(StandardCharsets.US_ASCII);
        assertThat(DecimalDoubleParser.parse(plus, 0, 2, false)).isNaN();
        assertThat(DecimalDoubleParser.parse(plus, 0, 2, true)).isEqualTo(1.0);
    }
}
