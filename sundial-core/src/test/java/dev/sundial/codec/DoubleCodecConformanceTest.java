package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance of a double codec: every shape and length round-trips with identical raw bits
 * ({@link Double#doubleToRawLongBits}); truncated blocks are rejected; bit flips give values or a
 * {@link CorruptEncodingException}. Each concrete codec's test extends this.
 */
@Timeout(120)
abstract class DoubleCodecConformanceTest {
    static final long SEED = 0x5EED_0002L;

    abstract byte[] encode(double[] v, int n);

    /** The codec id the codec under test writes, or -1 when it may choose. */
    abstract int expectedId();

    void decode(byte[] src, int off, int len, double[] dst, int n) {
        ColumnCodecs.decodeDoubles(src, off, len, dst, n);
    }

    static void assertSameBits(double[] want, double[] got, int n, String ctx) {
        for (int i = 0; i < n; i++) {
            long a = Double.doubleToRawLongBits(want[i]);
            long b = Double.doubleToRawLongBits(got[i]);
            if (a != b) {
                fail(ctx + ": index " + i + " want " + Long.toHexString(a) + " (" + want[i] + ") got "
                        + Long.toHexString(b) + " (" + got[i] + ")");
            }
        }
    }

    private byte[] checkedEncode(double[] v, int n, String ctx) {
        byte[] b = encode(v, n);
        if (expectedId() >= 0) {
            assertThat(b[0] & 0xFF).as("%s: codec id", ctx).isEqualTo(expectedId());
        }
        return b;
    }

    @Test
    void everyShapeAndLengthRoundTripsBitExactly() {
        for (TestSeries.DoubleShape shape : TestSeries.doubleShapes()) {
            for (int n : TestSeries.LENGTHS) {
                long seed = SEED ^ (shape.name().hashCode() * 31L + n);
                double[] v = shape.make().apply(new SplittableRandom(seed), n);
                String ctx = shape.name() + " n=" + n + " seed=" + seed;
                byte[] b = checkedEncode(v, n, ctx);
                double[] got = new double[n + 3];
                Arrays.fill(got, 42);
                byte[] padded = new byte[b.length + 20];
                Arrays.fill(padded, (byte) 0x5A);
                System.arraycopy(b, 0, padded, 5, b.length);
                decode(padded, 5, b.length, got, n);
                assertSameBits(v, got, n, ctx);
                assertThat(got[n]).as(ctx + ": wrote past n").isEqualTo(42.0);
            }
        }
    }

    @Test
    void everySpecialValueRoundTripsAlone() {
        for (double s : TestSeries.SPECIALS) {
            double[] v = {s, s, 1.5, s};
            byte[] b = checkedEncode(v, v.length, "special " + Long.toHexString(Double.doubleToRawLongBits(s)));
            double[] got = new double[v.length];
            decode(b, 0, b.length, got, v.length);
            assertSameBits(v, got, v.length, "special " + s);
        }
    }

    @Test
    void randomBitPatternsRoundTrip() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int k = 0; k < 300; k++) {
            long seed = r.nextLong();
            SplittableRandom rr = new SplittableRandom(seed);
            int n = rr.nextInt(300);
            long mask = rr.nextLong();
            long fixed = rr.nextLong();
            // random bits under a random mask: families of values sharing some bits
            double[] v = TestSeries.fillD(n, i -> Double.longBitsToDouble((rr.nextLong() & mask) | (fixed & ~mask)));
            byte[] b = checkedEncode(v, n, "seed=" + seed);
            double[] got = new double[n];
            decode(b, 0, b.length, got, n);
            assertSameBits(v, got, n, "seed=" + seed);
        }
    }

    @Test
    void truncatedBlocksAreRejected() {
        for (TestSeries.DoubleShape shape : TestSeries.doubleShapes()) {
            for (int n : new int[] {1, 2, 3, 100, 4096}) {
                long seed = SEED ^ shape.name().hashCode() ^ n;
                double[] v = shape.make().apply(new SplittableRandom(seed), n);
                byte[] b = encode(v, n);
                double[] dst = new double[n];
                CorruptionChecks.truncationsRejected(b, (s, o, l) -> decode(s, o, l, dst, n),
                        shape.name() + " n=" + n + " seed=" + seed);
            }
        }
    }

    @Test
    void bitFlipsGiveValuesOrCleanErrors() {
        for (TestSeries.DoubleShape shape : TestSeries.doubleShapes()) {
            for (int n : new int[] {2, 100, 4096}) {
                long seed = SEED ^ shape.name().hashCode() ^ (n * 7L);
                double[] v = shape.make().apply(new SplittableRandom(seed), n);
                byte[] b = encode(v, n);
                double[] dst = new double[n];
                CorruptionChecks.bitFlipsClean(b, (s, o, l) -> decode(s, o, l, dst, n), new SplittableRandom(seed),
                        n == 4096 ? 60 : 200, shape.name() + " n=" + n + " seed=" + seed);
            }
        }
    }

    @Test
    void wrongCountNeverThrowsAnythingButCorrupt() {
        double[] v = TestSeries.walk(new SplittableRandom(SEED), 1000, 2);
        byte[] b = encode(v, 1000);
        for (int n : new int[] {0, 1, 999, 1001, 4096, ColumnCodecs.MAX_VALUES}) {
            double[] dst = new double[n];
            try {
                decode(b, 0, b.length, dst, n);
            } catch (CorruptEncodingException expected) {
                // fine
            }
        }
    }
}
