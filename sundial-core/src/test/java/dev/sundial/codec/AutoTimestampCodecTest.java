package dev.sundial.codec;

class AutoTimestampCodecTest extends LongCodecConformanceTest {
    @Override
    byte[] encode(long[] v, int n) {
        return ColumnCodecs.encodeTimestamps(v, n, Compression.AUTO);
    }

    @Override
    int expectedId() {
        return -1;
    }
}
