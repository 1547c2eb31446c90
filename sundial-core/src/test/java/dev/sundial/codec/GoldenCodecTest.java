package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Golden files pin every codec's byte format: each {@code golden/codec/<name>.bin} was produced
 * once from the deterministic inputs below (integer arithmetic and exact IEEE operations only, so
 * they are the same on every JVM). The test decodes the file and compares with the inputs, and
 * checks that encoding the inputs still gives identical bytes. A format change must add a new
 * codec id and new golden files, never rewrite these. To create a missing file: run with
 * {@code -Dsundial.golden.write=true}.
 */
class GoldenCodecTest {
    private static final int N = 300;

    private static long[] timestamps() {
        SplittableRandom r = new SplittableRandom(20240601);
        long[] ts = new long[N];
        long t = 1_717_200_000_000_000_000L;
        for (int i = 0; i < N; i++) {
            t += 10_000_000_000L * (r.nextInt(40) == 0 ? 1 + r.nextInt(30) : 1) + (r.nextInt(10) == 0 ? r.nextInt(5000) : 0);
            ts[i] = t;
        }
        ts[N - 1] = Long.MIN_VALUE; // wrapping deltas
        ts[N - 2] = ts[N - 3]; // a duplicate
        return ts;
    }

    private static double[] decimals() {
        SplittableRandom r = new SplittableRandom(42);
        double[] v = new double[N];
        long m = 5000;
        for (int i = 0; i < N; i++) {
            m = Math.max(0, Math.min(10_000, m + r.nextInt(201) - 100));
            v[i] = m / 100.0;
        }
        v[7] = Double.NaN;
        v[8] = -0.0;
        v[9] = 0.20199999999999999;
        v[10] = Double.longBitsToDouble(0x7FF0_0000_0000_0ABCL);
        v[11] = Double.NEGATIVE_INFINITY;
        v[12] = Double.MIN_VALUE;
        v[13] = 51.846000000000004;
        return v;
    }

    private static double[] fullPrecision() {
        SplittableRandom r = new SplittableRandom(7);
        double[] v = new double[N];
        double x = 50;
        for (int i = 0; i < N; i++) {
            x += ((r.nextLong() >> 11) * 0x1.0p-53) * 2; // exact IEEE operations only
            v[i] = x;
        }
        v[3] = -1.5;
        return v;
    }

    private static boolean[] bits(boolean runs) {
        SplittableRandom r = new SplittableRandom(3);
        boolean[] b = new boolean[N];
        boolean cur = true;
        for (int i = 0; i < N; i++) {
            if (runs && r.nextInt(60) == 0) {
                cur = !cur;
            }
            b[i] = runs ? cur : r.nextBoolean();
        }
        return b;
    }

    private static String[] strings() {
        String[] s = new String[N];
        for (int i = 0; i < N; i++) {
            s[i] = switch (i % 5) {
                case 0 -> "host_" + (i % 3);
                case 1 -> "日本";
                case 2 -> "\uD83D\uDE00";
                case 3 -> "\uD800lone";
                default -> "";
            };
        }
        return s;
    }

