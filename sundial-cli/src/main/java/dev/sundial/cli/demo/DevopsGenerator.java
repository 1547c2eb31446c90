package dev.sundial.cli.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded, deterministic generator of TSBS-style "devops cpu-only" data (the workload of the
 * Time Series Benchmark Suite): measurement {@code cpu}; per host 10 tags (hostname {@code host_0}...,
 * region, datacenter, rack, os, arch, team, service, service_version, service_environment) with values
 * drawn once per host from TSBS's lists; 10 float fields, each a random walk that starts uniform in
 * [0, 100) and moves by N(0, 1) steps clamped to [0, 100]; one row per host every interval (TSBS: 10 s)
 * from the start time (TSBS: 2016-01-01T00:00:00Z); rows ordered by time, then host.
 *
 * <p>Determinism: the same {@link Config} gives the same rows on every JVM: tags come from a
 * {@link SplittableRandom} seeded with {@code seed ^ TAG_SALT}, walks from one seeded with
 * {@code seed}, consumed in row order; normal variates use Marsaglia's polar method on it (not
 * {@code nextGaussian}, whose algorithm is not specified). With {@code decimals >= 0} each output value
 * is rounded to that many decimals ({@code Math.round(v * 10^d) / 10^d}); the walk itself keeps full
 * precision.
 *
 * <p>Use {@link #generate} to visit rows in-process (benchmarks) or {@link #writeLineProtocol} to write
 * the line-protocol file. Instances are immutable; each call starts the sequence afresh; not
 * thread-safe within one call.
 */
public final class DevopsGenerator {
    public static final String MEASUREMENT = "cpu";
    public static final List<String> TAG_KEYS = List.of("hostname", "region", "datacenter", "rack", "os", "arch",
            "team", "service", "service_version", "service_environment");
    public static final List<String> FIELD_KEYS = List.of("usage_user", "usage_system", "usage_idle", "usage_nice",
            "usage_iowait", "usage_irq", "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice");
    /** 2016-01-01T00:00:00Z in nanoseconds, TSBS's default start. */
    public static final long DEFAULT_START_NANOS = 1_451_606_400_000_000_000L;
    /** TSBS's default sampling interval, 10 s. */
    public static final long DEFAULT_INTERVAL_NANOS = 10_000_000_000L;

    private static final long TAG_SALT = 0x5DEECE66DL;

    // TSBS's tag value lists (regions with their datacenters, os, arch, team, environment).
    private static final String[][] REGIONS = {
        {"us-east-1", "us-east-1a", "us-east-1b", "us-east-1c", "us-east-1e"},
        {"us-west-1", "us-west-1a", "us-west-1b"},
        {"us-west-2", "us-west-2a", "us-west-2b", "us-west-2c"},
        {"eu-west-1", "eu-west-1a", "eu-west-1b", "eu-west-1c"},
        {"eu-central-1", "eu-central-1a", "eu-central-1b"},
        {"ap-southeast-1", "ap-southeast-1a", "ap-southeast-1b"},
        {"ap-southeast-2", "ap-southeast-2a", "ap-southeast-2b"},
        {"ap-northeast-1", "ap-northeast-1a", "ap-northeast-1c"},
        {"sa-east-1", "sa-east-1a", "sa-east-1b", "sa-east-1c"},
    };
    private static final String[] OS = {"Ubuntu16.10", "Ubuntu16.04LTS", "Ubuntu15.10"};
    private static final String[] ARCH = {"x64", "x86"};
    private static final String[] TEAM = {"SF", "NYC", "LON", "CHI"};
    private static final String[] ENVIRONMENT = {"production", "staging", "test"};
    private static final int RACKS = 100;
    private static final int SERVICES = 20;
    private static final int SERVICE_VERSIONS = 2;

    /**
     * What to generate.
     *
     * @param hosts          number of hosts (series), at least 1
     * @param rowsPerHost    rows per host (duration ÷ interval), at least 0
     * @param startNanos     timestamp of the first row
     * @param intervalNanos  time between a host's rows, at least 1
     * @param seed           seed of tags and values
     * @param decimals       round values to this many decimals (0..15), or -1 for full precision
     */
    public record Config(int hosts, long rowsPerHost, long startNanos, long intervalNanos, long seed, int decimals) {
        public Config {
            if (hosts < 1) {
                throw new IllegalArgumentException("cannot generate devops data: hosts=" + hosts + " < 1");
            }
            if (rowsPerHost < 0) {
                throw new IllegalArgumentException("cannot generate devops data: rowsPerHost=" + rowsPerHost + " < 0");
            }
            if (intervalNanos < 1) {
                throw new IllegalArgumentException("cannot generate devops data: intervalNanos=" + intervalNanos + " < 1");
            }
            if (decimals < -1 || decimals > 15) {
                throw new IllegalArgumentException("cannot generate devops data: decimals=" + decimals + " not in -1..15");
            }
            if (rowsPerHost > 0 && Math.multiplyHigh(rowsPerHost - 1, intervalNanos) != 0
                    || startNanos + (rowsPerHost > 0 ? (rowsPerHost - 1) * intervalNanos : 0) < startNanos) {
                throw new IllegalArgumentException("cannot generate devops data: the last timestamp overflows int64");
            }
        }

        /** TSBS defaults for {@code hosts} over {@code durationNanos}: 10 s interval from 2016-01-01, full precision. */
        public static Config of(int hosts, long durationNanos, long seed) {
            return new Config(hosts, durationNanos / DEFAULT_INTERVAL_NANOS, DEFAULT_START_NANOS, DEFAULT_INTERVAL_NANOS, seed, -1);
        }

        /** The same with values rounded to {@code d} decimals (-1: full precision). */
        public Config withDecimals(int d) {
            return new Config(hosts, rowsPerHost, startNanos, intervalNanos, seed, d);
        }
    }

    /** Receives the rows of {@link #generate}, in time-then-host order. */
    @FunctionalInterface
    public interface RowVisitor {
        /**
         * @param host           host index (tags in {@link #hostTags(int)})
         * @param timestampNanos the row's time
         * @param values         the 10 field values in {@link #FIELD_KEYS} order; reused for the next row
         */
        void row(int host, long timestampNanos, double[] values) throws IOException;
    }

    private final Config config;
    private final String[][] hostTags;
    private final double scale;

    public DevopsGenerator(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.hostTags = new String[config.hosts()][];
        SplittableRandom r = new SplittableRandom(config.seed() ^ TAG_SALT);
        for (int h = 0; h < config.hosts(); h++) {
            String[] region = REGIONS[r.nextInt(REGIONS.length)];
            hostTags[h] = new String[] {
                "host_" + h,
                region[0],
                region[1 + r.nextInt(region.length - 1)],
                Integer.toString(r.nextInt(RACKS)),
                OS[r.nextInt(OS.length)],
                ARCH[r.nextInt(ARCH.length)],
                TEAM[r.nextInt(TEAM.length)],
                Integer.toString(r.nextInt(SERVICES)),
                Integer.toString(r.nextInt(SERVICE_VERSIONS)),
                ENVIRONMENT[r.nextInt(ENVIRONMENT.length)],
            };
        }
        this.scale = config.decimals() >= 0 ? Math.pow(10, config.decimals()) : 0;
    }

    public Config config() {
        return config;
    }

    /** Tag values of host {@code h}, in {@link #TAG_KEYS} order (a copy). */
    public String[] hostTags(int h) {
        return hostTags[h].clone();
    }

    /** Rows that {@link #generate} visits: hosts × rows per host. */
    public long rowCount() {
        return config.hosts() * config.rowsPerHost();
    }

    /** Field values (points) generated: 10 per row. */
    public long pointCount() {
        return rowCount() * FIELD_KEYS.size();
    }

    /** Visits every row in time-then-host order. */
    public void generate(RowVisitor visitor) throws IOException {
        int hosts = config.hosts();
        int nf = FIELD_KEYS.size();
        SplittableRandom r = new SplittableRandom(config.seed());
        double[] state = new double[hosts * nf];
        for (int i = 0; i < state.length; i++) {
            state[i] = r.nextDouble() * 100.0;
        }
        Gaussian g = new Gaussian(r);
        double[] out = new double[nf];
        long ts = config.startNanos();
        for (long row = 0; row < config.rowsPerHost(); row++) {
            for (int h = 0; h < hosts; h++) {
                int base = h * nf;
                for (int f = 0; f < nf; f++) {
                    double v = state[base + f];
                    if (row > 0) {
                        v += g.next();
                        v = v < 0.0 ? 0.0 : (v > 100.0 ? 100.0 : v);
                        state[base + f] = v;
                    }
                    out[f] = scale > 0 ? Math.round(v * scale) / scale : v;
                }
                visitor.row(h, ts, out);
            }
            ts += config.intervalNanos();
        }
    }

    /**
     * Writes all rows as line protocol (nanosecond timestamps, tags in TSBS order) to {@code out},
     * through an internal 1 MiB buffer; does not close {@code out}.
     *
     * @return bytes written
     */
    public long writeLineProtocol(OutputStream out) throws IOException {
        byte[][] prefixes = new byte[config.hosts()][];
        for (int h = 0; h < config.hosts(); h++) {
            StringBuilder sb = new StringBuilder(MEASUREMENT);
            for (int t = 0; t < TAG_KEYS.size(); t++) {
                sb.append(',').append(TAG_KEYS.get(t)).append('=').append(hostTags[h][t]);
            }
            prefixes[h] = sb.append(' ').toString().getBytes(StandardCharsets.US_ASCII);
        }
        byte[][] keys = new byte[FIELD_KEYS.size()][];
        for (int f = 0; f < keys.length; f++) {
            keys[f] = ((f == 0 ? "" : ",") + FIELD_KEYS.get(f) + "=").getBytes(StandardCharsets.US_ASCII);
        }
        LineBuffer buf = new LineBuffer(out, config.decimals());
        generate((host, ts, values) -> {
            buf.put(prefixes[host]);
            for (int f = 0; f < values.length; f++) {
                buf.put(keys[f]);
                buf.putValue(values[f]);
            }
            buf.put((byte) ' ');
            buf.putLong(ts);
            buf.put((byte) '\n');
        });
        buf.flush();
        return buf.written;
    }

    /** N(0, 1) variates by Marsaglia's polar method; the spare of each pair is used. */
    private static final class Gaussian {
        private final SplittableRandom r;
        private double spare;
        private boolean hasSpare;

        Gaussian(SplittableRandom r) {
            this.r = r;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u;
            double v;
            double s;
            do {
                u = r.nextDouble() * 2 - 1;
                v = r.nextDouble() * 2 - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = Math.sqrt(-2.0 * Math.log(s) / s);
            spare = v * m;
            hasSpare = true;
            return u * m;
        }
    }
}
