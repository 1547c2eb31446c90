package dev.sundial.bench.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.bench.http.HttpClientConnection;
import dev.sundial.bench.http.HttpResponse;
import dev.sundial.bench.http.HttpTarget;
import dev.sundial.server.ServerSettings;
import dev.sundial.server.SundialServer;
import dev.sundial.server.auth.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The eight TSBS queries of {@link TsbsQueryBenchmark}, client-measured over HTTP: a server on
 * loopback over the same dataset, a keep-alive HTTP/1.1 client on a plain socket (the bench's
 * {@link HttpClientConnection}: little client CPU in the figure) POSTing {@code /api/v1/sql} with
 * the query text and its parameters as JSON, and the whole JSON answer read. Compare each median
 * with the in-process one of the same run's parameters.
 *
 * <p>Run: {@code ./bench jmh 'TsbsHttpQueryBenchmark|TsbsQueryBenchmark.(singleGroupby|cpuMax|doubleGroupby|lastpoint$|highCpu|groupbyOrderby)'
 * -p decimals=2 -f 1 -wi 6 -w 1 -i 6 -r 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class TsbsHttpQueryBenchmark extends TsbsRemoteQueries {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Param({"100"})
    public int hosts;

    @Param({"1"})
    public int days;

    @Param({"2"})
    public int decimals;

    TsbsDataset data;
    SundialServer server;
    HttpClientConnection client;
    byte[] headStart;
    final SplittableRandom rnd = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) throws IOException {
        data = TsbsDataset.open(hosts, days, decimals);
        server = SundialServer.start(ServerSettings.defaults().set("data_dir", Files.createTempDirectory("tsbs-http").toString())
                .set("http.port", "0").set("pg.port", "0").toConfig(), Authenticator.OPEN);
        server.attach(data.db());
        HttpTarget target = HttpTarget.parse(server.uri() + "/api/v1/sql");
        client = new HttpClientConnection(target, 60_000);
        headStart = ("POST " + target.requestTarget() + " HTTP/1.1\r\nHost: " + target.hostHeader()
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.close();
        server.close();
        data.close();
    }

    /** One request on the kept-alive connection; the whole answer is read (its length returned). */
    @Override
    protected long run(TsbsQuery q) {
        try {
            byte[] body = body(q.sql, q.params(data, rnd));
            ByteArrayOutputStream head = new ByteArrayOutputStream(headStart.length + 16);
            head.writeBytes(headStart);
            head.writeBytes((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpResponse r = client.exchange(head.toByteArray(), body);
            if (r.status() != 200) {
                throw new IllegalStateException("BUG: " + q + " answered " + r.status() + ": " + new String(r.bodyStart(), StandardCharsets.UTF_8));
            }
            return r.bodyLength();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] body(String sql, Object[] params) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(b)) {
            g.writeStartObject();
            g.writeStringField("query", sql);
            g.writeArrayFieldStart("params");
            for (Object p : params) {
                switch (p) {
                    case Instant i -> g.writeString(i.toString());
                    case Number n -> g.writeNumber(n.toString());
                    default -> g.writeString(String.valueOf(p));
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return b.toByteArray();
    }
}
