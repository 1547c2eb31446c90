package dev.sundial.bench.query;

import dev.sundial.bench.http.HttpClientConnection;
import dev.sundial.bench.http.HttpResponse;
import dev.sundial.bench.http.HttpTarget;
import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.server.ServerSettings;
import dev.sundial.server.SundialServer;
import dev.sundial.server.auth.Authenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The REST query of the rollup benchmark, client-measured: hourly averages of one metric for every
 * host over the whole dataset (100 hosts × 30 days: 72,000 points in the answer), {@code GET
 * /api/timeseries/cpu/query?column=usage_user&interval=1h&agg=avg&group_by=hostname}, answered
 * from the 1h rollup level, the whole JSON read by a raw keep-alive socket client.
 *
 * <p>Run: {@code ./bench jmh RestQueryBenchmark -f 1 -wi 5 -w 1 -i 5 -r 1} (the first run loads
 * the 259 M points and builds the levels, minutes; later runs reuse them, see {@link TsbsDataset}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class RestQueryBenchmark {
    @Param({"100"})
    public int hosts;

    @Param({"30"})
    public int days;

    @Param({"2"})
    public int decimals;

    TsbsDataset data;
    dev.sundial.AggregateRequest request;
    SundialServer server;
    HttpClientConnection client;
    byte[] head;

    @Setup(Level.Trial)
    public void start() throws IOException {
        data = TsbsDataset.open(hosts, days, decimals);
        server = SundialServer.start(ServerSettings.defaults().set("data_dir", Files.createTempDirectory("rest-bench").toString())
                .set("http.port", "0").set("pg.port", "0").toConfig(), Authenticator.OPEN);
        server.attach(data.db());
        Instant start = Instant.EPOCH.plusNanos(DevopsGenerator.DEFAULT_START_NANOS);
        Instant end = start.plusSeconds(86_400L * days);
        request = new dev.sundial.AggregateRequest(start, end, java.time.Duration.ofHours(1), java.util.List.of("hostname"), dev.sundial.index.TagFilter.all(),
                java.util.List.of("usage_user"), dev.sundial.RollupAggregation.parse("avg"), 200_001);
        HttpTarget target = HttpTarget.parse(server.uri() + "/api/timeseries/cpu/query?column=usage_user&interval=1h&agg=avg"
                + "&group_by=hostname&start=" + start + "&end=" + end);
        client = new HttpClientConnection(target, 60_000);
        head = ("GET " + target.requestTarget() + " HTTP/1.1\r\nHost: " + target.hostHeader() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse first = client.exchange(head, new byte[0]);
        System.out.printf("rest: %d, %,d bytes: %s…%n", first.status(), first.bodyLength(),
                new String(first.bodyStart(), 0, Math.min(200, first.bodyStart().length), StandardCharsets.UTF_8));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.close();
        server.close();
        data.close();
    }

    /** The same aggregation in-process ({@code Table.aggregate}, every value read): the engine's share of the HTTP figure. */
    @Benchmark
    public double inProcessAggregate() {
        double sum = 0;
        try (dev.sundial.AggregateCursor c = data.db().table("cpu").aggregate(request)) {
            while (c.next()) {
                sum += ((Number) c.value(0)).doubleValue() + c.timestampNanos() + c.tag(0).length();
            }
        }
        return sum;
    }

    @Benchmark
    public long hourlyAvgOneMetricAllHosts() {
        try {
            HttpResponse r = client.exchange(head, new byte[0]);
            if (r.status() != 200) {
                throw new IllegalStateException("BUG: the REST query answered " + r.status());
            }
            return r.bodyLength();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
