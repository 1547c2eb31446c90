package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitIoTest {
    @Test
    void bitWriterAndReaderRoundTripRandomWidths() {
        for (long seed = 1; seed <= 50; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int count = r.nextInt(2000);
            int[] widths = new int[count];
            long[] values = new long[count];
            BitWriter w = new BitWriter();
            for (int i = 0; i < count; i++) {
                widths[i] = r.nextInt(65);
                values[i] = r.nextLong() & BitPacking.mask(widths[i]);
                w.write(values[i] | (widths[i] < 64 ? (r.nextLong() << widths[i]) : 0), widths[i]); // junk above k ignored
            }
            long bits = w.bitCount();
            byte[] b = w.toByteArray();
            assertThat((long) b.length).as("seed=%d", seed).isEqualTo((bits + 7) / 8);
            BitReader rd = new BitReader(b, 0, b.length, "test");
            for (int i = 0; i < count; i++) {
                assertThat(rd.readLong(widths[i])).as("seed=%d i=%d w=%d", seed, i, widths[i]).isEqualTo(values[i]);
            }
            assertThat(rd.bitPosition()).isEqualTo(bits);
            rd.expectEnd();
        }
    }

    @Test
    void readerRejectsReadsPastTheEndAndTrailingBytes() {
        byte[] b = {(byte) 0xFF, 0x00};
        BitReader r = new BitReader(b, 0, 1, "test");
        r.read(8);
        assertThatThrownBy(() -> r.read(1)).isInstanceOf(CorruptEncodingException.class)
                .hasMessageContaining("cannot decode test").hasMessageContaining("unexpected end");
        BitReader r2 = new BitReader(b, 0, 2, "test");
        r2.read(3);
        assertThatThrownBy(r2::expectEnd).isInstanceOf(CorruptEncodingException.class).hasMessageContaining("trailing");
    }

    @Test
    void bitPackingRoundTripsEveryWidthAndLength() {
        SplittableRandom r = new SplittableRandom(7);
        for (int w = 0; w <= 64; w++) {
            for (int n : new int[] {0, 1, 7, 8, 9, 63, 64, 65, 1000}) {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = r.nextLong() & BitPacking.mask(w);
                }
                ByteSink out = new ByteSink(8);
                BitPacking.pack(v, 0, n, w, out);
                byte[] b = out.toByteArray();
                assertThat((long) b.length).isEqualTo(BitPacking.packedBytes(n, w));
                long[] got = new long[n];
                BitPacking.unpack(b, 0, b.length, got, 0, n, w);
                assertThat(got).as("w=%d n=%d", w, n).isEqualTo(v);
                for (int i = 0; i < n; i++) {
                    assertThat(BitPacking.read(b, 0, b.length, (long) i * w, w)).isEqualTo(v[i]);
                }
            }
        }
    }

    @Test
    void exactDivisionAndGcd() {
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 10_000; k++) {
            long g = 1 + (r.nextLong() >>> (18 + r.nextInt(46))); // < 2^46: g * 0xFFFF does not wrap
            long q = r.nextLong() >> r.nextInt(64);
            long t = g * q;
            ExactDivisor d = new ExactDivisor(g);
            if (Math.multiplyHigh(g, q) == (t >> 63) && g <= (1L << 62)) {
                assertThat(d.quotientSigned(t)).as("g=%d q=%d", g, q).isEqualTo(q);
            }
            assertThat(d.dividesUnsigned(g * (q & 0xFFFF))).isTrue();
            assertThat(d.dividesUnsigned(g * (q & 0xFFFF) + 1)).isEqualTo(g == 1);
        }
        assertThat(ExactDivisor.gcdSigned(new long[] {-3_000_000_000L, 9_000_000_000L, 0}, 0, 3)).isEqualTo(3_000_000_000L);
        assertThat(ExactDivisor.gcdUnsigned(new long[] {0, 0}, 0, 2)).isEqualTo(1);
    }
}
