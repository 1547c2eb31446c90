package dev.sundial.codec;

class RawLongCodecTest extends LongCodecConformanceTest {
    @Override
    byte[] encode(long[] v, int n) {
        return ColumnCodecs.encodeLongs(v, n, Compression.NONE);
    }

    @Override
    int expectedId() {
        return CodecId.RAW_LONG;
    }
}
