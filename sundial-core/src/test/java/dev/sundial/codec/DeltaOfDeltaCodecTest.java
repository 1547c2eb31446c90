package dev.sundial.codec;

class DeltaOfDeltaCodecTest extends LongCodecConformanceTest {
    @Override
    byte[] encode(long[] v, int n) {
        return ColumnCodecs.encodeLongs(v, n, Compression.DOUBLEDELTA);
    }

    @Override
    int expectedId() {
        return CodecId.DELTA_OF_DELTA;
    }
}
