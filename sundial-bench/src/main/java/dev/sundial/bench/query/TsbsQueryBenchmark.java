package dev.sundial.bench.query;

import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The TSBS devops queries through {@code Sundial.sql} in-process, on {@code hosts × days} of devops cpu
 * data (default 100 hosts × 1 day = 8.64 M points), loaded and flushed to segments once and kept
 * for later forks (see {@link TsbsDataset}); each invocation draws new random parameters (seeded) and drains
 * every column of every row. The SQL text is parsed on every call, as a client sending text would.
 * Sample time in milliseconds: read the p0.50 and p0.90 lines.
 *
 * <p>The setup prints the rows the benchmark's query returns for a few parameter draws (a sanity check)
 * and, with {@code -jvmArgsAppend -Dtsbs.explain=true}, its {@code EXPLAIN ANALYZE}.
 *
 * <p>Run: {@code ./bench jmh TsbsQueryBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1}; one query:
 * {@code ./bench jmh 'TsbsQueryBenchmark.singleGroupby111'}; 10× the hosts:
 * {@code ./bench jmh 'TsbsQueryBenchmark.(fullScan|singleGroupby111)' -p hosts=1000 -p decimals=2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class TsbsQueryBenchmark {
    @Param({"100"})
    public int hosts;

    @Param({"1"})
    public int days;

    /** Values rounded to 2 decimals (as TSBS's files hold them) or full precision (-1). */
    @Param({"2", "-1"})
    public int decimals;

    /** Rollup levels read by the planner (on) or not ({@code SET rollups = off}). */
    @Param({"on"})
    public String rollups;

    /** Parameters as Instants (false) or as ISO text (true), as clients over HTTP and pgwire send them. */
    @Param({"false"})
    public boolean textParams;

    TsbsDataset data;
    dev.sundial.Session session;
    final SplittableRandom rnd = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void load(BenchmarkParams params) throws IOException {
        data = TsbsDataset.open(hosts, days, decimals);
        session = data.db().session();
        session.sql("SET rollups = " + rollups).close();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        TsbsQuery q = queryOf(method);
        SplittableRandom probe = new SplittableRandom(1);
        long[] rows = new long[3];
        for (int i = 0; i < rows.length; i++) {
            try (QueryResult r = session.sql(q.sql, q.params(data, probe))) {
                while (r.next()) {
                    rows[i]++;
                }
            }
        }
        System.out.printf("tsbs: %s returns %s rows for 3 random draws on %,d points: %s%n",
                q, Arrays.toString(rows), data.points(), q.sql);
        if (Boolean.getBoolean("tsbs.explain")) {
            try (QueryResult r = session.sql("EXPLAIN ANALYZE " + q.sql, q.params(data, probe))) {
                while (r.next()) {
                    System.out.println("  " + r.getString(0));
                }
            }
        }
    }

    private static TsbsQuery queryOf(String method) {
        String wanted = method.toLowerCase(Locale.ROOT);
        for (TsbsQuery q : TsbsQuery.values()) {
            if (q.name().replace("_", "").toLowerCase(Locale.ROOT).equals(wanted)) {
                return q;
            }
        }
        throw new IllegalStateException("BUG: no TsbsQuery for benchmark method " + method);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        data.close();
    }

    private long run(TsbsQuery q, Blackhole bh) {
        long rows = 0;
        Object[] params = q.params(data, rnd);
        if (textParams) {
            for (int i = 0; i < params.length; i++) {
                params[i] = params[i] == null ? null : params[i].toString();
            }
        }
        try (QueryResult r = session.sql(q.sql, params)) {
            List<ResultColumn> cols = r.columns();
            int n = cols.size();
            SqlType[] types = new SqlType[n];
            for (int c = 0; c < n; c++) {
                types[c] = cols.get(c).type();
            }
            while (r.next()) {
                rows++;
                for (int c = 0; c < n; c++) {
                    if (r.isNull(c)) {
                        continue;
                    }
                    switch (types[c]) {
                        case DOUBLE -> bh.consume(r.getDouble(c));
                        case VARCHAR -> bh.consume(r.getString(c));
                        case BOOLEAN -> bh.consume(r.getBoolean(c));
                        default -> bh.consume(r.getLong(c));
                    }
                }
            }
        }
        return rows;
    }

    @Benchmark
    public long singleGroupby111(Blackhole bh) {
        return run(TsbsQuery.SINGLE_GROUPBY_1_1_1, bh);
    }

    @Benchmark
    public long singleGroupby5112(Blackhole bh) {
        return run(TsbsQuery.SINGLE_GROUPBY_5_1_12, bh);
    }

    @Benchmark
    public long cpuMaxAll8(Blackhole bh) {
        return run(TsbsQuery.CPU_MAX_ALL_8, bh);
    }

    @Benchmark
    public long doubleGroupby1(Blackhole bh) {
        return run(TsbsQuery.DOUBLE_GROUPBY_1, bh);
    }

    @Benchmark
    public long doubleGroupbyAll(Blackhole bh) {
        return run(TsbsQuery.DOUBLE_GROUPBY_ALL, bh);
    }

    @Benchmark
    public long lastpoint(Blackhole bh) {
        return run(TsbsQuery.LASTPOINT, bh);
    }

    @Benchmark
    public long lastpointDistinctOn(Blackhole bh) {
        return run(TsbsQuery.LASTPOINT_DISTINCT_ON, bh);
    }

    @Benchmark
    public long highCpu1(Blackhole bh) {
        return run(TsbsQuery.HIGH_CPU_1, bh);
    }

    @Benchmark
    public long groupbyOrderbyLimit(Blackhole bh) {
        return run(TsbsQuery.GROUPBY_ORDERBY_LIMIT, bh);
    }

    @Benchmark
    public long hourlyAvgAll(Blackhole bh) {
        return run(TsbsQuery.HOURLY_AVG_ALL, bh);
    }

    @Benchmark
    public long fullScan(Blackhole bh) {
        return run(TsbsQuery.FULL_SCAN, bh);
    }
}
