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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BIGINT (a counter with spikes, auto), dictionary strings (16 hosts), booleans and presence
 * bitmaps on one 4096-row chunk, values per second (ops/µs = M values/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class OtherCodecBenchmark {
    static final int N = 4096;

    long[] longs = new long[N];
    long[] longsOut = new long[N];
    byte[] longBlock;
    String[] strings = new String[N];
    String[] stringsOut = new String[N];
    byte[] stringBlock;
    boolean[] bools = new boolean[N];
    boolean[] boolsOut = new boolean[N];
    byte[] boolBlock;
    byte[] presenceBlock;

    @Setup
    public void setup() {
        Random r = new Random(5);
        long c = 0;
        for (int i = 0; i < N; i++) {
            c += r.nextInt(100) == 0 ? r.nextInt(1 << 20) : r.nextInt(50);
            longs[i] = c;
            strings[i] = "host_" + r.nextInt(16);
            bools[i] = r.nextInt(10) != 0;
        }
        longBlock = ColumnCodecs.encodeLongs(longs, N, Compression.AUTO);
        stringBlock = ColumnCodecs.encodeStrings(strings, N, Compression.DICTIONARY);
        boolBlock = ColumnCodecs.encodeBooleans(bools, N);
        presenceBlock = ColumnCodecs.encodePresence(bools, N);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] encodeLongsAuto() {
        return ColumnCodecs.encodeLongs(longs, N, Compression.AUTO);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] decodeLongs() {
        ColumnCodecs.decodeLongs(longBlock, 0, longBlock.length, longsOut, N);
        return longsOut;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] encodeStringsDictionary() {
        return ColumnCodecs.encodeStrings(strings, N, Compression.DICTIONARY);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public String[] decodeStringsDictionary() {
        ColumnCodecs.decodeStrings(stringBlock, 0, stringBlock.length, stringsOut, N);
        return stringsOut;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] encodeBooleans() {
        return ColumnCodecs.encodeBooleans(bools, N);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public boolean[] decodeBooleans() {
        ColumnCodecs.decodeBooleans(boolBlock, 0, boolBlock.length, boolsOut, N);
        return boolsOut;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int decodePresence() {
        return ColumnCodecs.decodePresence(presenceBlock, 0, presenceBlock.length, boolsOut, N);
    }
}
