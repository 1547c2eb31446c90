package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.table.Interval;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The text forms PostgreSQL 16 writes (checked against its float8out, timestamptz_out and interval_out). */
class PgWireTextTest {
    private static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void timestampsAreIsoInUtcWithTheFractionTrimmed() {
        assertThat(PgText.timestamp(0)).isEqualTo("1970-01-01 00:00:00+00");
        assertThat(PgText.timestamp(nanos("2024-02-29T23:59:59.120Z"))).isEqualTo("2024-02-29 23:59:59.12+00");
        assertThat(PgText.timestamp(nanos("2024-01-01T00:00:00.000000001Z"))).isEqualTo("2024-01-01 00:00:00.000000001+00");
        assertThat(PgText.timestamp(-1)).isEqualTo("1969-12-31 23:59:59.999999999+00"); // floor, not truncation
    }

    @Test
    void theFastTimestampPathAgreesWithJavaTimeOverSundialsRange() {
        long seed = System.nanoTime();
        System.out.println("PgWireTextTest seed=" + seed);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
        for (int i = 0; i < 100_000; i++) {
            long ns = i < 2 ? (i == 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE) : rnd.nextLong();
            if (i % 3 == 0) {
                ns = ns / 1_000_000_000L * 1_000_000_000L; // whole seconds: no fraction
            }
            Instant t = Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
            String frac = t.getNano() == 0 ? "" : ("." + Integer.toString(1_000_000_000 + t.getNano()).substring(1)).replaceAll("0+$", "");
            assertThat(PgText.timestamp(ns)).as("%d", ns).isEqualTo(f.format(t.atOffset(java.time.ZoneOffset.UTC)) + frac + "+00");
        }
    }

    @Test
    void theFastDoublePathAgreesWithTheGeneralOne() {
        long seed = System.nanoTime();
        System.out.println("PgWireTextTest seed=" + seed);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            double d = switch (i % 6) {
                case 0 -> rnd.nextDouble() * 1e7;
                case 1 -> Math.round(rnd.nextDouble() * 1e6) / 100.0;
                case 2 -> -rnd.nextDouble() * Math.pow(10, rnd.nextInt(-3, 8));
                case 3 -> (double) rnd.nextLong(-10_000_000, 10_000_000);
                // short decimals of every magnitude the fast path takes, and just outside it
                case 4 -> rnd.nextLong(-100_000_000_000_000L, 100_000_000_000_000L) / Math.pow(10, rnd.nextInt(0, 6));
                default -> Math.round(rnd.nextDouble() * Math.pow(10, rnd.nextInt(0, 16))) / Math.pow(10, rnd.nextInt(0, 5));
            };
            if (d != 0) {
                assertThat(PgText.float8(d)).as("%s", d).isEqualTo(dev.sundial.sql.output.ValueText.shortestDigits(d, -4, 15, 2));
            }
        }
        assertThat(PgText.float8(0.001)).isEqualTo("0.001");
        assertThat(PgText.float8(9999999.5)).isEqualTo("9999999.5");
        assertThat(PgText.float8(1e7)).isEqualTo("10000000");
        assertThat(PgText.float8(-12.3)).isEqualTo("-12.3");
        assertThat(PgText.float8(0.05)).isEqualTo("0.05");
        assertThat(PgText.float8(999_999_999_999.999)).isEqualTo("999999999999.999");
        assertThat(PgText.float8(1e12)).isEqualTo("1000000000000");
    }

    @Test
    void doublesUseShortestDigitsAndPostgresExponentForm() {
        assertThat(PgText.float8(1.5)).isEqualTo("1.5");
        assertThat(PgText.float8(100)).isEqualTo("100");
        assertThat(PgText.float8(0.0001)).isEqualTo("0.0001");
        assertThat(PgText.float8(0.00001)).isEqualTo("1e-05");
        assertThat(PgText.float8(123456789012345.0)).isEqualTo("123456789012345");
        assertThat(PgText.float8(1e15)).isEqualTo("1e+15");
        assertThat(PgText.float8(-1.25e100)).isEqualTo("-1.25e+100");
        assertThat(PgText.float8(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PgText.float8(-0.0)).isEqualTo("-0");
        assertThat(PgText.float8(Double.NaN)).isEqualTo("NaN");
        assertThat(PgText.float8(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void intervalsInPostgresStyle() {
        assertThat(PgText.interval(new Interval(0, 5_400_000_000_000L))).isEqualTo("01:30:00");
        assertThat(PgText.interval(0L)).isEqualTo("00:00:00");
        assertThat(PgText.interval(new Interval(14, 0))).isEqualTo("1 year 2 mons");
        assertThat(PgText.interval(new Interval(1, 90_000_500_000_000L))).isEqualTo("1 mon 25:00:00.5");
        assertThat(PgText.interval(-1_500_000_000L)).isEqualTo("-00:00:01.5");
    }
}
