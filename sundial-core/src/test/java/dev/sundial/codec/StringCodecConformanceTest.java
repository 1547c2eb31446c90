package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance of a string codec: shapes (few distinct values, all distinct, unicode, lone
 * surrogates, empty strings) and lengths round-trip exactly; truncated blocks are rejected; bit
 * flips give values or a {@link CorruptEncodingException}.
 */
@Timeout(120)
abstract class StringCodecConformanceTest {
    static final long SEED = 0x5EED_0003L;

    abstract byte[] encode(String[] v, int n);

    abstract int expectedId();

    static final String[] ODD = {"", "a", "é", "日本語", "\uD83D\uDE00", "\uD800", "\uDC00x", "x\uD800", "\uDBFF\uDBFF",
        "\u0000", "tab\tnew\nline", "\uFFFF", "\u07FF\u0800"};

    static List<Object[]> shapes() {
        List<Object[]> s = new ArrayList<>();
        s.add(new Object[] {"few-hosts", (BiFunction<SplittableRandom, Integer, String[]>) (r, n) -> gen(n,
                i -> "host_" + r.nextInt(5))});
        s.add(new Object[] {"all-distinct", (BiFunction<SplittableRandom, Integer, String[]>) (r, n) -> gen(n,
                i -> "value-" + i + "-" + r.nextLong())});
        s.add(new Object[] {"odd-unicode", (BiFunction<SplittableRandom, Integer, String[]>) (r, n) -> gen(n,
                i -> ODD[r.nextInt(ODD.length)] + ODD[r.nextInt(ODD.length)])});
        s.add(new Object[] {"random-chars", (BiFunction<SplittableRandom, Integer, String[]>) (r, n) -> gen(n, i -> {
            char[] c = new char[r.nextInt(6)];
            for (int k = 0; k < c.length; k++) {
                c[k] = (char) r.nextInt(0x10000);
            }
            return new String(c);
        })});
        return s;
    }

    interface IntToString {
        String at(int i);
    }

    static String[] gen(int n, IntToString f) {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = f.at(i);
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    @Test
    void everyShapeAndLengthRoundTrips() {
        for (Object[] shape : shapes()) {
            for (int n : TestSeries.LENGTHS) {
                long seed = SEED ^ (shape[0].hashCode() * 31L + n);
                String[] v = ((BiFunction<SplittableRandom, Integer, String[]>) shape[1]).apply(new SplittableRandom(seed), n);
                byte[] b = encode(v, n);
                if (expectedId() >= 0) {
                    assertThat(b[0] & 0xFF).as("%s n=%d codec id", shape[0], n).isEqualTo(expectedId());
                }
                String[] got = new String[n];
                byte[] padded = new byte[b.length + 9];
                System.arraycopy(b, 0, padded, 4, b.length);
                ColumnCodecs.decodeStrings(padded, 4, b.length, got, n);
                assertThat(got).as("%s n=%d seed=%d", shape[0], n, seed).isEqualTo(v);
            }
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void truncationsRejectedAndBitFlipsClean() {
        for (Object[] shape : shapes()) {
            for (int n : new int[] {1, 3, 500}) {
                long seed = SEED ^ shape[0].hashCode() ^ n;
                String[] v = ((BiFunction<SplittableRandom, Integer, String[]>) shape[1]).apply(new SplittableRandom(seed), n);
                byte[] b = encode(v, n);
                String[] dst = new String[n];
                String ctx = shape[0] + " n=" + n + " seed=" + seed;
                CorruptionChecks.truncationsRejected(b, (s, o, l) -> ColumnCodecs.decodeStrings(s, o, l, dst, n), ctx);
                CorruptionChecks.bitFlipsClean(b, (s, o, l) -> ColumnCodecs.decodeStrings(s, o, l, dst, n),
                        new SplittableRandom(seed), 200, ctx);
            }
        }
    }

    @Test
    void nullValueIsACallerError() {
        assertThatThrownBy(() -> encode(new String[] {"a", null}, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index=1");
    }
}
