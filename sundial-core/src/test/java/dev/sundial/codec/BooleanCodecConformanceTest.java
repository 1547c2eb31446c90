package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance of a boolean-sequence codec (booleans and presence bitmaps): random densities, runs
 * and lengths round-trip exactly; truncated blocks are rejected; bit flips give values or a
 * {@link CorruptEncodingException}.
 */
@Timeout(120)
abstract class BooleanCodecConformanceTest {
    static final long SEED = 0x5EED_0004L;

    abstract byte[] encode(boolean[] v, int n);

    /** Decodes; returns the number of true values, or -1 if the codec does not report it. */
    abstract int decode(byte[] src, int off, int len, boolean[] dst, int n);

    static boolean[] shape(SplittableRandom r, int n, int kind) {
        boolean[] a = new boolean[n];
        boolean cur = r.nextBoolean();
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case 0 -> a[i] = r.nextBoolean();
                case 1 -> a[i] = true;
                case 2 -> a[i] = false;
                case 3 -> {
                    if (r.nextInt(200) == 0) {
                        cur = !cur;
                    }
                    a[i] = cur;
                }
                case 4 -> a[i] = r.nextInt(50) == 0;
                default -> a[i] = (i & 1) == 0;
            }
        }
        return a;
    }

    @Test
    void everyShapeAndLengthRoundTrips() {
        for (int kind = 0; kind < 6; kind++) {
            for (int n : TestSeries.LENGTHS) {
                long seed = SEED ^ (kind * 131L + n);
                boolean[] v = shape(new SplittableRandom(seed), n, kind);
                byte[] b = encode(v, n);
                boolean[] got = new boolean[n];
                byte[] padded = new byte[b.length + 9];
                java.util.Arrays.fill(padded, (byte) -1);
                System.arraycopy(b, 0, padded, 2, b.length);
                int count = decode(padded, 2, b.length, got, n);
                assertThat(got).as("kind=%d n=%d seed=%d", kind, n, seed).isEqualTo(v);
                if (count >= 0) {
                    int want = 0;
                    for (boolean x : v) {
                        want += x ? 1 : 0;
                    }
                    assertThat(count).as("kind=%d n=%d seed=%d count", kind, n, seed).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void truncationsRejectedAndBitFlipsClean() {
        for (int kind = 0; kind < 6; kind++) {
            for (int n : new int[] {1, 9, 4096}) {
                long seed = SEED ^ (kind * 17L + n);
                boolean[] v = shape(new SplittableRandom(seed), n, kind);
                byte[] b = encode(v, n);
                boolean[] dst = new boolean[n];
                String ctx = "kind=" + kind + " n=" + n + " seed=" + seed;
                if (b.length > 1) { // all-present / all-absent blocks are the id byte alone
                    CorruptionChecks.truncationsRejected(b, (s, o, l) -> decode(s, o, l, dst, n), ctx);
                }
                CorruptionChecks.bitFlipsClean(b, (s, o, l) -> decode(s, o, l, dst, n), new SplittableRandom(seed), 200, ctx);
            }
        }
    }
}
