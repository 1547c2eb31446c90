package dev.sundial.bench.query;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * The eight TSBS queries that the protocol benchmarks compare with {@link TsbsQueryBenchmark}'s
 * in-process medians: one JMH method each, inherited (JMH names them after the subclass, so
 * {@code TsbsHttpQueryBenchmark.lastpoint} and {@code TsbsPgQueryBenchmark.lastpoint} stay apart).
 * A subclass says how one query is sent and its answer read, in {@link #run}.
 */
public abstract class TsbsRemoteQueries {
    /** Sends {@code q} with fresh parameters and reads its whole answer; returns something derived from it. */
    protected abstract long run(TsbsQuery q);

    @Benchmark
    public long singleGroupby111() {
        return run(TsbsQuery.SINGLE_GROUPBY_1_1_1);
    }

    @Benchmark
    public long singleGroupby5112() {
        return run(TsbsQuery.SINGLE_GROUPBY_5_1_12);
    }

    @Benchmark
    public long cpuMaxAll8() {
        return run(TsbsQuery.CPU_MAX_ALL_8);
    }

    @Benchmark
    public long doubleGroupby1() {
        return run(TsbsQuery.DOUBLE_GROUPBY_1);
    }

    @Benchmark
    public long doubleGroupbyAll() {
        return run(TsbsQuery.DOUBLE_GROUPBY_ALL);
    }

    @Benchmark
    public long lastpoint() {
        return run(TsbsQuery.LASTPOINT);
    }

    @Benchmark
    public long highCpu1() {
        return run(TsbsQuery.HIGH_CPU_1);
    }

    @Benchmark
    public long groupbyOrderbyLimit() {
        return run(TsbsQuery.GROUPBY_ORDERBY_LIMIT);
    }
}
