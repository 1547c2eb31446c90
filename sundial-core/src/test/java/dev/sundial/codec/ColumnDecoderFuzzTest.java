package dev.sundial.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests, one per decoder: any input ends in values or a {@link
 * CorruptEncodingException}, never another exception, a hang or an OOM. Under plain {@code mvn
 * test} they replay the seeds in {@code ColumnDecoderFuzzTestInputs/<method>/} and the empty
 * input; {@code JAZZER_FUZZ=1} fuzzes for real. The first input byte picks the value count.
 */
class ColumnDecoderFuzzTest {
    private static int count(FuzzedDataProvider data) {
        int k = data.consumeInt(0, 5000);
        return data.consumeBoolean() ? k : Math.min(k, 70);
    }

    @FuzzTest(maxDuration = "60s")
    void decodeLongs(FuzzedDataProvider data) {
        int n = count(data);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            ColumnCodecs.decodeLongs(b, 0, b.length, new long[n], n);
        } catch (CorruptEncodingException expected) {
            // clean rejection
        }
    }

    @FuzzTest(maxDuration = "60s")
    void decodeDoubles(FuzzedDataProvider data) {
        int n = count(data);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            ColumnCodecs.decodeDoubles(b, 0, b.length, new double[n], n);
        } catch (CorruptEncodingException expected) {
            // clean rejection
        }
    }

    @FuzzTest(maxDuration = "60s")
    void decodeStrings(FuzzedDataProvider data) {
        int n = count(data);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            ColumnCodecs.decodeStrings(b, 0, b.length, new String[n], n);
        } catch (CorruptEncodingException expected) {
            // clean rejection
        }
    }

    @FuzzTest(maxDuration = "60s")
    void decodeBooleans(FuzzedDataProvider data) {
        int n = count(data);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            ColumnCodecs.decodeBooleans(b, 0, b.length, new boolean[n], n);
        } catch (CorruptEncodingException expected) {
            // clean rejection
        }
    }

    @FuzzTest(maxDuration = "60s")
    void decodePresence(FuzzedDataProvider data) {
        int n = count(data);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            int present = ColumnCodecs.decodePresence(b, 0, b.length, new boolean[n], n);
            if (present < 0 || present > n) {
                throw new IllegalStateException("BUG: present count " + present + " outside [0, " + n + "]");
            }
        } catch (CorruptEncodingException expected) {
            // clean rejection
        }
    }

    @FuzzTest(maxDuration = "60s")
    void decodeSeries(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 20_000);
        boolean values = data.consumeBoolean();
        byte[] b = data.consumeRemainingAsBytes();
        try {
            if (values) {
                Codecs.decodeValues(b, n);
            } else {
                Codecs.decodeTimestamps(b, n);
            }
        } catch (CorruptEncodingException expected) {
            // clean rejection
        }
    }
}
