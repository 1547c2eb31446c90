package dev.sundial.codec;

class AutoLongCodecTest extends LongCodecConformanceTest {
    @Override
    byte[] encode(long[] v, int n) {
        return ColumnCodecs.encodeLongs(v, n, Compression.AUTO);
    }

    @Override
    int expectedId() {
        return -1;
    }
}
