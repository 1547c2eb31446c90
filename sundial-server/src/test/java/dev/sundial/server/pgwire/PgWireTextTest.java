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
