package dev.sundial.bench.codec;

import java.util.Random;

/**
 * TSBS-style devops values for codec measurements: a random walk with N(0,1) steps clamped to
 * [0, 100] (as TSBS's cpu fields), optionally rounded to a number of decimals. Deterministic for a
 * seed. Not thread-safe.
 */
final class DevopsSeries {
    private DevopsSeries() {
    }

    /**
     * @param decimals digits kept after the point, or -1 for full precision
     */
    static double[] walk(long seed, int n, int decimals) {
        Random r = new Random(seed);
        double scale = decimals < 0 ? 0 : Math.pow(10, decimals);
        double v = r.nextDouble() * 100;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            v = Math.max(0, Math.min(100, v + r.nextGaussian()));
            out[i] = decimals < 0 ? v : Math.round(v * scale) / scale;
        }
        return out;
    }

    /** Regular timestamps: {@code n} points every {@code stepNanos} from 2024-01-01T00:00Z. */
    static long[] regular(int n, long stepNanos) {
        long[] ts = new long[n];
        long t0 = 1_704_067_200_000_000_000L;
        for (int i = 0; i < n; i++) {
            ts[i] = t0 + i * stepNanos;
        }
        return ts;
    }
}
