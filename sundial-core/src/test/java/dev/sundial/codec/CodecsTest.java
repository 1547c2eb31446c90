package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CodecsTest {
    @Test
    void seriesOfAnyLengthRoundTripAcrossChunks() {
        for (int n : new int[] {0, 1, 4095, 4096, 4097, 10_000}) {
            SplittableRandom r = new SplittableRandom(n);
            long[] ts = TestSeries.fill(n, i -> TestSeries.T0 + i * 1_000_000_000L + (r.nextInt(10) == 0 ? 5 : 0));
            double[] v = TestSeries.walk(r, n, 2);
            long[] gotTs = Codecs.decodeTimestamps(Codecs.encodeTimestamps(ts), n);
            double[] gotV = Codecs.decodeValues(Codecs.encodeValues(v), n);
            assertThat(gotTs).as("n=%d", n).isEqualTo(ts);
            DoubleCodecConformanceTest.assertSameBits(v, gotV, n, "n=" + n);
        }
    }

    @Test
    void regularSecondTimestampsCostUnderOneBitEach() {
        long[] ts = TestSeries.fill(8192, i -> TestSeries.T0 + i * 1_000_000_000L);
        assertThat(Codecs.encodeTimestamps(ts).length).isLessThan(8192 / 8);
    }

    @Test
    void wrongCountOrCorruptFramingIsRejectedBeforeAllocating() {
        byte[] b = Codecs.encodeValues(new double[] {1, 2, 3});
        assertThatThrownBy(() -> Codecs.decodeValues(b, Integer.MAX_VALUE)).isInstanceOf(CorruptEncodingException.class);
        assertThatThrownBy(() -> Codecs.decodeValues(b, 5000)).isInstanceOf(CorruptEncodingException.class);
        assertThatThrownBy(() -> Codecs.decodeTimestamps(new byte[] {(byte) 0xFF, (byte) 0xFF, 1}, 10))
                .isInstanceOf(CorruptEncodingException.class).hasMessageContaining("series timestamps");
        assertThatThrownBy(() -> Codecs.decodeValues(b, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodingAValueBlockAsLongsIsACleanError() {
        byte[] b = ColumnCodecs.encodeDoubles(new double[] {1.5}, 1, Compression.GORILLA);
        assertThatThrownBy(() -> ColumnCodecs.decodeLongs(b, 0, b.length, new long[1], 1))
                .isInstanceOf(CorruptEncodingException.class)
                .hasMessage("cannot decode longs [offset=0]: codec id gorilla-xor is not a long codec "
                        + "(expected delta, delta-of-delta or raw-long)");
        assertThatThrownBy(() -> ColumnCodecs.decodeDoubles(new byte[0], 0, 0, new double[1], 1))
                .isInstanceOf(CorruptEncodingException.class).hasMessageContaining("empty block");
        assertThatThrownBy(() -> ColumnCodecs.decodeDoubles(b, 0, b.length, new double[1], ColumnCodecs.MAX_VALUES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void autoPicksTheSmallestCandidate() {
        double[] v = TestSeries.walk(new SplittableRandom(3), 4096, 2);
        int auto = ColumnCodecs.encodeDoubles(v, 4096, Compression.AUTO).length;
        for (Compression c : Compression.values()) {
            assertThat(auto).as("auto vs %s", c).isLessThanOrEqualTo(ColumnCodecs.encodeDoubles(v, 4096, c).length);
        }
        assertThat(auto).isLessThanOrEqualTo(DecimalCodec.encode(v, 4096).length);
        long[] ts = TestSeries.fill(4096, i -> TestSeries.T0 + i * 10_000_000_000L);
        int autoTs = ColumnCodecs.encodeTimestamps(ts, 4096, Compression.AUTO).length;
        for (Compression c : Compression.values()) {
            assertThat(autoTs).as("auto vs %s", c).isLessThanOrEqualTo(ColumnCodecs.encodeTimestamps(ts, 4096, c).length);
        }
    }
}
