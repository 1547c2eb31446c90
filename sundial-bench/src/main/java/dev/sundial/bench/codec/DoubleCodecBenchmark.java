package dev.sundial.bench.codec;

import dev.sundial.codec.CodecId;
import dev.sundial.codec.ColumnCodecs;
import dev.sundial.codec.Compression;
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
 * Double codecs on one 4096-row chunk of a devops random walk, values per second (ops/µs = M
 * values/s). {@code AUTO} on {@code decimals2} is the decimal codec (checked in setup); {@code
 * GORILLA} is XOR, {@code DELTA} float-as-int, {@code NONE} raw.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DoubleCodecBenchmark {
    static final int N = 4096;

    @Param({"AUTO", "GORILLA", "DELTA", "NONE"})
    public String mode;

    @Param({"decimals2", "full"})
    public String shape;

    double[] v;
    double[] out = new double[N];
    byte[] block;
    Compression compression;

    @Setup
    public void setup() {
        compression = Compression.parse(mode);
        v = DevopsSeries.walk(42, N, shape.equals("full") ? -1 : 2);
        block = ColumnCodecs.encodeDoubles(v, N, compression);
        if (compression == Compression.AUTO && shape.equals("decimals2") && block[0] != CodecId.DECIMAL) {
            throw new IllegalStateException("BUG: auto chose " + CodecId.name(block[0]) + " on 2-decimal data");
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] encode() {
        return ColumnCodecs.encodeDoubles(v, N, compression);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double[] decode() {
        ColumnCodecs.decodeDoubles(block, 0, block.length, out, N);
        return out;
    }
}
