package dev.sundial.bench.engine;

import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.cli.demo.DevopsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Embedded batch insert: 100 devops hosts × 1 hour (360,000 points) per invocation through
 * {@code WriteBatch.addDoubles} and {@code commit()} every 50,000 rows with {@code wal.sync=batch},
 * into a database that flushes in the background as its head fills. The score reads as points per
 * second. The hour of rows is generated once per iteration (the generator's random walks cost about
 * a quarter of the insert's time, which is not what this measures); each invocation writes it again
 * one hour later, so every invocation appends new timestamps, as a live feed does.
 *
 * <p>Run: {@code ./bench jmh EmbeddedIngestBenchmark} ({@code -p maintenance=on} or {@code off}: the
 * maintenance scheduler building rollups in the background, or not)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EmbeddedIngestBenchmark {
    static final int HOSTS = 100;
    static final long HOUR = 3_600_000_000_000L;
    static final int POINTS = HOSTS * 360 * 10;

    @Param({"2"})
    int decimals;

    /**
     * Background maintenance (rollup builds after each flush, compaction, retention, tiers) on or off:
     * issue 8 asks ingest with the scheduler running to keep 90 % of ingest without it.
     */
    @Param({"on", "off"})
    String maintenance;

    Path dir;
    Sundial db;
    DevopsLoader loader;
    DevopsLoader.Rows rows;
    long hour;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("sundial-ingest-bench");
        db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(maintenance.equals("on")));
        loader = new DevopsLoader(db, generator(0));
        rows = DevopsLoader.generate(generator(0));
        hour = 0;
    }

    DevopsGenerator generator(long h) {
        DevopsGenerator.Config c = DevopsGenerator.Config.of(HOSTS, HOUR, 1).withDecimals(decimals);
        return new DevopsGenerator(new DevopsGenerator.Config(c.hosts(), c.rowsPerHost(), c.startNanos() + h * HOUR,
                c.intervalNanos(), c.seed() + h, c.decimals()));
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long insertOneHour() throws IOException {
        return loader.load(db, rows, HOUR * hour++, 50_000);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        db.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
