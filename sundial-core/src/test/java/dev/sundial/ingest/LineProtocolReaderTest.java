package dev.sundial.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link LineProtocolReader} beyond the corpus: positions, recovery, buffering, limits. */
class LineProtocolReaderTest {

    /** Entries and errors of a text, in order: Decoded or "L:C reason" strings. */
    static List<Object> readAll(byte[] text, Precision p, InputStream in, int maxEntry) throws IOException {
        List<Object> out = new ArrayList<>();
        try (LineProtocolReader r = new LineProtocolReader(in, p, maxEntry)) {
            ParsedPoint pt = new ParsedPoint();
            for (int guard = 0; guard < 1_000_000; guard++) {
                try {
                    if (!r.next(pt)) {
                        assertThat(r.bytesRead()).isEqualTo(text.length);
                        return out;
                    }
                    out.add(pt.lineNumber() + ":" + Decoded.of(pt));
                } catch (LineProtocolException e) {
                    assertThat(e.getMessage()).isEqualTo("line " + e.line() + ":" + e.column() + ": " + e.reason());
                    out.add("error " + e.line() + ":" + e.column() + " " + e.reason());
                }
            }
        }
        throw new AssertionError("reader did not reach end of input");
    }

    static List<Object> readAll(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return readAll(b, Precision.NANOSECONDS, new ByteArrayInputStream(b), LineProtocolReader.DEFAULT_MAX_ENTRY_BYTES);
    }

