package dev.sundial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link CsvPointReader}: quoting, header annotations, options, inference, errors and recovery. */
class CsvPointReaderTest {
    private static final long SEED = Long.getLong("test.seed", 99L);

    static List<Object> readAll(byte[] text, CsvReadOptions o, InputStream in) throws IOException {
        List<Object> out = new ArrayList<>();
        try (CsvPointReader r = new CsvPointReader(in, o)) {
            ParsedPoint p = new ParsedPoint();
            for (int guard = 0; guard < 1_000_000; guard++) {
                try {
                    if (!r.next(p)) {
                        return out;
                    }
                    out.add(p.lineNumber() + ":" + Decoded.of(p));
                } catch (CsvFormatException e) {
                    assertThat(e.getMessage()).isEqualTo("line " + e.line() + ":" + e.column() + ": " + e.reason());
                    out.add("error " + e.line() + ":" + e.column() + " " + e.reason());
                }
            }
        }
        throw new AssertionError("reader did not reach end of input");
    }

    static List<Object> readAll(String text, CsvReadOptions o) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return readAll(b, o, new ByteArrayInputStream(b));
    }

    private static String point(long line, String m, List<List<String>> tags, List<Decoded.Field> fields, Long ts) {
        return line + ":" + new Decoded(m, tags, fields, ts != null, ts == null ? 0 : ts);
    }

    private static Decoded.Field f(String k, double v) {
        return new Decoded.Field(k, FieldType.FLOAT, Double.doubleToRawLongBits(v));
    }

    private static Decoded.Field s(String k, String v) {
        return new Decoded.Field(k, FieldType.STRING, v);
    }

    @Test
    void annotatedHeaderAndQuoting() throws Exception {
        String csv = "\uFEFFtime:timestamp,zone:tag,host:tag,v:double,n:bigint,ok:boolean,msg:varchar\r\n"
                + "2023-09-05T16:00:01.281719Z,b,\"a,1\",1.5,-7,true,\"say \"\"hi\"\"\nnow\"\r\n"
                + "1700000000000000000,,x,,,,\r\n"
                + "\r\n"
                + "2014-02-14 14:30:00,z,y,NaN,+3,F,\"\"\n";
        List<Object> got = readAll(csv, CsvReadOptions.of("m"));
        assertThat(got).containsExactly(
                point(2, "m", List.of(List.of("host", "a,1"), List.of("zone", "b")), List.of(f("v", 1.5),
                        new Decoded.Field("n", FieldType.INTEGER, -7L), new Decoded.Field("ok", FieldType.BOOLEAN, true),
                        s("msg", "say \"hi\"\nnow")), 1_693_929_601_281_719_000L),
                point(4, "m", List.of(List.of("host", "x")), List.of(), 1_700_000_000_000_000_000L),
                point(6, "m", List.of(List.of("host", "y"), List.of("zone", "z")), List.of(f("v", Double.NaN),
                        new Decoded.Field("n", FieldType.INTEGER, 3L), new Decoded.Field("ok", FieldType.BOOLEAN, false),
                        s("msg", "")), 1_392_388_200_000_000_000L));
    }

    @Test
    void optionsChooseTagsTimestampAndPrecision() throws Exception {
        String csv = "when,host,dc,value,note\n1700000000,h1,x,1,hello\n1700000001,h2,,2.5e3,true\n";
        CsvReadOptions o = CsvReadOptions.of("t").withTagColumns(List.of("host", "dc")).withTimestampColumn("when")
                .withPrecision(Precision.SECONDS);
        assertThat(readAll(csv, o)).containsExactly(
                point(2, "t", List.of(List.of("dc", "x"), List.of("host", "h1")), List.of(f("value", 1), s("note", "hello")),
                        1_700_000_000_000_000_000L),
                point(3, "t", List.of(List.of("host", "h2")), List.of(f("value", 2500),
                        new Decoded.Field("note", FieldType.BOOLEAN, true)), 1_700_000_001_000_000_000L));
        // without a timestamp column the caller supplies the time
        assertThat(readAll("a,b\n1,x\n", CsvReadOptions.of("t"))).containsExactly(
                point(2, "t", List.of(), List.of(f("a", 1), s("b", "x")), null));
    }

    @Test
    void isoTimestampsWithOffsetsAndFractions() throws Exception {
        String csv = "timestamp,v\n2023-09-05T18:00:01+02:00,1\n2023-09-05T16:00:01.5-0130,2\n2023-09-05,3\n"
                + "1969-12-31T23:59:59.999999999Z,4\n2262-04-11T23:47:16.854775807Z,5\n";
        List<Object> got = readAll(csv, CsvReadOptions.of("t"));
        assertThat(got).hasSize(5);
        assertThat(got.get(0).toString()).endsWith("time=" + 1_693_929_601_000_000_000L + "]");
        assertThat(got.get(1).toString()).endsWith("time=" + (1_693_929_601_500_000_000L + 5_400_000_000_000L) + "]");
        assertThat(got.get(2).toString()).endsWith("time=" + 1_693_872_000_000_000_000L + "]");
        assertThat(got.get(3).toString()).endsWith("time=-1]");
        assertThat(got.get(4).toString()).endsWith("time=" + Long.MAX_VALUE + "]");
    }

    @Test
    void badRecordsNameLineColumnAndTheReaderGoesOn() throws Exception {
        String csv = "timestamp,h:tag,v:double,n:bigint\n"
                + "1,a,1,1\n"
                + "2,a,x,1\n"                         // line 3: bad double at column 5
                + "3,a,1\n"                           // line 4: wrong cell count
                + "4,\"a\"b,1,1\n"                    // line 5: character after quote, column 6
                + "2023-02-30T00:00:00Z,a,1,1\n"      // line 6: no such date
                + "6,a,1,99999999999999999999\n"      // line 7: out of range
                + ",a,1,1\n"                          // line 8: missing timestamp
                + "9,\"multi\nline\",1,x\n"           // lines 9-10: bad bigint on line 10 column 9
                + "10,a,1e400,1\n"                    // line 11: out of double range
                + "11,a,2,2\n";
        List<Object> got = readAll(csv, CsvReadOptions.of("t"));
        assertThat(got).hasSize(10);
        assertThat(got.get(0)).asString().startsWith("2:");
        assertThat(got.get(1)).isEqualTo("error 3:5 cannot parse cell of column \"v\" as double");
        assertThat(got.get(2)).isEqualTo("error 4:1 expected 4 cells as in the header but found 3");
        assertThat(got.get(3)).isEqualTo("error 5:6 unexpected character 'b' after a quoted cell");
        assertThat(got.get(4)).asString().startsWith("error 6:1 cannot parse timestamp in column \"timestamp\"");
        assertThat(got.get(5)).isEqualTo("error 7:7 integer in column \"n\" is out of the int64 range");
        assertThat(got.get(6)).isEqualTo("error 8:1 missing timestamp in column \"timestamp\"");
        assertThat(got.get(7)).isEqualTo("error 10:9 cannot parse cell of column \"n\" as bigint");
        assertThat(got.get(8)).asString().startsWith("error 11:6 number in column \"v\" is out of the double range");
        assertThat(got.get(9)).asString().startsWith("12:");
    }

    @Test
    void badHeadersAreReportedOnceAsLineOne() throws Exception {
        assertThat(readAll("a,,b\n1,2,3\n", CsvReadOptions.of("t"))).containsExactly("error 1:3 empty column name in header");
        assertThat(readAll("a,b,a\n", CsvReadOptions.of("t"))).containsExactly("error 1:5 duplicate column name \"a\" in header");
        assertThat(readAll("a:timestamp,b:timestamp\n", CsvReadOptions.of("t")))
                .containsExactly("error 1:13 more than one :timestamp column (\"a\", \"b\")");
        assertThat(readAll("a,b\n", CsvReadOptions.of("t").withTagColumns(List.of("c"))))
                .containsExactly("error 1:1 tag column \"c\" is not in the header [a, b]");
        assertThat(readAll("a,b:double\n", CsvReadOptions.of("t").withTagColumns(List.of("b"))))
                .containsExactly("error 1:3 column \"b\" is annotated :double but listed as a tag");
        assertThat(readAll("", CsvReadOptions.of("t"))).containsExactly("error 1:1 no header line");
        assertThat(readAll("\"a\n", CsvReadOptions.of("t"))).containsExactly("error 1:1 quoted cell is not closed before end of input");
        // a name with a colon that is not an annotation stays whole
        try (CsvPointReader r = new CsvPointReader(new ByteArrayInputStream("ts:timestamp,a:b,c:tag\n1,2,x\n".getBytes(StandardCharsets.UTF_8)),
                CsvReadOptions.of("t"))) {
            ParsedPoint p = new ParsedPoint();
            assertThat(r.next(p)).isTrue();
            assertThat(r.columnNames()).containsExactly("ts", "a:b", "c");
            assertThat(r.columnTypes()).containsExactly(CsvColumnType.TIMESTAMP, CsvColumnType.INFERRED, CsvColumnType.TAG);
        }
    }

    @Test
    void trickledInputGivesTheSameResult() throws Exception {
        StringBuilder sb = new StringBuilder("timestamp,h:tag,v,s:varchar\n");
        for (int i = 0; i < 500; i++) {
            sb.append(i).append(",h").append(i % 5).append(',').append(i * 0.5).append(",\"x,\"\"y\"\"\n").append(i).append("\"")
                    .append(i % 2 == 0 ? "\r\n" : "\n");
            if (i % 100 == 7) {
                sb.append("bad,\"\n");
            }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<Object> whole = readAll(b, CsvReadOptions.of("t"), new ByteArrayInputStream(b));
        assertThat(whole).hasSize(505);
        for (int chunk : new int[] {1, 3, 17, 4096}) {
            assertThat(readAll(b, CsvReadOptions.of("t"), LineProtocolReaderTest.trickle(b, chunk))).as("chunk %d", chunk).isEqualTo(whole);
            assertThat(readAll(b, CsvReadOptions.of("t").withMaxRecordBytes(64), LineProtocolReaderTest.trickle(b, chunk)))
                    .as("small buffer, chunk %d", chunk).isEqualTo(whole);
        }
    }

    @Test
    void isoParserAgreesWithJavaTime() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < 200_000; i++) {
            long sec = r.nextLong(-9_000_000_000L, 9_000_000_000L);
            int nano = r.nextInt(1_000_000_000);
            int offsetMin = r.nextInt(-18 * 60, 18 * 60 + 1);
            OffsetDateTime t = OffsetDateTime.ofInstant(Instant.ofEpochSecond(sec, nano), ZoneOffset.ofTotalSeconds(offsetMin * 60));
            String text = t.toString(); // ISO with offset or Z, fraction trimmed in groups of 3
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            long want = sec * 1_000_000_000L + nano;
            assertThat(IsoTimestampParser.parse(b, 0, b.length)).as("seed=%d %s", SEED, text).isEqualTo(want);
            String local = LocalDateTime.ofEpochSecond(sec, nano, ZoneOffset.UTC).toString().replace('T', ' ');
            byte[] l = local.getBytes(StandardCharsets.US_ASCII);
            assertThat(IsoTimestampParser.parse(l, 0, l.length)).as("seed=%d %s", SEED, local).isEqualTo(want);
        }
        for (String bad : new String[] {"", "2023", "2023-13-01", "2023-02-29", "2023-01-01T24:00:00", "2023-01-01T10",
            "2023-01-01T10:00:00.", "2023-01-01T10:00:00.1234567890", "2023-01-01T10:00:00+25:00", "2023-01-01T10:00:00Zx",
            "2262-04-11T23:47:16.854775808Z", "1677-09-21T00:12:43.145224191Z", "2023-1-01"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThat(IsoTimestampParser.parse(b, 0, b.length)).as(bad).isEqualTo(IsoTimestampParser.INVALID);
        }
        byte[] leap = "2024-02-29T00:00:00Z".getBytes(StandardCharsets.US_ASCII);
        assertThat(IsoTimestampParser.parse(leap, 0, leap.length)).isEqualTo(1_709_164_800_000_000_000L);
    }
}
