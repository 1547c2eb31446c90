package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance of a long/timestamp codec: every shape and length round-trips exactly; truncated
 * blocks are rejected; bit flips give values or a {@link CorruptEncodingException}. Each concrete
 * codec's test extends this.
 */
@Timeout(120)
abstract class LongCodecConformanceTest {
    static final long SEED = 0x5EED_0001L;

    /** Encodes with the codec under test. */
    abstract byte[] encode(long[] v, int n);

    /** The codec id the codec under test writes, or -1 when it may choose. */
    abstract int expectedId();

    void decode(byte[] src, int off, int len, long[] dst, int n) {
        ColumnCodecs.decodeLongs(src, off, len, dst, n);
    }

    private byte[] checkedEncode(long[] v, int n, String ctx) {
        byte[] b = encode(v, n);
        if (expectedId() >= 0) {
            assertThat(b[0] & 0xFF).as("%s: codec id", ctx).isEqualTo(expectedId());
        }
        return b;
    }

    @Test
    void everyShapeAndLengthRoundTrips() {
        for (TestSeries.LongShape shape : TestSeries.longShapes()) {
            for (int n : TestSeries.LENGTHS) {
                long seed = SEED ^ (shape.name().hashCode() * 31L + n);
                long[] v = shape.make().apply(new SplittableRandom(seed), n);
                String ctx = shape.name() + " n=" + n + " seed=" + seed;
                byte[] b = checkedEncode(v, n, ctx);
                long[] got = new long[n + 3];
                Arrays.fill(got, 42);
                // decode from the middle of a larger array with garbage after the block
                byte[] padded = new byte[b.length + 20];
                Arrays.fill(padded, (byte) 0xA5);
                System.arraycopy(b, 0, padded, 7, b.length);
                decode(padded, 7, b.length, got, n);
                if (!Arrays.equals(v, 0, n, got, 0, n)) {
                    fail(ctx + ": round trip differs at index " + Arrays.mismatch(v, 0, n, got, 0, n));
                }
                assertThat(got[n]).as(ctx + ": wrote past n").isEqualTo(42);
            }
        }
    }

    @Test
    void randomLengthsAndValuesRoundTrip() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int k = 0; k < 300; k++) {
            long seed = r.nextLong();
            SplittableRandom rr = new SplittableRandom(seed);
            int n = rr.nextInt(300);
            int bits = rr.nextInt(65);
            long[] v = TestSeries.fill(n, i -> bits == 64 ? rr.nextLong() : rr.nextLong() >> (64 - Math.max(1, bits)));
            byte[] b = checkedEncode(v, n, "seed=" + seed);
            long[] got = new long[n];
            decode(b, 0, b.length, got, n);
            assertThat(got).as("seed=%d", seed).isEqualTo(v);
        }
    }

    @Test
    void truncatedBlocksAreRejected() {
        for (TestSeries.LongShape shape : TestSeries.longShapes()) {
            for (int n : new int[] {1, 2, 3, 100, 4096}) {
                long seed = SEED ^ shape.name().hashCode() ^ n;
                long[] v = shape.make().apply(new SplittableRandom(seed), n);
                byte[] b = encode(v, n);
                long[] dst = new long[n];
                CorruptionChecks.truncationsRejected(b, (s, o, l) -> decode(s, o, l, dst, n),
                        shape.name() + " n=" + n + " seed=" + seed);
            }
        }
    }

    @Test
    void bitFlipsGiveValuesOrCleanErrors() {
        for (TestSeries.LongShape shape : TestSeries.longShapes()) {
            for (int n : new int[] {2, 100, 4096}) {
                long seed = SEED ^ shape.name().hashCode() ^ (n * 7L);
                long[] v = shape.make().apply(new SplittableRandom(seed), n);
                byte[] b = encode(v, n);
                long[] dst = new long[n];
                CorruptionChecks.bitFlipsClean(b, (s, o, l) -> decode(s, o, l, dst, n), new SplittableRandom(seed),
                        n == 4096 ? 100 : 300, shape.name() + " n=" + n + " seed=" + seed);
            }
        }
    }

    @Test
    void wrongCountNeverThrowsAnythingButCorrupt() {
        long[] v = TestSeries.longShapes().get(1).make().apply(new SplittableRandom(SEED), 1000);
        byte[] b = encode(v, 1000);
        for (int n : new int[] {0, 1, 999, 1001, 4096, ColumnCodecs.MAX_VALUES}) {
            long[] dst = new long[n];
            try {
                decode(b, 0, b.length, dst, n);
            } catch (CorruptEncodingException expected) {
                // fine
            }
        }
    }
}
