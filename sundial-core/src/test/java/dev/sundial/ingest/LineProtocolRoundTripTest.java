package dev.sundial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random points with nasty names and values (spaces, commas, '=', quotes, backslashes,
 * control characters, non-ASCII, line feeds in strings) written by {@link LineProtocolWriter} and
 * read back by {@link LineProtocolReader}: the points must come back identical.
 */
class LineProtocolRoundTripTest {
    private static final long SEED = Long.getLong("test.seed", System.nanoTime());

    private static final String[] PIECES = {"a", "b", "Z", "0", "9", " ", ",", "=", "\"", "\\", "\\ ", "\\,", "\\=", "\\\\",
        "#", "-", ".", "é", "中", "\uD83D\uDE00", "\u00a0", "x y", "'", "i", "u", "t", "TRUE"};
    private static final String[] VALUE_EXTRA = {"\t", "\u0001", "\u007f", "\u000b", "\r"};
    private static final String[] STRING_EXTRA = {"\n", "\r", "\r\n", "\t", "\u0000", "\"\"", "\\\""};

    private static String name(SplittableRandom r, String[] extra, boolean measurement) {
        while (true) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(6);
            for (int i = 0; i < n; i++) {
                sb.append(extra != null && r.nextInt(5) == 0 ? extra[r.nextInt(extra.length)] : PIECES[r.nextInt(PIECES.length)]);
            }
            String s = sb.toString();
            if (s.endsWith("\\") || (measurement && s.startsWith("#"))) {
                continue; // not expressible (see LineProtocolWriter)
            }
            return s;
        }
    }

    private static String stringValue(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(r.nextInt(4) == 0 ? STRING_EXTRA[r.nextInt(STRING_EXTRA.length)] : PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void randomNastyPointsRoundTrip() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        StringBuilder text = new StringBuilder();
        List<Decoded> expected = new ArrayList<>();
        LineProtocolWriter w = new LineProtocolWriter(text);
        for (int series = 0; series < 300; series++) {
            String m = name(r, null, true);
            Map<String, String> tags = new LinkedHashMap<>();
            int nt = r.nextInt(5);
            for (int i = 0; i < nt; i++) {
                tags.put(name(r, null, false), name(r, VALUE_EXTRA, false));
            }
            String[] keys = tags.keySet().toArray(String[]::new);
            String[] values = tags.values().toArray(String[]::new);
            List<List<String>> sorted = new ArrayList<>();
            tags.entrySet().stream().sorted(Map.Entry.comparingByKey(LineProtocolRoundTripTest::compareUtf8))
                    .forEach(e -> sorted.add(List.of(e.getKey(), e.getValue())));
            String[] fieldKeys = new String[1 + r.nextInt(4)];
            for (int i = 0; i < fieldKeys.length; i++) {
                fieldKeys[i] = name(r, null, false);
            }
            w.beginSeries(m, keys, values, fieldKeys);
            int rows = 1 + r.nextInt(5);
            for (int row = 0; row < rows; row++) {
                List<Decoded.Field> fields = new ArrayList<>();
                w.beginPoint();
                for (int f = 0; f < fieldKeys.length; f++) {
                    switch (r.nextInt(5)) {
                        case 0 -> {
                            double d = Double.longBitsToDouble(r.nextLong());
                            if (!Double.isFinite(d)) {
                                d = r.nextDouble();
                            }
                            w.fieldDouble(f, d);
                            fields.add(new Decoded.Field(fieldKeys[f], FieldType.FLOAT, Double.doubleToRawLongBits(d)));
                        }
                        case 1 -> {
                            long v = r.nextLong();
                            w.fieldLong(f, v);
                            fields.add(new Decoded.Field(fieldKeys[f], FieldType.INTEGER, v));
                        }
                        case 2 -> {
                            boolean v = r.nextBoolean();
                            w.fieldBoolean(f, v);
                            fields.add(new Decoded.Field(fieldKeys[f], FieldType.BOOLEAN, v));
                        }
                        case 3 -> {
                            String v = stringValue(r);
                            w.fieldString(f, v);
                            fields.add(new Decoded.Field(fieldKeys[f], FieldType.STRING, v));
                        }
                        default -> { } // NULL
                    }
                }
                long ts = r.nextLong();
                if (w.endPoint(ts)) {
                    expected.add(new Decoded(m, sorted, fields, true, ts));
                } else {
                    assertThat(fields).isEmpty();
                }
            }
        }
        w.flush();
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        List<Decoded> got;
        try {
            got = Decoded.decodeAll(bytes, Precision.NANOSECONDS);
        } catch (LineProtocolException e) {
            throw new AssertionError("seed=" + SEED + ": " + e.getMessage(), e);
        }
        assertThat(got).as("seed=%d", SEED).isEqualTo(expected);
        // and again through a reader that gets 3 bytes per read and a small buffer
        List<Decoded> trickled = new ArrayList<>();
        try (LineProtocolReader rd = new LineProtocolReader(LineProtocolReaderTest.trickle(bytes, 3), Precision.NANOSECONDS, 4096)) {
            ParsedPoint p = new ParsedPoint();
            while (rd.next(p)) {
                trickled.add(Decoded.of(p));
            }
        }
        assertThat(trickled).as("seed=%d", SEED).isEqualTo(expected);
        // every parsed point written again gives the same text
        StringBuilder again = new StringBuilder();
        try (LineProtocolReader rd = new LineProtocolReader(new ByteArrayInputStream(bytes), Precision.NANOSECONDS)) {
            ParsedPoint p = new ParsedPoint();
            while (rd.next(p)) {
                LineProtocolWriter.appendPoint(again, p);
            }
        }
        assertThat(Decoded.decodeAll(again.toString().getBytes(StandardCharsets.UTF_8), Precision.NANOSECONDS))
                .as("seed=%d", SEED).isEqualTo(expected);
    }

    @Test
    void tagOrderIsCodePointOrderNotStringOrder() {
        // the expected order above is UTF-8 byte order; String.compareTo differs for U+E000..U+FFFF
        // against supplementary characters, which is why the test does not use it
        assertThat(compareUtf8("\uFFFD", "\uD83D\uDE00")).isNegative();
        assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive();
    }
}
