package dev.sundial.cli.demo;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the Numenta Anomaly Benchmark's real series (a folder of {@code <group>/<name>.csv} files
 * with {@code timestamp,value} rows, times in UTC as {@code yyyy-MM-dd HH:mm:ss}) into table
 * {@code nab}: tags {@code dataset} (the group folder) and {@code series} (the file name), field
 * {@code value}. One atomic batch per file. Not thread-safe.
 */
public final class NabLoader {
    /** The table the series go to. */
    public static final String TABLE = "nab";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** What was loaded. */
    public record Result(int series, long points) {
    }

    private NabLoader() {
    }

    public static Result load(Sundial db, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir, 2)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        WriteBatch batch = db.newBatch();
        int series = 0;
        long points = 0;
        for (Path f : files) {
            String dataset = f.getParent().getFileName().toString();
            String name = f.getFileName().toString().replaceFirst("\\.csv$", "");
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String header = r.readLine();
                if (header == null || !header.strip().equals("timestamp,value")) {
                    throw new IOException("cannot load NAB file [file=" + f + "]: expected the header 'timestamp,value'");
                }
                long line = 1;
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    line++;
                    if (l.isBlank()) {
                        continue;
                    }
                    int comma = l.indexOf(',');
                    try {
                        long ts = LocalDateTime.parse(l.substring(0, comma), TIME).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
                        double v = Double.parseDouble(l.substring(comma + 1));
                        batch.add(TABLE, DataPoint.at(ts).tag("dataset", dataset).tag("series", name).field("value", v).build());
                    } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
                        throw new IOException("cannot load NAB file [file=" + f + ", line=" + line + "]: " + e.getMessage(), e);
                    }
                }
            }
            points += batch.points();
            batch.commit();
            series++;
        }
        return new Result(series, points);
    }
}
