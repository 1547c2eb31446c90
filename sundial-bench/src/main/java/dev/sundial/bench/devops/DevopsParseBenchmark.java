package dev.sundial.bench.devops;

import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.ingest.LineProtocolException;
import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Line-protocol decoding speed on devops data: one hour of 100 hosts (36,000 lines, 360,000 points)
 * generated in memory, decoded by {@link LineProtocolReader} on one thread. The score is lines per
 * second (multiply by 10 for points per second).
 *
 * <p>Run: {@code java -cp sundial-bench/target/sundial-bench.jar org.openjdk.jmh.Main DevopsParseBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DevopsParseBenchmark {
    private static final int LINES = 100 * 360;

    /** -1: full precision; 2: values rounded to 2 decimals. */
    @Param({"-1", "2"})
    public int decimals;

    private byte[] text;
    private final ParsedPoint point = new ParsedPoint();

    @Setup(Level.Trial)
    public void generate() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(20 << 20);
        new DevopsGenerator(DevopsGenerator.Config.of(100, 3_600_000_000_000L, 123).withDecimals(decimals)).writeLineProtocol(out);
        text = out.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public double decode() throws IOException, LineProtocolException {
        double sum = 0;
        try (LineProtocolReader r = new LineProtocolReader(new ByteArrayInputStream(text), Precision.NANOSECONDS)) {
            while (r.next(point)) {
                sum += point.doubleValue(9) + point.timestampNanos();
            }
        }
        return sum;
    }
}
