package dev.sundial.bench.pg;

import dev.sundial.bench.http.LineProtocolHttpSender;
import dev.sundial.bench.http.RequestBodies;
import dev.sundial.bench.http.SendResult;
import dev.sundial.cli.demo.DevopsGenerator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench pg-queries}: issue 10's query-rate figure. Starts {@code sundial serve} as its own
 * process, loads the devops cpu data over HTTP (line protocol), then runs small queries from K
 * pgjdbc connections (prepared statements, so the driver's server-side prepare and binary results
 * apply after its fifth execution, as in an application) at a fixed total rate, <b>open loop</b>:
 * each query has an intended start time on a fixed schedule and its latency counts from then, so a
 * slow answer that delays the next queries shows in their latency too (no coordinated omission).
 * Half the queries are point lookups (the newest {@code usage_user} of one host), half small
 * aggregates (the max of one metric of one host over one hour). The data is first flushed and its
 * rollup levels built ({@code CALL maintenance()}), as for the in-process TSBS figures; {@code
 * --no-maintenance} queries it as loaded, from the head. Reports the achieved rate and
 * p50/p99/p99.9/max over the measured seconds (after a warm-up), from a sorted array of every
 * latency.
 */
@Command(name = "pg-queries", mixinStandardHelpOptions = true,
        description = "Small queries over pgwire from K pgjdbc connections at a fixed rate (open loop): latency percentiles.")
public final class PgQueriesCommand implements Callable<Integer> {
    static final String POINT = "SELECT timestamp, usage_user FROM cpu WHERE hostname = ? LATEST BY hostname";
    static final String AGGREGATE = "SELECT max(usage_user) FROM cpu WHERE hostname = ? AND timestamp >= ? AND timestamp < ?";

