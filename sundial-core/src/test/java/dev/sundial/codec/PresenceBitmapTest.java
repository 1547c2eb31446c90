package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PresenceBitmapTest extends BooleanCodecConformanceTest {
    @Override
    byte[] encode(boolean[] v, int n) {
        return ColumnCodecs.encodePresence(v, n);
    }

    @Override
    int decode(byte[] src, int off, int len, boolean[] dst, int n) {
        return ColumnCodecs.decodePresence(src, off, len, dst, n);
    }

    @Test
    void allPresentChunkCostsOneByte() {
        boolean[] v = new boolean[4096];
        java.util.Arrays.fill(v, true);
        assertThat(encode(v, 4096)).containsExactly(CodecId.PRESENCE_ALL);
        assertThat(encode(new boolean[4096], 4096)).containsExactly(CodecId.PRESENCE_NONE);
    }

    @Test
    void sparseNullsUseRunLengths() {
        boolean[] v = new boolean[4096];
        java.util.Arrays.fill(v, true);
        v[7] = false;
        v[3000] = false;
        byte[] b = encode(v, 4096);
        assertThat(b[0] & 0xFF).isEqualTo(CodecId.PRESENCE_RLE);
        boolean[] got = new boolean[4096];
        assertThat(decode(b, 0, b.length, got, 4096)).isEqualTo(4094);
        assertThat(got).isEqualTo(v);
    }
}
