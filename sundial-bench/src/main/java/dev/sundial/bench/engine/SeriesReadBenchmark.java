package dev.sundial.bench.engine;

import dev.sundial.SeriesCursor;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.cli.demo.DevopsLoader;
import dev.sundial.index.TagFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads one series for one hour (all 10 value columns, 360 rows) at a random host and hour of the
 * 100-host × 1-day devops dataset, flushed to segments and reopened (so reads go to segment files,
 * through the OS cache). Average time per read.
 *
 * <p>Run: {@code ./bench jmh SeriesReadBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SeriesReadBenchmark {
    static final long HOUR = 3_600_000_000_000L;
    Path dir;
    Sundial db;
    Table table;
    String[] hosts;
    final SplittableRandom rnd = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = Files.createTempDirectory("sundial-read-bench");
        DevopsGenerator gen = new DevopsGenerator(DevopsGenerator.Config.of(100, 24 * HOUR, 1).withDecimals(2));
        try (Sundial w = Sundial.open(dir)) {
            new DevopsLoader(w, gen).load(w, gen, 50_000);
        }
        db = Sundial.open(dir);
        table = db.table(DevopsGenerator.MEASUREMENT);
        hosts = new String[100];
        for (int h = 0; h < 100; h++) {
            hosts[h] = gen.hostTags(h)[0];
        }
    }

    @Benchmark
    public long oneSeriesOneHour() {
        long start = DevopsGenerator.DEFAULT_START_NANOS + rnd.nextInt(24) * HOUR;
        long rows = 0;
        try (SeriesCursor c = table.scan(start, start + HOUR, TagFilter.eq("hostname", hosts[rnd.nextInt(100)]))) {
            while (c.hasNext()) {
                rows += c.next().rows().size;
            }
        }
        return rows;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        db.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
