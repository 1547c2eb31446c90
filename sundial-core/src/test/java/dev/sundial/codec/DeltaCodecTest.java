package dev.sundial.codec;

class DeltaCodecTest extends LongCodecConformanceTest {
    @Override
    byte[] encode(long[] v, int n) {
        return ColumnCodecs.encodeLongs(v, n, Compression.DELTA);
    }

    @Override
    int expectedId() {
        return CodecId.DELTA;
    }
}
