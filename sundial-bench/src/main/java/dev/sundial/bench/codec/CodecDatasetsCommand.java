package dev.sundial.bench.codec;

import dev.sundial.codec.Codecs;
import dev.sundial.codec.ColumnCodecs;
import dev.sundial.codec.Compression;
import dev.sundial.head.ChunkSizing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench codec-datasets}: bytes per point of {@link Codecs} (auto) on every real series of
 * {@code testdata/datasets}, per folder and pooled, next to Gorilla (delta-of-delta + XOR, chunk by
 * chunk), and on TSBS-style devops data (2 decimals and full precision). Every encoding is decoded
 * and checked bit for bit.
 */
@Command(name = "codec-datasets", mixinStandardHelpOptions = true,
        description = "Bytes per point of Sundial's codecs on the shared real datasets and on devops-like data.")
public final class CodecDatasetsCommand implements Callable<Integer> {
    @Option(names = "--datasets", description = "Datasets folder; relative paths resolve against the repository root "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "testdata/datasets")
    Path datasets;

    @Option(names = "--devops-series", description = "Devops series (of 8640 points) to generate (default: ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int devopsSeries;

    private static final int CHUNK = ChunkSizing.MAX_ROWS_PER_CHUNK;

    @Override
    public Integer call() throws Exception {
        Path dir = datasets.isAbsolute() ? datasets : repoRoot().resolve(datasets).normalize();
        if (!Files.isDirectory(dir.resolve("nab"))) {
            System.err.println("codec-datasets: no datasets at " + dir + " (use --datasets)");
            return 2;
        }
        List<DatasetFiles.Series> all = DatasetFiles.load(dir);
        Map<String, long[]> folders = new LinkedHashMap<>(); // points, auto bytes, gorilla bytes
        for (DatasetFiles.Series s : all) {
            long[] f = folders.computeIfAbsent(s.folder(), k -> new long[3]);
            f[0] += s.values().length;
            f[1] += autoBytes(s);
            f[2] += gorillaBytes(s);
        }
        System.out.printf("%-24s %9s %12s %12s%n", "folder", "points", "auto B/pt", "gorilla B/pt");
        long[] total = new long[3];
        folders.forEach((k, f) -> {
            System.out.printf("%-24s %9d %12.3f %12.3f%n", k, f[0], (double) f[1] / f[0], (double) f[2] / f[0]);
            for (int i = 0; i < 3; i++) {
                total[i] += f[i];
            }
        });
        System.out.printf("%-24s %9d %12.3f %12.3f%n", "POOLED", total[0], (double) total[1] / total[0],
                (double) total[2] / total[0]);
        devops(2);
        devops(-1);
        return 0;
    }

    private static long autoBytes(DatasetFiles.Series s) {
        byte[] v = Codecs.encodeValues(s.values());
        double[] back = Codecs.decodeValues(v, s.values().length);
        for (int i = 0; i < back.length; i++) {
            if (Double.doubleToRawLongBits(back[i]) != Double.doubleToRawLongBits(s.values()[i])) {
                throw new IllegalStateException("BUG: " + s.name() + " value " + i + " did not round-trip");
            }
        }
        long bytes = v.length;
        if (s.timestamps() != null) {
            byte[] t = Codecs.encodeTimestamps(s.timestamps());
            if (!Arrays.equals(Codecs.decodeTimestamps(t, s.timestamps().length), s.timestamps())) {
                throw new IllegalStateException("BUG: " + s.name() + " timestamps did not round-trip");
            }
            bytes += t.length;
        }
        return bytes;
    }

    /** Gorilla per chunk: delta-of-delta timestamps, XOR values (no framing). */
    private static long gorillaBytes(DatasetFiles.Series s) {
        long bytes = 0;
        int n = s.values().length;
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            bytes += ColumnCodecs.encodeDoubles(Arrays.copyOfRange(s.values(), from, from + m), m, Compression.GORILLA).length;
            if (s.timestamps() != null) {
                bytes += ColumnCodecs.encodeTimestamps(Arrays.copyOfRange(s.timestamps(), from, from + m), m,
                        Compression.GORILLA).length;
            }
        }
        return bytes;
    }

    private void devops(int decimals) {
        int n = 8640; // one day at 10 s
        long values = 0;
        long gorilla = 0;
        long timestamps = 0;
        long[] ts = DevopsSeries.regular(n, 10_000_000_000L);
        for (int s = 0; s < devopsSeries; s++) {
            double[] v = DevopsSeries.walk(1000 + s, n, decimals);
            byte[] b = Codecs.encodeValues(v);
            double[] back = Codecs.decodeValues(b, n);
            for (int i = 0; i < n; i++) {
                if (Double.doubleToRawLongBits(back[i]) != Double.doubleToRawLongBits(v[i])) {
                    throw new IllegalStateException("BUG: devops series " + s + " value " + i + " did not round-trip");
                }
            }
            values += b.length;
            timestamps += Codecs.encodeTimestamps(ts).length;
            for (int from = 0; from < n; from += CHUNK) {
                int m = Math.min(CHUNK, n - from);
                gorilla += ColumnCodecs.encodeDoubles(Arrays.copyOfRange(v, from, from + m), m, Compression.GORILLA).length;
            }
        }
        long points = (long) n * devopsSeries;
        System.out.printf("devops %-17s %9d  values %.3f B/value (gorilla XOR %.3f), with timestamps %.3f B/point%n",
                decimals < 0 ? "full-precision" : decimals + "-decimals", points, (double) values / points,
                (double) gorilla / points, (double) (values + timestamps) / points);
    }

    /**
     * The repository root: the {@code sundial.root} property (set by the {@code ./bench} launcher),
     * else the nearest ancestor of the working directory holding sundial-bench/.
     */
    private static Path repoRoot() {
        String root = System.getProperty("sundial.root");
        if (root != null && Files.isDirectory(Path.of(root))) {
            return Path.of(root);
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sundial-bench")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return cwd;
    }
}
