package dev.sundial.codec;

class GorillaXorCodecTest extends DoubleCodecConformanceTest {
    @Override
    byte[] encode(double[] v, int n) {
        return ColumnCodecs.encodeDoubles(v, n, Compression.GORILLA);
    }

    @Override
    int expectedId() {
        return CodecId.GORILLA_XOR;
    }
}
