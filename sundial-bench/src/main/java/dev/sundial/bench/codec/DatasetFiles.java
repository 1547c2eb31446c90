package dev.sundial.bench.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the real series of {@code testdata/datasets} (see its README): {@code nab/<folder>/*.csv} and
 * {@code questdb/series/*.csv} with header {@code timestamp,value}, and {@code alp_samples/*.csv}
 * (values only). Values via {@link Double#parseDouble}; timestamps to epoch nanoseconds (NAB
 * {@code 2014-02-14 14:30:00} in UTC, QuestDB ISO-8601 with a fraction).
 */
final class DatasetFiles {
    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private DatasetFiles() {
    }

    /** One series; {@code timestamps} is null for value-only series. */
    record Series(String folder, String name, long[] timestamps, double[] values) {
    }

    static List<Series> load(Path datasets) throws IOException {
        List<Series> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(datasets.resolve("nab"))) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                folder(out, "nab/" + d.getFileName(), d, true);
            }
        }
        folder(out, "questdb/series", datasets.resolve("questdb/series"), true);
        folder(out, "alp_samples", datasets.resolve("alp_samples"), false);
        return out;
    }

    private static void folder(List<Series> out, String name, Path dir, boolean timestamps) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                out.add(read(name, f, timestamps));
            }
        }
    }

    private static Series read(String folder, Path f, boolean withTimestamps) throws IOException {
        List<String> lines = Files.readAllLines(f);
        long[] ts = withTimestamps ? new long[lines.size()] : null;
        double[] v = new double[lines.size()];
        int n = 0;
        for (int i = withTimestamps ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (withTimestamps) {
                    int comma = line.indexOf(',');
                    ts[n] = epochNanos(line.substring(0, comma));
                    v[n++] = Double.parseDouble(line.substring(comma + 1));
                } else {
                    v[n++] = Double.parseDouble(line);
                }
            } catch (RuntimeException e) {
                throw new IOException("cannot parse dataset line [file=" + f + ", line=" + (i + 1) + "]: " + e.getMessage(), e);
            }
        }
        return new Series(folder, f.getFileName().toString(), ts == null ? null : Arrays.copyOf(ts, n), Arrays.copyOf(v, n));
    }

    static long epochNanos(String s) {
        Instant t = s.indexOf('T') > 0 ? Instant.parse(s) : LocalDateTime.parse(s, NAB).toInstant(ZoneOffset.UTC);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
