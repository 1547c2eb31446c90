package dev.sundial.codec;

class AutoStringCodecTest extends StringCodecConformanceTest {
    @Override
    byte[] encode(String[] v, int n) {
        return ColumnCodecs.encodeStrings(v, n, Compression.AUTO);
    }

    @Override
    int expectedId() {
        return -1;
    }
}
