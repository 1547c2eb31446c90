package dev.sundial.codec;

class FloatAsIntCodecTest extends DoubleCodecConformanceTest {
    @Override
    byte[] encode(double[] v, int n) {
        return ColumnCodecs.encodeDoubles(v, n, Compression.DELTA);
    }

    @Override
    int expectedId() {
        return CodecId.FLOAT_AS_INT;
    }
}