    /** An InputStream that hands out at most {@code chunk} bytes per read. */
    static InputStream trickle(byte[] b, int chunk) {
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] dst, int off, int len) {
                return super.read(dst, off, Math.min(len, chunk));
            }
        };
    }

    private static ParsedPoint one(String text, Precision p) throws Exception {
        try (LineProtocolReader r = new LineProtocolReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), p)) {
            ParsedPoint pt = new ParsedPoint();
            assertThat(r.next(pt)).isTrue();
            return pt;
        }
    }

    @Test
    void decodesAllPartsWithTagsSortedAndFieldsInOrder() throws Exception {
        ParsedPoint p = one("weather,zone=b\\ 1,city=Z\\,urich temp=-1.5,count=3i,big=9223372036854775807u,ok=T,note=\"a \\\"q\\\" \\\\ b\" 1700000000000000000",
                Precision.NANOSECONDS);
        assertThat(p.measurement()).isEqualTo("weather");
        assertThat(p.tagCount()).isEqualTo(2);
        assertThat(p.tagKey(0)).isEqualTo("city");
        assertThat(p.tagValue(0)).isEqualTo("Z,urich");
        assertThat(p.tagKey(1)).isEqualTo("zone");
        assertThat(p.tagValue(1)).isEqualTo("b 1");
        assertThat(p.fieldCount()).isEqualTo(5);
        assertThat(p.fieldKey(0)).isEqualTo("temp");
        assertThat(p.doubleValue(0)).isEqualTo(-1.5);
        assertThat(p.fieldType(1)).isEqualTo(FieldType.INTEGER);
        assertThat(p.longValue(1)).isEqualTo(3);
        assertThat(p.fieldType(2)).isEqualTo(FieldType.UNSIGNED);
        assertThat(p.longValue(2)).isEqualTo(Long.MAX_VALUE);
        assertThat(p.booleanValue(3)).isTrue();
        assertThat(p.stringValue(4)).isEqualTo("a \"q\" \\ b");
        assertThat(p.hasTimestamp()).isTrue();
        assertThat(p.timestampNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(p.lineNumber()).isEqualTo(1);
        assertThatThrownBy(() -> p.doubleValue(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.fieldKey(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> p.tagKey(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void noTimestampLeavesTheTimeToTheCaller() throws Exception {
        ParsedPoint p = one("m v=1", Precision.SECONDS);
        assertThat(p.hasTimestamp()).isFalse();
    }

    @Test
    void negativeZeroKeepsItsSign() throws Exception {
        for (String lit : new String[] {"-0.", "-0e-4", "-0", "-0.0"}) {
            assertThat(Double.doubleToRawLongBits(one("m v=" + lit, Precision.NANOSECONDS).doubleValue(0)))
                    .as(lit).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void precisionScalesAndRefusesOverflow() throws Exception {
        assertThat(one("m v=1 1700000000", Precision.SECONDS).timestampNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(one("m v=1 -1500", Precision.MILLISECONDS).timestampNanos()).isEqualTo(-1_500_000_000L);
        assertThat(one("m v=1 7", Precision.MICROSECONDS).timestampNanos()).isEqualTo(7_000L);
        assertThat(readAll(("m v=1 9223372036854775\nm v=1 9223372036854776\n").getBytes(StandardCharsets.US_ASCII),
                Precision.MILLISECONDS, new ByteArrayInputStream("m v=1 9223372036854775\nm v=1 9223372036854776\n"
                        .getBytes(StandardCharsets.US_ASCII)), 1 << 20))
                .hasSize(2)
                .element(1).asString().startsWith("error 2:7 timestamp \"9223372036854776\" in milliseconds is out of");
        for (String s : new String[] {"ns", "1ns", "n", "us", "1us", "µs", "1µs", "u", "ms", "1ms", "s", "1s"}) {
            assertThat(Precision.parse(s)).isNotNull();
        }
        assertThat(Precision.parse("1µs")).isEqualTo(Precision.MICROSECONDS);
        assertThatThrownBy(() -> Precision.parse("m")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m");
        assertThatThrownBy(() -> Precision.SECONDS.toNanos(Long.MAX_VALUE / 1_000_000_000L + 1)).isInstanceOf(ArithmeticException.class);
        assertThat(Precision.SECONDS.toNanos(Long.MIN_VALUE / 1_000_000_000L)).isEqualTo(Long.MIN_VALUE / 1_000_000_000L * 1_000_000_000L);
    }

    @Test
    void linesEndAtLfWithOptionalCr() throws Exception {
        assertThat(readAll("m v=1\r\nm v=2 5\r\n\r\n  \n# c\r\nm s=\"a\rb\"\r\n")).containsExactly(
                "1:" + Decoded.of(one("m v=1", Precision.NANOSECONDS)),
                "2:" + Decoded.of(one("m v=2 5", Precision.NANOSECONDS)),
                "6:" + Decoded.of(one("m s=\"a\rb\"", Precision.NANOSECONDS)));
        // a CR that is not before an LF ends nothing: data in a string field (above) or a tag value,
        // an error elsewhere
        assertThat(one("m,t=a\rb v=1", Precision.NANOSECONDS).tagValue(0)).isEqualTo("a\rb");
        assertThat(readAll("m\r,t=a v=1\nm v=2")).element(0).asString()
                .isEqualTo("error 1:2 expected tag key or field but found '\\r'");
        assertThat(readAll("m v=1\rm v=2\nm v=3").get(0)).asString().startsWith("error 1:6 ");
        assertThat(readAll("\rm v=1\nm v=2")).hasSize(2).element(0).asString()
                .isEqualTo("error 1:1 invalid character '\\r' at start of measurement name");
    }

    @Test
    void errorsNameLineColumnReasonAndTheReaderGoesOn() throws Exception {
        List<Object> got = readAll("m v=1\n"
                + "cpu,host=a value=x 1\n"          // line 2: bad value at column 17
                + "m v=2 3\n"
                + "m,a=1,a=2 v=1\n"                  // line 4: duplicate tag at column 7
                + "m s=\"multi\nline\" 12x\n"        // lines 5-6: bad timestamp on line 6 column 7
                + "m v=3 4\n"
                + "m v=99999999999999999999i\n"      // line 8: int out of range
                + "m v=18446744073709551615u\n"      // line 9: u above 2^63-1
                + "bad\n"                            // line 10
                + "m v=4");
        assertThat(got).hasSize(10);
        assertThat(got.get(0)).asString().startsWith("1:");
        assertThat(got.get(1)).isEqualTo("error 2:18 value of field \"value\" \"x\" has an unrecognized type");
        assertThat(got.get(2)).asString().startsWith("3:");
        assertThat(got.get(3)).isEqualTo("error 4:7 duplicate tag key \"a\"");
        assertThat(got.get(4)).asString().startsWith("error 6:7 invalid timestamp \"12x\"");
        assertThat(got.get(5)).asString().startsWith("7:");
        assertThat(got.get(6)).asString().startsWith("error 8:5 cannot parse value of field \"v\": integer")
                .contains("out of the int64 range");
        assertThat(got.get(7)).asString().startsWith("error 9:5 ").contains("above 2^63-1");
        assertThat(got.get(8)).isEqualTo("error 10:4 expected tag key or field but found end of input".replace("end of input", "'\\n'"));
        assertThat(got.get(9)).asString().startsWith("11:");
    }

    @Test
    void commentsAndInvalidUtf8NameTheirLine() throws Exception {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.writeBytes("m v=1\n# fine comment \u00e9 \u4e2d\n#\tbad\nm v=2\n".getBytes(StandardCharsets.UTF_8));
        o.writeBytes(new byte[] {(byte) 0xff, 'x', ' ', 'v', '=', '1', '\n'});
        o.write("# bad \u00e9".getBytes(StandardCharsets.UTF_8), 0, 7); // cut inside the é
        o.writeBytes("\nm v=3\n".getBytes(StandardCharsets.UTF_8));
        byte[] fixed = o.toByteArray();
        List<Object> got = readAll(fixed, Precision.NANOSECONDS, new ByteArrayInputStream(fixed), 1 << 20);
        assertThat(got).hasSize(6);
        assertThat(got.get(1)).isEqualTo("error 3:2 invalid character '\\t' in comment line");
        assertThat(got.get(2)).asString().startsWith("4:");
        assertThat(got.get(3)).isEqualTo("error 5:1 invalid UTF-8 in measurement");
        assertThat(got.get(4)).isEqualTo("error 6:7 invalid UTF-8 in comment line");
        assertThat(got.get(5)).asString().startsWith("7:");
    }

    @Test
    void trickledInputGivesTheSameResultAsOneBlock() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            sb.append("cpu,host=h").append(i % 7).append(",dc=x\\ y v=").append(i).append(".25,s=\"a\nb").append(i)
                    .append("\" ").append(1000 + i).append(i % 3 == 0 ? "\r\n" : "\n");
            if (i % 50 == 0) {
                sb.append("bad line ").append(i).append('\n').append("# comment\n\n");
            }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<Object> whole = readAll(b, Precision.NANOSECONDS, new ByteArrayInputStream(b), 1 << 20);
        assertThat(whole).hasSize(306);
        for (int chunk : new int[] {1, 2, 3, 7, 64, 1000}) {
            assertThat(readAll(b, Precision.NANOSECONDS, trickle(b, chunk), 1 << 20)).as("chunk %d", chunk).isEqualTo(whole);
            assertThat(readAll(b, Precision.NANOSECONDS, trickle(b, chunk), 64)).as("small buffer, chunk %d", chunk).isEqualTo(whole);
        }
    }

    @Test
    void anEntryLongerThanTheLimitIsReportedAndSkipped() throws Exception {
        String longLine = "m v=\"" + "x".repeat(200) + "\n" + "y".repeat(100) + "\"";
        byte[] b = ("m v=1\n" + longLine + "\nm v=2\n").getBytes(StandardCharsets.US_ASCII);
        for (int chunk : new int[] {1, 5, 1000}) {
            List<Object> got = readAll(b, Precision.NANOSECONDS, trickle(b, chunk), 64);
            assertThat(got).as("chunk %d", chunk).hasSize(4);
            assertThat(got.get(1)).asString().isEqualTo("error 2:1 line is longer than the limit of 64 bytes");
            // the skipped entry's string held an LF, so the rest of it reads as a bad line 3
            assertThat(got.get(2)).asString().startsWith("error 3:");
            assertThat(got.get(3)).asString().startsWith("4:");
        }
    }

    @Test
    void tagsAreSortedByCodePoint() throws Exception {
        ParsedPoint p = one("m,\uFFFD=1,\uD83D\uDE00=2,z=3,a=4,\u00e9=5 v=1", Precision.NANOSECONDS);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < p.tagCount(); i++) {
            keys.add(p.tagKey(i));
        }
        assertThat(keys).containsExactly("a", "z", "\u00e9", "\uFFFD", "\uD83D\uDE00");
    }

    @Test
    void repeatedSeriesSectionsDecodeLikeFreshOnes() throws Exception {
        String text = "cpu,h=a x=1,y=2 1\ncpu,h=a y=3,x=4 2\ncpu,h=a x=5 3\ncpu,h=a x=6,y=7,z=\"s\" 4\n"
                + "m\\ x,a\\=b=c\\,d v=1\nm\\ x,a\\=b=c\\,d v=2\ncpu,h=a  x=9\ncpu,h=a x=1,x=2\ncpu,h=a x\\ y=3\ncpu,h=a x\\ y=3\n"
                + "m,a=x\\\\ y b=1\nm,a=x\\\\ y b=2\nm,a=x\\\\ y  c=3\n";
        List<Object> got = readAll(text);
        List<Object> fresh = new ArrayList<>();
        for (String line : text.split("\n")) {
            fresh.addAll(readAll(line).stream().map(o -> o.toString().substring(o.toString().indexOf(':'))).toList());
        }
        assertThat(got.stream().map(o -> o.toString().substring(o.toString().indexOf(':'))).toList()).isEqualTo(fresh);
        ParsedPoint p = one("m\\ x,a\\=b=c\\,d v=1", Precision.NANOSECONDS);
        assertThat(p.measurement()).isEqualTo("m x");
        assertThat(p.tagKey(0)).isEqualTo("a=b");
        assertThat(p.tagValue(0)).isEqualTo("c,d");
        assertThat(one("m,a=x\\\\ y b=1", Precision.NANOSECONDS).tagValue(0)).isEqualTo("x\\ y");
    }
}
