package dev.sundial.codec;

class RawDoubleCodecTest extends DoubleCodecConformanceTest {
    @Override
    byte[] encode(double[] v, int n) {
        return ColumnCodecs.encodeDoubles(v, n, Compression.NONE);
    }

    @Override
    int expectedId() {
        return CodecId.RAW_DOUBLE;
    }
}
