package dev.sundial.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link CsvPointWriter} then {@link CsvPointReader} gives back identical points (seeded, nasty values). */
class CsvRoundTripTest {
    private static final long SEED = Long.getLong("test.seed", System.nanoTime());
    private static final String[] PIECES = {"a", "Z", "0", " ", ",", "\"", "\"\"", "\n", "\r\n", "\r", "é", "中",
        "\uD83D\uDE00", "\t", ":tag", ":double", "=", "\\", "''", "1", "-", "true"};

    private static String text(SplittableRandom r, boolean nonEmpty) {
        StringBuilder sb = new StringBuilder();
        int n = (nonEmpty ? 1 : 0) + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    @Test
    void randomPointsRoundTrip() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        int nc = 2 + r.nextInt(6);
        List<CsvPointWriter.Column> cols = new ArrayList<>();
        CsvColumnType[] kinds = {CsvColumnType.TAG, CsvColumnType.DOUBLE, CsvColumnType.BIGINT, CsvColumnType.BOOLEAN, CsvColumnType.VARCHAR};
        java.util.Set<String> names = new java.util.HashSet<>(List.of("timestamp"));
        while (cols.size() < nc) {
            String name = text(r, true);
            if (names.add(name)) {
                cols.add(new CsvPointWriter.Column(name, kinds[cols.size() < kinds.length ? cols.size() : r.nextInt(kinds.length)]));
            }
        }
        StringBuilder out = new StringBuilder();
        CsvPointWriter w = new CsvPointWriter(out, "timestamp", cols);
        List<Decoded> expected = new ArrayList<>();
        for (int row = 0; row < 2000; row++) {
            long ts = r.nextLong();
            w.beginRow(ts);
            List<List<String>> tags = new ArrayList<>();
            List<Decoded.Field> fields = new ArrayList<>();
            for (int c = 0; c < nc; c++) {
                if (r.nextInt(4) == 0) {
                    continue; // NULL
                }
                String k = cols.get(c).name();
                switch (cols.get(c).type()) {
                    case TAG -> {
                        String v = text(r, true);
                        w.tag(c, v);
                        tags.add(List.of(k, v));
                    }
                    case DOUBLE -> {
                        double d = switch (r.nextInt(6)) {
                            case 0 -> Double.NaN;
                            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                            case 2 -> -0.0;
                            default -> Double.longBitsToDouble(r.nextLong());
                        };
                        if (Double.isNaN(d)) {
                            d = Double.NaN; // CSV keeps no NaN payload
                        }
                        w.doubleValue(c, d);
                        fields.add(new Decoded.Field(k, FieldType.FLOAT, Double.doubleToRawLongBits(d)));
                    }
                    case BIGINT -> {
                        long v = r.nextLong();
                        w.longValue(c, v);
                        fields.add(new Decoded.Field(k, FieldType.INTEGER, v));
                    }
                    case BOOLEAN -> {
                        boolean v = r.nextBoolean();
                        w.booleanValue(c, v);
                        fields.add(new Decoded.Field(k, FieldType.BOOLEAN, v));
                    }
                    default -> {
                        String v = text(r, false);
                        w.stringValue(c, v);
                        fields.add(new Decoded.Field(k, FieldType.STRING, v));
                    }
                }
            }
            w.endRow();
            tags.sort((a, b) -> Arrays.compareUnsigned(a.get(0).getBytes(StandardCharsets.UTF_8), b.get(0).getBytes(StandardCharsets.UTF_8)));
            expected.add(new Decoded("tbl", tags, fields, true, ts));
        }
        w.flush();
        byte[] b = out.toString().getBytes(StandardCharsets.UTF_8);
        List<Decoded> got = new ArrayList<>();
        try (CsvPointReader rd = new CsvPointReader(new ByteArrayInputStream(b), CsvReadOptions.of("tbl"))) {
            ParsedPoint p = new ParsedPoint();
            while (true) {
                try {
                    if (!rd.next(p)) {
                        break;
                    }
                } catch (CsvFormatException e) {
                    throw new AssertionError("seed=" + SEED + ": " + e.getMessage() + "\n" + out.substring(0, Math.min(out.length(), 2000)), e);
                }
                got.add(Decoded.of(p));
            }
        }
        assertThat(got).as("seed=%d", SEED).isEqualTo(expected);
    }

    @Test
    void writerRefusesMisuse() {
        CsvPointWriter w = new CsvPointWriter(new StringBuilder(), "ts", List.of(new CsvPointWriter.Column("h", CsvColumnType.TAG),
                new CsvPointWriter.Column("v", CsvColumnType.DOUBLE)));
        assertThatThrownBy(() -> w.tag(0, "x")).hasMessageStartingWith("BUG");
        w.beginRow(1);
        assertThatThrownBy(() -> w.tag(0, "")).hasMessageContaining("empty tag value");
        assertThatThrownBy(() -> w.longValue(1, 1)).hasMessageContaining("not BIGINT");
        assertThatThrownBy(() -> new CsvPointWriter(new StringBuilder(), "ts", List.of(new CsvPointWriter.Column("ts", CsvColumnType.TAG))))
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> new CsvPointWriter.Column("x", CsvColumnType.INFERRED)).isInstanceOf(IllegalArgumentException.class);
    }
}