    private static byte[] golden(String name, byte[] encoded) throws IOException {
        String resource = "/golden/codec/" + name + ".bin";
        try (InputStream in = GoldenCodecTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                if (Boolean.getBoolean("sundial.golden.write")) {
                    Path p = Path.of("src/test/resources" + resource);
                    Files.createDirectories(p.getParent());
                    Files.write(p, encoded);
                    return encoded;
                }
                throw new AssertionError("missing golden file " + resource + " (create with -Dsundial.golden.write=true)");
            }
            byte[] g = in.readAllBytes();
            assertThat(encoded).as("encoding of %s no longer matches its golden file", name).isEqualTo(g);
            return g;
        }
    }

    @Test
    void longCodecs() throws IOException {
        long[] ts = timestamps();
        check("delta-of-delta", ColumnCodecs.encodeTimestamps(ts, N, Compression.DOUBLEDELTA), ts, CodecId.DELTA_OF_DELTA);
        check("delta", ColumnCodecs.encodeTimestamps(ts, N, Compression.DELTA), ts, CodecId.DELTA);
        check("raw-long", ColumnCodecs.encodeLongs(ts, N, Compression.NONE), ts, CodecId.RAW_LONG);
    }

    @Test
    void patchedPackingMiniblocks() throws IOException {
        // deltas of 2 bits, then of ~40 bits: one width per 256-value miniblock pays
        SplittableRandom r = new SplittableRandom(99);
        int n = 600;
        long[] v = new long[n];
        for (int i = 1; i < n; i++) {
            v[i] = v[i - 1] + (i < 300 ? r.nextInt(4) : r.nextLong(1L << 40));
        }
        assertThat(DeltaCodec.plan(v, n).plan().blocks()).as("miniblock form chosen").isNotNull();
        byte[] g = golden("delta-miniblocks", ColumnCodecs.encodeLongs(v, n, Compression.DELTA));
        long[] got = new long[n];
        ColumnCodecs.decodeLongs(g, 0, g.length, got, n);
        assertThat(got).isEqualTo(v);
    }

    private void check(String name, byte[] enc, long[] want, int id) throws IOException {
        byte[] g = golden(name, enc);
        assertThat(g[0] & 0xFF).isEqualTo(id);
        long[] got = new long[N];
        ColumnCodecs.decodeLongs(g, 0, g.length, got, N);
        assertThat(got).as(name).isEqualTo(want);
    }

    private void check(String name, byte[] enc, double[] want, int id) throws IOException {
        byte[] g = golden(name, enc);
        assertThat(g[0] & 0xFF).isEqualTo(id);
        double[] got = new double[N];
        ColumnCodecs.decodeDoubles(g, 0, g.length, got, N);
        DoubleCodecConformanceTest.assertSameBits(want, got, N, name);
    }

    @Test
    void doubleCodecs() throws IOException {
        double[] d = decimals();
        double[] f = fullPrecision();
        check("gorilla-xor", ColumnCodecs.encodeDoubles(d, N, Compression.GORILLA), d, CodecId.GORILLA_XOR);
        check("decimal", DecimalCodec.encode(d, N), d, CodecId.DECIMAL);
        check("float-as-int", ColumnCodecs.encodeDoubles(f, N, Compression.DELTA), f, CodecId.FLOAT_AS_INT);
        check("raw-double", ColumnCodecs.encodeDoubles(d, N, Compression.NONE), d, CodecId.RAW_DOUBLE);
    }

    @Test
    void booleansAndPresence() throws IOException {
        for (boolean runs : new boolean[] {false, true}) {
            boolean[] b = bits(runs);
            byte[] g = golden(runs ? "bool-rle" : "bool-bitmap", ColumnCodecs.encodeBooleans(b, N));
            assertThat(g[0] & 0xFF).isEqualTo(runs ? CodecId.BOOL_RLE : CodecId.BOOL_BITMAP);
            boolean[] got = new boolean[N];
            ColumnCodecs.decodeBooleans(g, 0, g.length, got, N);
            assertThat(got).isEqualTo(b);
            g = golden(runs ? "presence-rle" : "presence-bitmap", ColumnCodecs.encodePresence(b, N));
            assertThat(g[0] & 0xFF).isEqualTo(runs ? CodecId.PRESENCE_RLE : CodecId.PRESENCE_BITMAP);
            ColumnCodecs.decodePresence(g, 0, g.length, got, N);
            assertThat(got).isEqualTo(b);
        }
        boolean[] all = new boolean[N];
        java.util.Arrays.fill(all, true);
        assertThat(golden("presence-all", ColumnCodecs.encodePresence(all, N))).containsExactly(CodecId.PRESENCE_ALL);
        assertThat(golden("presence-none", ColumnCodecs.encodePresence(new boolean[N], N))).containsExactly(CodecId.PRESENCE_NONE);
    }

    @Test
    void stringCodecs() throws IOException {
        String[] s = strings();
        for (Compression c : new Compression[] {Compression.NONE, Compression.DICTIONARY}) {
            String name = c == Compression.NONE ? "string-plain" : "string-dictionary";
            byte[] g = golden(name, ColumnCodecs.encodeStrings(s, N, c));
            String[] got = new String[N];
            ColumnCodecs.decodeStrings(g, 0, g.length, got, N);
            assertThat(got).as(name).isEqualTo(s);
        }
    }

    @Test
    void seriesFraming() throws IOException {
        int n = 5000;
        long[] ts = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_717_200_000_000_000_000L + i * 1_000_000_000L;
            v[i] = (i % 977) / 10.0;
        }
        byte[] g = golden("series-timestamps", Codecs.encodeTimestamps(ts));
        assertThat(Codecs.decodeTimestamps(g, n)).isEqualTo(ts);
        g = golden("series-values", Codecs.encodeValues(v));
        DoubleCodecConformanceTest.assertSameBits(v, Codecs.decodeValues(g, n), n, "series-values");
    }
}
