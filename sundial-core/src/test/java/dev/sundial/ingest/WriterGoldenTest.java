package dev.sundial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the export text formats: fixed points written by {@link LineProtocolWriter} and
 * {@link CsvPointWriter} must equal the committed golden files byte for byte, and the golden files
 * must read back to the points. Regenerate (only for a deliberate format change, recorded in
 * docs/formats-input.md) with {@code -Dsundial.golden.write=true}.
 */
class WriterGoldenTest {
    private static final String LP = "/golden/ingest/points.lp";
    private static final String CSV = "/golden/ingest/points.csv";

    private record Row(String host, String region, Double usage, Long count, Boolean ok, String note, long ts) { }

    private static final List<Row> ROWS = List.of(
            new Row("a", "eu west", 0.1 + 0.2, 7L, true, "plain", 1_451_606_400_000_000_000L),
            new Row("a", "eu west", -0.0, Long.MIN_VALUE, false, "quote \" and \\ and\nnewline, comma", 1_451_606_410_000_000_000L),
            new Row("b,=c", null, 6632243.0, null, null, "", -1L),
            new Row("b,=c", null, 5e-324, Long.MAX_VALUE, true, null, 0L),
            new Row("\u00e9\u4e2d\uD83D\uDE00", "x\ty", 1e21, 0L, null, "\u00e9", 42L));

    private static byte[] lineProtocol() throws Exception {
        StringBuilder out = new StringBuilder();
        LineProtocolWriter w = new LineProtocolWriter(out);
        for (Row r : ROWS) {
            w.beginSeries("cpu load", new String[] {"host", "region"}, new String[] {r.host, r.region}, "usage", "count", "ok", "note");
            w.beginPoint();
            if (r.usage != null) {
                w.fieldDouble(0, r.usage);
            }
            if (r.count != null) {
                w.fieldLong(1, r.count);
            }
            if (r.ok != null) {
                w.fieldBoolean(2, r.ok);
            }
            if (r.note != null) {
                w.fieldString(3, r.note);
            }
            w.endPoint(r.ts);
        }
        w.flush();
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] csv() throws Exception {
        StringBuilder out = new StringBuilder();
        CsvPointWriter w = new CsvPointWriter(out, "timestamp", List.of(new CsvPointWriter.Column("host", CsvColumnType.TAG),
                new CsvPointWriter.Column("region", CsvColumnType.TAG), new CsvPointWriter.Column("usage", CsvColumnType.DOUBLE),
                new CsvPointWriter.Column("count", CsvColumnType.BIGINT), new CsvPointWriter.Column("ok", CsvColumnType.BOOLEAN),
                new CsvPointWriter.Column("note", CsvColumnType.VARCHAR)));
        for (Row r : ROWS) {
            w.beginRow(r.ts);
            w.tag(0, r.host);
            w.tag(1, r.region);
            if (r.usage != null) {
                w.doubleValue(2, r.usage);
            }
            if (r.count != null) {
                w.longValue(3, r.count);
            }
            if (r.ok != null) {
                w.booleanValue(4, r.ok);
            }
            if (r.note != null) {
                w.stringValue(5, r.note);
            }
            w.endRow();
        }
        w.flush();
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Decoded> expected(String measurement) {
        List<Decoded> out = new ArrayList<>();
        for (Row r : ROWS) {
            List<List<String>> tags = new ArrayList<>();
            tags.add(List.of("host", r.host));
            if (r.region != null) {
                tags.add(List.of("region", r.region));
            }
            List<Decoded.Field> f = new ArrayList<>();
            if (r.usage != null) {
                f.add(new Decoded.Field("usage", FieldType.FLOAT, Double.doubleToRawLongBits(r.usage)));
            }
            if (r.count != null) {
                f.add(new Decoded.Field("count", FieldType.INTEGER, r.count));
            }
            if (r.ok != null) {
                f.add(new Decoded.Field("ok", FieldType.BOOLEAN, r.ok));
            }
            if (r.note != null) {
                f.add(new Decoded.Field("note", FieldType.STRING, r.note));
            }
            out.add(new Decoded(measurement, tags, f, true, r.ts));
        }
        return out;
    }

    private static byte[] golden(String resource, byte[] actual) throws Exception {
        if (Boolean.getBoolean("sundial.golden.write")) {
            Path p = Path.of("src/test/resources" + resource);
            Files.createDirectories(p.getParent());
            Files.write(p, actual);
        }
        try (InputStream in = WriterGoldenTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("golden file %s", resource).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void lineProtocolOutputIsPinned() throws Exception {
        byte[] actual = lineProtocol();
        byte[] golden = golden(LP, actual);
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(golden, StandardCharsets.UTF_8));
        assertThat(Decoded.decodeAll(golden, Precision.NANOSECONDS)).isEqualTo(expected("cpu load"));
    }

    @Test
    void csvOutputIsPinned() throws Exception {
        byte[] actual = csv();
        byte[] golden = golden(CSV, actual);
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(golden, StandardCharsets.UTF_8));
        List<Decoded> got = new ArrayList<>();
        try (CsvPointReader r = new CsvPointReader(new ByteArrayInputStream(golden), CsvReadOptions.of("cpu load"))) {
            ParsedPoint p = new ParsedPoint();
            while (r.next(p)) {
                got.add(Decoded.of(p));
            }
        }
        assertThat(got).isEqualTo(expected("cpu load"));
    }
}
