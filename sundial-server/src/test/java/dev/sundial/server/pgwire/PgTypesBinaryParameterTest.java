package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Binary parameters of the types clients send that have no Sundial type of their own: PostgreSQL's
 * base-10,000 {@code numeric} and its day-count {@code date}, built here byte by byte as PostgreSQL's
 * {@code numeric_send} and {@code date_send} lay them out.
 */
class PgTypesBinaryParameterTest {
    static byte[] numeric(int weight, int sign, int dscale, int... digits) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * digits.length);
        b.putShort((short) digits.length).putShort((short) weight).putShort((short) sign).putShort((short) dscale);
        for (int d : digits) {
            b.putShort((short) d);
        }
        return b.array();
    }

    static Object param(int oid, byte[] v) {
        return PgTypes.parameter(oid, true, v, 1);
    }

    @Test
    void numericDigitsAndWeightsReadExactly() {
        assertThat(((BigDecimal) param(PgTypes.NUMERIC, numeric(1, 0, 3, 1, 2345, 6780)))).isEqualByComparingTo("12345.678");
        assertThat(((BigDecimal) param(PgTypes.NUMERIC, numeric(-2, 0x4000, 6, 1200)))).isEqualByComparingTo("-0.000012");
        assertThat(((BigDecimal) param(PgTypes.NUMERIC, numeric(2, 0, 0, 7)))).isEqualByComparingTo("700000000");
        assertThat(((BigDecimal) param(PgTypes.NUMERIC, numeric(0, 0, 0)))).isEqualByComparingTo("0");
        assertThat(param(PgTypes.NUMERIC, numeric(0, 0xC000, 0))).isEqualTo(Double.NaN);
        assertThat(param(PgTypes.NUMERIC, numeric(0, 0xD000, 0))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(param(PgTypes.NUMERIC, numeric(0, 0xF000, 0))).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void malformedNumericIsAClearParameterError() {
        assertThatThrownBy(() -> param(PgTypes.NUMERIC, numeric(0, 0, 0, 10_000))).isInstanceOf(PgError.class)
                .hasMessageContaining("cannot read parameter $1").hasMessageContaining("outside 0..9999");
        assertThatThrownBy(() -> param(PgTypes.NUMERIC, numeric(0, 0x1234, 0, 1))).isInstanceOf(PgError.class)
                .hasMessageContaining("numeric sign");
        byte[] cut = numeric(1, 0, 0, 1, 2);
        assertThatThrownBy(() -> param(PgTypes.NUMERIC, java.util.Arrays.copyOf(cut, cut.length - 1))).isInstanceOf(PgError.class)
                .hasMessageContaining("cannot read parameter $1");
    }

    @Test
    void dateCountsDaysFromTwoThousand() {
        assertThat(param(PgTypes.DATE, ByteBuffer.allocate(4).putInt(0).array())).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(param(PgTypes.DATE, ByteBuffer.allocate(4).putInt(-10_957).array())).isEqualTo(Instant.EPOCH);
        assertThat(param(PgTypes.DATE, ByteBuffer.allocate(4).putInt(8_766).array())).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }
}
