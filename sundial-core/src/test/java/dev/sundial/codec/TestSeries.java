package dev.sundial.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/** Seeded input shapes for the codec conformance tests. */
final class TestSeries {
    static final int[] LENGTHS = {0, 1, 2, 3, 5, 8, 63, 64, 65, 127, 1000, 4095, 4096, 5000};

    private TestSeries() {
    }

    record LongShape(String name, BiFunction<SplittableRandom, Integer, long[]> make) {
    }

    record DoubleShape(String name, BiFunction<SplittableRandom, Integer, double[]> make) {
    }

    static final long T0 = 1_700_000_000_000_000_000L;

    static List<LongShape> longShapes() {
        List<LongShape> s = new ArrayList<>();
        s.add(new LongShape("regular-10s", (r, n) -> fill(n, i -> T0 + i * 10_000_000_000L)));
        s.add(new LongShape("regular-with-gaps", (r, n) -> {
            long[] a = new long[n];
            long t = T0;
            for (int i = 0; i < n; i++) {
                t += (r.nextInt(50) == 0 ? 1 + r.nextInt(100) : 1) * 300_000_000_000L;
                a[i] = t;
            }
            return a;
        }));
        s.add(new LongShape("jittered-us", (r, n) -> {
            long[] a = new long[n];
            long t = T0;
            for (int i = 0; i < n; i++) {
                t += r.nextInt(2_000_000) * 1000L;
                a[i] = t;
            }
            return a;
        }));
        s.add(new LongShape("unsorted-duplicates", (r, n) -> {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = T0 + r.nextInt(Math.max(1, n / 2)) * 1_000_000_000L;
            }
            return a;
        }));
        s.add(new LongShape("random-bits", (r, n) -> fill(n, i -> r.nextLong())));
        s.add(new LongShape("extremes", (r, n) -> {
            long[] pool = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
            return fill(n, i -> pool[r.nextInt(pool.length)]);
        }));
        s.add(new LongShape("alternating-min-max", (r, n) -> fill(n, i -> (i & 1) == 0 ? Long.MIN_VALUE : Long.MAX_VALUE)));
        s.add(new LongShape("constant", (r, n) -> {
            long c = r.nextLong();
            return fill(n, i -> c);
        }));
        s.add(new LongShape("small-walk", (r, n) -> {
            long[] a = new long[n];
            long v = r.nextInt(1000) - 500;
            for (int i = 0; i < n; i++) {
                v += r.nextInt(21) - 10;
                a[i] = v;
            }
            return a;
        }));
        s.add(new LongShape("counts-with-spikes", (r, n) -> fill(n, i -> r.nextInt(100) == 0 ? r.nextLong(1L << 40) : r.nextInt(200))));
        s.add(new LongShape("multiples-of-1000", (r, n) -> fill(n, i -> (r.nextInt(2000) - 1000) * 1000L)));
        return s;
    }

    static double[] walk(SplittableRandom r, int n, int decimals) {
        double[] a = new double[n];
        double v = r.nextDouble() * 100;
        double scale = Math.pow(10, decimals);
        for (int i = 0; i < n; i++) {
            v = Math.max(0, Math.min(100, v + gaussian(r)));
            a[i] = decimals < 0 ? v : Math.round(v * scale) / scale;
        }
        return a;
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default
        double u = 1 - r.nextDouble();
        double w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }

    static final double[] SPECIALS = {
        Double.NaN, Double.longBitsToDouble(0x7FF0_0000_0000_0001L), Double.longBitsToDouble(0xFFF8_0000_0000_1234L),
        Double.longBitsToDouble(0x7FF7_FFFF_FFFF_FFFFL), -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.longBitsToDouble(0x000F_FFFF_FFFF_FFFFL),
        Double.MAX_VALUE, -Double.MAX_VALUE, 1e300, -1e-300, 9.3e18, -9.3e18, 0.20199999999999999, 0.202, 1.0, -1.0,
    };

    static List<DoubleShape> doubleShapes() {
        List<DoubleShape> s = new ArrayList<>();
        s.add(new DoubleShape("walk-full", (r, n) -> walk(r, n, -1)));
        for (int d = 0; d <= 6; d++) {
            int dd = d;
            s.add(new DoubleShape("walk-" + d + "-decimals", (r, n) -> walk(r, n, dd)));
        }
        s.add(new DoubleShape("specials", (r, n) -> fillD(n, i -> SPECIALS[r.nextInt(SPECIALS.length)])));
        s.add(new DoubleShape("random-bits", (r, n) -> fillD(n, i -> Double.longBitsToDouble(r.nextLong()))));
        s.add(new DoubleShape("constant", (r, n) -> {
            double c = r.nextDouble() * 1000;
            return fillD(n, i -> c);
        }));
        s.add(new DoubleShape("constant-nan-payload", (r, n) -> fillD(n, i -> Double.longBitsToDouble(0x7FF8_0000_0000_00AAL))));
        s.add(new DoubleShape("decimals-with-long-ones", (r, n) -> fillD(n, i -> r.nextInt(20) == 0 ? 0.20199999999999999
                : (r.nextInt(1000) / 1000.0))));
        s.add(new DoubleShape("counts", (r, n) -> fillD(n, i -> r.nextInt(300))));
        s.add(new DoubleShape("large-integers", (r, n) -> fillD(n, i -> (double) (r.nextLong() >> r.nextInt(64)))));
        s.add(new DoubleShape("signed-walk", (r, n) -> {
            double[] a = new double[n];
            double v = 0;
            for (int i = 0; i < n; i++) {
                v += gaussian(r) * 1e-3;
                a[i] = v;
            }
            return a;
        }));
        s.add(new DoubleShape("sine", (r, n) -> fillD(n, i -> Math.sin(i * 0.01) * 50)));
        return s;
    }

    interface IntToLong {
        long at(int i);
    }

    interface IntToDouble {
        double at(int i);
    }

    static long[] fill(int n, IntToLong f) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = f.at(i);
        }
        return a;
    }

    static double[] fillD(int n, IntToDouble f) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = f.at(i);
        }
        return a;
    }
}
