package dev.sundial.bench.codec;

import dev.sundial.codec.ColumnCodecs;
import dev.sundial.codec.Compression;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Timestamp codecs on one 4096-row chunk: values per second (scores read as ops/µs = M values/s).
 * {@code regular}: 10 s interval; {@code jittered}: irregular millisecond arrivals.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TimestampCodecBenchmark {
    static final int N = 4096;

    @Param({"DOUBLEDELTA", "DELTA"})
    public String mode;

    @Param({"regular", "jittered"})
    public String shape;

    long[] ts;
    long[] out = new long[N];
    byte[] block;
    Compression compression;

    @Setup
    public void setup() {
        compression = Compression.parse(mode);
        if (shape.equals("regular")) {
            ts = DevopsSeries.regular(N, 10_000_000_000L);
        } else {
            Random r = new Random(1);
            ts = new long[N];
            long t = 1_704_067_200_000_000_000L;
            for (int i = 0; i < N; i++) {
                t += (1 + r.nextInt(2000)) * 1_000_000L;
                ts[i] = t;
            }
        }
        block = ColumnCodecs.encodeTimestamps(ts, N, compression);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] encode() {
        return ColumnCodecs.encodeTimestamps(ts, N, compression);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] decode() {
        ColumnCodecs.decodeTimestamps(block, 0, block.length, out, N);
        return out;
    }
}