    @Option(names = "--hosts", defaultValue = "100", description = "Devops hosts, one day of data (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--connections", defaultValue = "8", description = "pgjdbc connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", defaultValue = "1000", description = "Queries per second in total (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "10", description = "Warm-up seconds at the same rate, not measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-maintenance", description = "Query the data as loaded (in the head), without CALL maintenance() first.")
    boolean noMaintenance;

    @Option(names = "--heap", defaultValue = "1g", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--server-opts", description = "More JVM options for the server, space-separated.")
    String serverOpts;

    @Option(names = "--jar", description = "The runnable jar (default: sundial-cli/target/sundial.jar of the checkout).")
    Path jar;

    @Override
    public Integer call() throws Exception {
        DevopsGenerator gen = new DevopsGenerator(DevopsGenerator.Config.of(hosts, 86_400_000_000_000L, 1).withDecimals(2));
        try (ServerProcess server = ServerProcess.start(jar, heap, serverOpts)) {
            long t0 = System.nanoTime();
            RequestBodies bodies = RequestBodies.cut(gen::writeLineProtocol, 10_000, false);
            SendResult loaded = new LineProtocolHttpSender(server.httpBase + "/api/v2/write?bucket=bench&precision=ns", 2, null).send(bodies);
            if (loaded.failed() > 0) {
                throw new IllegalStateException("cannot load the devops data: " + loaded.summary());
            }
            System.out.printf("loaded %,d rows of %d hosts over HTTP in %.1f s%n", loaded.lines(), hosts, (System.nanoTime() - t0) / 1e9);

            if (!noMaintenance) {
                // as TsbsDataset does for the in-process figures: flushed to segments, rollup levels built
                long m0 = System.nanoTime();
                Properties p = new Properties();
                p.setProperty("user", "bench");
                try (Connection c = DriverManager.getConnection(server.jdbcUrl, p); java.sql.Statement st = c.createStatement()) {
                    st.execute("CALL maintenance()");
                }
                System.out.printf("CALL maintenance() (flush, rollup levels, compaction) in %.1f s%n", (System.nanoTime() - m0) / 1e9);
            }
            long dataStart = gen.config().startNanos();
            long hours = gen.config().rowsPerHost() * gen.config().intervalNanos() / 3_600_000_000_000L;
            long periodNanos = 1_000_000_000L * connections / rate; // each connection's share of the schedule
            long warmupQueries = (long) warmup * rate / connections;
            long measuredQueries = (long) seconds * rate / connections;
            long[][] latencies = new long[connections][];
            long[] busyUntil = new long[connections];
            Thread[] threads = new Thread[connections];
            Throwable[] failures = new Throwable[connections];
            long start = System.nanoTime() + 500_000_000L;
            for (int c = 0; c < connections; c++) {
                int id = c;
                threads[c] = new Thread(() -> {
                    try {
                        long offset = periodNanos * id / connections; // connections' schedules interleave evenly
                        latencies[id] = run(server.jdbcUrl, gen, dataStart, hours, start + offset, periodNanos, warmupQueries,
                                measuredQueries, new SplittableRandom(42 + id));
                        busyUntil[id] = System.nanoTime();
                    } catch (Throwable e) {
                        failures[id] = e;
                    }
                }, "pg-client-" + c);
                threads[c].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            for (Throwable f : failures) {
                if (f != null) {
                    throw new IllegalStateException("cannot run the queries: " + f, f);
                }
            }
            long measuredStart = start + warmupQueries * periodNanos;
            long end = Arrays.stream(busyUntil).max().orElseThrow();
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            double achieved = all.length / ((end - measuredStart) / 1e9);
            System.out.printf("%d connections, target %,d q/s, open loop; %,d queries measured over %d s after %d s of warm-up%n",
                    connections, rate, all.length, seconds, warmup);
            System.out.printf("achieved: %,.0f q/s%n", achieved);
            report("all", all);
            // even-numbered queries of each connection are the point lookups, odd ones the aggregates
            report("point lookups", Arrays.stream(latencies).flatMapToLong(l -> java.util.stream.IntStream.range(0, l.length)
                    .filter(i -> ((warmupQueries + i) & 1) == 0).mapToLong(i -> l[i])).sorted().toArray());
            report("aggregates", Arrays.stream(latencies).flatMapToLong(l -> java.util.stream.IntStream.range(0, l.length)
                    .filter(i -> ((warmupQueries + i) & 1) == 1).mapToLong(i -> l[i])).sorted().toArray());
            System.out.printf("server peak RSS: %,d MiB (VmHWM, -Xmx%s)%n", server.rss.peakKib() / 1024, heap);
            return 0;
        }
    }

    private static void report(String what, long[] sorted) {
        System.out.printf("latency ms, %-13s p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n", what + ":", pct(sorted, 0.50), pct(sorted, 0.99),
                pct(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** One connection's share: queries at {@code first + k × period}; returns the latencies of the measured ones. */
    private static long[] run(String url, DevopsGenerator gen, long dataStart, long hours, long first, long period, long warmup,
            long measured, SplittableRandom rnd) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "bench");
        long[] out = new long[(int) measured];
        try (Connection c = DriverManager.getConnection(url, p);
                PreparedStatement point = c.prepareStatement(POINT);
                PreparedStatement agg = c.prepareStatement(AGGREGATE)) {
            for (long k = 0; k < warmup + measured; k++) {
                long intended = first + k * period;
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                String host = gen.hostTags(rnd.nextInt(gen.config().hosts()))[0];
                if ((k & 1) == 0) {
                    point.setString(1, host);
                    drain(point);
                } else {
                    long from = dataStart + rnd.nextLong(hours) * 3_600_000_000_000L;
                    agg.setString(1, host);
                    agg.setObject(2, time(from));
                    agg.setObject(3, time(from + 3_600_000_000_000L));
                    drain(agg);
                }
                long latency = System.nanoTime() - intended;
                if (k >= warmup) {
                    out[(int) (k - warmup)] = latency;
                }
            }
        }
        return out;
    }

    private static OffsetDateTime time(long nanos) {
        return Instant.ofEpochSecond(0, nanos).atOffset(ZoneOffset.UTC);
    }

    private static void drain(PreparedStatement st) throws SQLException {
        try (ResultSet r = st.executeQuery()) {
            int rows = 0;
            while (r.next()) {
                r.getString(1);
                rows++;
            }
            if (rows != 1) {
                throw new IllegalStateException("BUG: a small query returned " + rows + " rows, expected 1");
            }
        }
    }
}
