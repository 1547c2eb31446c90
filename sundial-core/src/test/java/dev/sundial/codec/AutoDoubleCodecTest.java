package dev.sundial.codec;

class AutoDoubleCodecTest extends DoubleCodecConformanceTest {
    @Override
    byte[] encode(double[] v, int n) {
        return ColumnCodecs.encodeDoubles(v, n, Compression.AUTO);
    }

    @Override
    int expectedId() {
        return -1;
    }
}
