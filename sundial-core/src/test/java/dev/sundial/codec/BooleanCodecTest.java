package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BooleanCodecTest extends BooleanCodecConformanceTest {
    @Override
    byte[] encode(boolean[] v, int n) {
        return ColumnCodecs.encodeBooleans(v, n);
    }

    @Override
    int decode(byte[] src, int off, int len, boolean[] dst, int n) {
        ColumnCodecs.decodeBooleans(src, off, len, dst, n);
        return -1;
    }

    @Test
    void longRunsUseRunLengths() {
        boolean[] v = new boolean[4096];
        java.util.Arrays.fill(v, 100, 4096, true);
        byte[] b = encode(v, v.length);
        assertThat(b[0] & 0xFF).isEqualTo(CodecId.BOOL_RLE);
        assertThat(b.length).isLessThanOrEqualTo(6);
    }
}
