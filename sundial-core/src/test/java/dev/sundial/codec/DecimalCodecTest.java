package dev.sundial.codec;

class DecimalCodecTest extends DoubleCodecConformanceTest {
    @Override
    byte[] encode(double[] v, int n) {
        return DecimalCodec.encode(v, n);
    }

    @Override
    int expectedId() {
        return CodecId.DECIMAL;
    }
}
