package dev.sundial.codec;

class PlainStringCodecTest extends StringCodecConformanceTest {
    @Override
    byte[] encode(String[] v, int n) {
        return ColumnCodecs.encodeStrings(v, n, Compression.NONE);
    }

    @Override
    int expectedId() {
        return CodecId.STRING_PLAIN;
    }
}
