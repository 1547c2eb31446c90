package dev.sundial.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link DevopsGenerator}: determinism, shape, clamping, rounding, and the line-protocol output. */
class DevopsGeneratorTest {
    private static final long HOUR = 3_600_000_000_000L;

    private static byte[] lp(DevopsGenerator.Config c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = new DevopsGenerator(c).writeLineProtocol(out);
        assertThat(n).isEqualTo(out.size());
        return out.toByteArray();
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        DevopsGenerator.Config c = DevopsGenerator.Config.of(7, HOUR, 42);
        assertThat(lp(c)).isEqualTo(lp(c));
        assertThat(lp(DevopsGenerator.Config.of(7, HOUR, 43))).isNotEqualTo(lp(c));
        assertThat(new DevopsGenerator(c).hostTags(3)).isEqualTo(new DevopsGenerator(c).hostTags(3));
    }

    @Test
    void shapeOrderAndTagsAsTsbs() throws Exception {
        DevopsGenerator.Config c = DevopsGenerator.Config.of(10, HOUR, 1);
        DevopsGenerator g = new DevopsGenerator(c);
        assertThat(g.rowCount()).isEqualTo(10 * 360);
        assertThat(g.pointCount()).isEqualTo(10 * 360 * 10);
        List<double[]> visited = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Integer> hosts = new ArrayList<>();
        g.generate((host, ts, values) -> {
            visited.add(values.clone());
            times.add(ts);
            hosts.add(host);
        });
        assertThat(visited).hasSize(3600);
        for (int i = 0; i < visited.size(); i++) {
            assertThat(hosts.get(i)).isEqualTo(i % 10);
            assertThat(times.get(i)).isEqualTo(DevopsGenerator.DEFAULT_START_NANOS + (i / 10) * DevopsGenerator.DEFAULT_INTERVAL_NANOS);
        }
        // the line-protocol file holds the same rows, full precision, 10 tags and 10 fields each
        byte[] text = lp(c);
        try (LineProtocolReader r = new LineProtocolReader(new ByteArrayInputStream(text), Precision.NANOSECONDS)) {
            ParsedPoint p = new ParsedPoint();
            int row = 0;
            while (r.next(p)) {
                assertThat(p.measurement()).isEqualTo("cpu");
                assertThat(p.tagCount()).isEqualTo(10);
                assertThat(p.fieldCount()).isEqualTo(10);
                assertThat(p.timestampNanos()).isEqualTo(times.get(row));
                Set<String> keys = new HashSet<>();
                for (int t = 0; t < 10; t++) {
                    keys.add(p.tagKey(t));
                    if (p.tagKey(t).equals("hostname")) {
                        assertThat(p.tagValue(t)).isEqualTo("host_" + hosts.get(row));
                    }
                }
                assertThat(keys).containsExactlyInAnyOrderElementsOf(DevopsGenerator.TAG_KEYS);
                for (int f = 0; f < 10; f++) {
                    assertThat(p.fieldKey(f)).isEqualTo(DevopsGenerator.FIELD_KEYS.get(f));
                    assertThat(p.doubleValue(f)).isEqualTo(visited.get(row)[f]);
                }
                row++;
            }
            assertThat(row).isEqualTo(3600);
        }
        String[] tags = g.hostTags(0);
        assertThat(tags).hasSize(10);
        assertThat(tags[2]).startsWith(tags[1]); // datacenter belongs to region
        assertThat(Integer.parseInt(tags[3])).isBetween(0, 99);
        assertThat(tags[4]).isIn("Ubuntu16.10", "Ubuntu16.04LTS", "Ubuntu15.10");
        assertThat(tags[5]).isIn("x64", "x86");
        assertThat(tags[9]).isIn("production", "staging", "test");
    }

    @Test
    void walksAreClampedNormalSteps() throws Exception {
        DevopsGenerator g = new DevopsGenerator(DevopsGenerator.Config.of(20, 24 * HOUR, 5));
        double[][] last = new double[20][];
        long[] counts = new long[3]; // at 0, at 100, free steps
        double[] moments = new double[2];
        g.generate((host, ts, v) -> {
            for (double x : v) {
                assertThat(x).isBetween(0.0, 100.0);
                if (x == 0.0) {
                    counts[0]++;
                } else if (x == 100.0) {
                    counts[1]++;
                }
            }
            if (last[host] != null) {
                for (int f = 0; f < 10; f++) {
                    double prev = last[host][f];
                    double x = v[f];
                    if (x > 0 && x < 100 && prev > 0 && prev < 100) {
                        double step = x - prev;
                        counts[2]++;
                        moments[0] += step;
                        moments[1] += step * step;
                    }
                }
            }
            last[host] = v.clone();
        });
        assertThat(counts[0]).as("values clamped at 0").isPositive();
        assertThat(counts[1]).as("values clamped at 100").isPositive();
        double mean = moments[0] / counts[2];
        double sd = Math.sqrt(moments[1] / counts[2] - mean * mean);
        assertThat(mean).isBetween(-0.02, 0.02);
        assertThat(sd).isBetween(0.98, 1.02);
    }

    @Test
    void decimalsRoundTheSameWalk() throws Exception {
        DevopsGenerator.Config c = DevopsGenerator.Config.of(5, HOUR, 9);
        List<double[]> full = new ArrayList<>();
        new DevopsGenerator(c).generate((h, t, v) -> full.add(v.clone()));
        byte[] text = lp(c.withDecimals(2));
        try (LineProtocolReader r = new LineProtocolReader(new ByteArrayInputStream(text), Precision.NANOSECONDS)) {
            ParsedPoint p = new ParsedPoint();
            int row = 0;
            while (r.next(p)) {
                for (int f = 0; f < 10; f++) {
                    assertThat(p.doubleValue(f)).isEqualTo(Math.round(full.get(row)[f] * 100) / 100.0);
                }
                row++;
            }
            assertThat(row).isEqualTo(full.size());
        }
        String s = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(s).doesNotContainPattern("=\\d+\\.\\d{3}");
        assertThat(Arrays.asList(s.split("\n"))).allMatch(l -> l.split(" ")[1].split(",").length == 10);
    }
}
