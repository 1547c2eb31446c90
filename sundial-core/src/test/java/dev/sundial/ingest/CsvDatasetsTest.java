package dev.sundial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real datasets ({@code testdata/datasets/nab/*}/*.csv, {@code questdb/series/*.csv}) read
 * unchanged by {@link CsvPointReader}: every row becomes a point whose time and value equal an
 * independent parse with java.time and {@link Double#parseDouble}.
 */
class CsvDatasetsTest {
    /** testdata/ of the repository (the pom sets sundial.shared; a run from the module directory without it). */
    private static Path shared() {
        Path p = Path.of(System.getProperty("sundial.shared", "../testdata"));
        assertThat(p.resolve("datasets")).as("the datasets (testdata/datasets, or -Dsundial.shared=DIR)").isDirectory();
        return p;
    }

    @Test
    void readsEveryNabAndQuestdbSeries() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(shared().resolve("datasets/nab"))) {
            s.filter(p -> p.toString().endsWith(".csv")).sorted().forEach(files::add);
        }
        try (Stream<Path> s = Files.list(shared().resolve("datasets/questdb/series"))) {
            s.filter(p -> p.toString().endsWith(".csv")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(47 + 38);
        long points = 0;
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            assertThat(lines.get(0)).isEqualTo("timestamp,value");
            String table = f.getFileName().toString().replace(".csv", "");
            try (InputStream in = Files.newInputStream(f); CsvPointReader r = new CsvPointReader(in, CsvReadOptions.of(table))) {
                ParsedPoint p = new ParsedPoint();
                int row = 1;
                while (r.next(p)) {
                    String[] cells = lines.get(row).split(",");
                    String t = cells[0];
                    Instant want = t.endsWith("Z") ? Instant.parse(t) : LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                    assertThat(p.measurement()).isEqualTo(table);
                    assertThat(p.lineNumber()).isEqualTo(row + 1);
                    assertThat(p.timestampNanos()).as("%s line %d", f, row + 1)
                            .isEqualTo(want.getEpochSecond() * 1_000_000_000L + want.getNano());
                    assertThat(p.fieldCount()).isEqualTo(1);
                    assertThat(p.fieldKey(0)).isEqualTo("value");
                    assertThat(Double.doubleToRawLongBits(p.doubleValue(0))).as("%s line %d", f, row + 1)
                            .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(cells[1])));
                    row++;
                }
                assertThat(row).as(f.toString()).isEqualTo(lines.size());
                points += row - 1;
            }
        }
        System.out.println("datasets: " + files.size() + " CSV files, " + points + " points read exactly");
    }
}
