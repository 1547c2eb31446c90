package dev.sundial.codec;

class DictionaryStringCodecTest extends StringCodecConformanceTest {
    @Override
    byte[] encode(String[] v, int n) {
        return ColumnCodecs.encodeStrings(v, n, Compression.DICTIONARY);
    }

    @Override
    int expectedId() {
        return CodecId.STRING_DICTIONARY;
    }
}
