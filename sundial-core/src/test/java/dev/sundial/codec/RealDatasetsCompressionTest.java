package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The compression figure on real data: {@link Codecs} (auto) on every series of {@code
 * testdata/datasets}, pooled (timestamp + value bytes) ÷ points ≤ 2.4. Fails (rather than passing
 * unseen) when the datasets are not found.
 */
class RealDatasetsCompressionTest {
    @Test
    void pooledBytesPerPointOnRealDataIsAtMost2point4() throws Exception {
        // testdata/ of the repository (the pom sets sundial.shared; a run from the module directory without it)
        String shared = System.getProperty("sundial.shared", "../testdata");
        assertTrue(Files.isDirectory(Path.of(shared, "datasets")),
                "no datasets/ in " + Path.of(shared).toAbsolutePath() + " (testdata/datasets, or -Dsundial.shared=DIR)");
        List<SharedDatasets.Series> all = SharedDatasets.load(Path.of(shared, "datasets"));
        Map<String, long[]> perFolder = new TreeMap<>(); // folder -> {bytes, points}
        long bytes = 0;
        long points = 0;
        for (SharedDatasets.Series s : all) {
            long b = Codecs.encodeValues(s.values()).length;
            assertThat(Codecs.decodeValues(Codecs.encodeValues(s.values()), s.values().length))
                    .as(s.name()).usingElementComparator((x, y) -> Long.compare(Double.doubleToRawLongBits(x),
                            Double.doubleToRawLongBits(y))).containsExactly(s.values());
            if (s.timestamps() != null) {
                byte[] t = Codecs.encodeTimestamps(s.timestamps());
                assertThat(Codecs.decodeTimestamps(t, s.timestamps().length)).as(s.name()).containsExactly(s.timestamps());
                b += t.length;
            }
            long[] f = perFolder.computeIfAbsent(s.folder(), k -> new long[2]);
            f[0] += b;
            f[1] += s.values().length;
            bytes += b;
            points += s.values().length;
        }
        perFolder.forEach((k, v) -> System.out.printf("codec datasets: %-28s %8d points %6.3f bytes/point%n", k, v[1],
                (double) v[0] / v[1]));
        double pooled = (double) bytes / points;
        System.out.printf("codec datasets: %-28s %8d points %6.3f bytes/point%n", "POOLED", points, pooled);
        assertThat(pooled).as("pooled bytes per point over %d points", points).isLessThanOrEqualTo(2.4);
    }
}
