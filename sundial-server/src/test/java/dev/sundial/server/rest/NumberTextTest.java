package dev.sundial.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.sql.output.ValueText;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The REST query's fast number text is exactly the SQL endpoint's ({@link ValueText#ofDouble}). */
class NumberTextTest {
    @Test
    void theFastPathWritesWhatValueTextWrites() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        double[] fixed = {0.0, -0.0, 1.0, -1.0, 100.0, 0.001, 0.000999, 9999999.0, 1e7, 1e-7, 1.5e21, 123456.789, Double.MIN_VALUE,
            Double.MAX_VALUE, 29.5, 1e-3, -1e-3, 0.1 + 0.2};
        for (double d : fixed) {
            assertThat(TimeseriesQuery.numberText(d)).as("%s", d).isEqualTo(ValueText.ofDouble(d));
        }
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> r.nextDouble() * 100;
                case 1 -> Math.round(r.nextDouble() * 1e6) / 100.0;
                case 2 -> Double.longBitsToDouble(r.nextLong());
                default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            };
            if (Double.isFinite(d)) {
                assertThat(TimeseriesQuery.numberText(d)).as("%s (seed %d)", d, seed).isEqualTo(ValueText.ofDouble(d));
            }
        }
    }
}
