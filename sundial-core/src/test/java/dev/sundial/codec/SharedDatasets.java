package dev.sundial.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the real series of {@code testdata/datasets} (see its README): {@code nab/*}/*.csv and
 * {@code questdb/series/*.csv} ({@code timestamp,value}), {@code alp_samples/*.csv} (values only).
 */
final class SharedDatasets {
    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SharedDatasets() {
    }

    /** One series; {@code timestamps} is null for value-only series. */
    record Series(String folder, String name, long[] timestamps, double[] values) {
    }

    static List<Series> load(Path datasets) throws IOException {
        List<Series> out = new ArrayList<>();
        Path nab = datasets.resolve("nab");
        try (Stream<Path> dirs = Files.list(nab)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                readFolder(out, "nab/" + d.getFileName(), d, true);
            }
        }
        readFolder(out, "questdb/series", datasets.resolve("questdb/series"), true);
        readFolder(out, "alp_samples", datasets.resolve("alp_samples"), false);
        return out;
    }

    private static void readFolder(List<Series> out, String folder, Path dir, boolean withTimestamps) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                out.add(read(folder, f, withTimestamps));
            }
        }
    }

    static Series read(String folder, Path f, boolean withTimestamps) {
        try {
            List<String> lines = Files.readAllLines(f);
            int start = withTimestamps ? 1 : 0; // header "timestamp,value"
            int n = 0;
            long[] ts = withTimestamps ? new long[lines.size()] : null;
            double[] v = new double[lines.size()];
            for (int i = start; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) {
                    continue;
                }
                if (withTimestamps) {
                    int comma = line.indexOf(',');
                    ts[n] = epochNanos(line.substring(0, comma));
                    v[n++] = Double.parseDouble(line.substring(comma + 1));
                } else {
                    v[n++] = Double.parseDouble(line);
                }
            }
            return new Series(folder, f.getFileName().toString(), ts == null ? null : java.util.Arrays.copyOf(ts, n),
                    java.util.Arrays.copyOf(v, n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NAB {@code 2014-02-14 14:30:00} (UTC) or ISO-8601 {@code 2023-09-05T16:00:01.281719Z}. */
    static long epochNanos(String s) {
        Instant t = s.indexOf('T') > 0 ? Instant.parse(s) : LocalDateTime.parse(s, NAB).toInstant(ZoneOffset.UTC);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
