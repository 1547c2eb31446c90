package dev.sundial.bench.query;

import dev.sundial.QueryResult;
import dev.sundial.Session;
import java.io.IOException;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * A 5-minute moving average per host over the devops day ({@code hosts × days} of the cpu table, by
 * default 100 hosts: 864,000 rows of 10 values, 8.64 M points; {@link TsbsDataset}):
 * {@code avg(usage_user) OVER (PARTITION BY hostname ORDER BY timestamp RANGE BETWEEN INTERVAL
 * '5 minutes' PRECEDING AND CURRENT ROW)}. The scan yields series by series in time order and
 * hostname names one series, so the window runs in its streaming mode (no sort).
 * {@code movingAverage} drains every row through {@code QueryResult} (what a client pays);
 * {@code movingAverageMax} folds the moving averages into their maximum (scan, window and one
 * aggregate, without the per-row result API); {@code scanMax} is the same without the window, the
 * baseline. Rows per second = 864,000 / the time per operation.
 *
 * <p>Run: {@code ./bench jmh WindowQueryBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class WindowQueryBenchmark {
    static final String MOVING_AVERAGE = "SELECT hostname, timestamp, avg(usage_user) OVER (PARTITION BY hostname ORDER BY timestamp"
            + " RANGE BETWEEN INTERVAL '5 minutes' PRECEDING AND CURRENT ROW) AS ma FROM cpu";

    @Param({"100"})
    public int hosts;

    @Param({"1"})
    public int days;

    TsbsDataset data;
    Session session;

    @Setup(Level.Trial)
    public void load() throws IOException {
        data = TsbsDataset.open(hosts, days, 2);
        session = data.db().session();
        long rows = movingAverage(null);
        System.out.printf("window: the moving average returns %,d rows on %,d points%n", rows, data.points());
        if (Boolean.getBoolean("tsbs.explain")) {
            try (QueryResult r = session.sql("EXPLAIN ANALYZE " + MOVING_AVERAGE)) {
                while (r.next()) {
                    System.out.println("  " + r.getString(0));
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        data.close();
    }

    @Benchmark
    public long movingAverage(Blackhole bh) {
        long rows = 0;
        try (QueryResult r = session.sql(MOVING_AVERAGE)) {
            while (r.next()) {
                rows++;
                if (bh != null) {
                    bh.consume(r.getString(0));
                    bh.consume(r.getLong(1));
                    bh.consume(r.isNull(2) ? 0 : r.getDouble(2));
                }
            }
        }
        return rows;
    }

    /** The baseline: the same scan and outer aggregate without the window. */
    @Benchmark
    public double scanMax() {
        try (QueryResult r = session.sql("SELECT max(u) FROM (SELECT hostname, timestamp, usage_user AS u FROM cpu) w")) {
            r.next();
            return r.getDouble(0);
        }
    }

    @Benchmark
    public double movingAverageMax() {
        try (QueryResult r = session.sql("SELECT max(ma) FROM (" + MOVING_AVERAGE + ") w")) {
            r.next();
            return r.getDouble(0);
        }
    }
}
