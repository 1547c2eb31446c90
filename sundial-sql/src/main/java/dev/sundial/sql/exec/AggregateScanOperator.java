package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import dev.sundial.head.ColumnStats;
import dev.sundial.index.SeriesKey;
import dev.sundial.scan.ChunkSource;
import dev.sundial.sql.analyze.AggregateCall;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.sql.function.TimeBucketEval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scan and hash aggregation in one step, on every core: workers take series one at a time, read
 * them, filter, and aggregate into their own partial state, merged at the end. With push-down, a
 * chunk that lies wholly inside the time range and inside one bucket of every time key, and that
 * overlaps no other source of its series (overlaps need upsert folding), is answered from its
 * statistics without decoding (only when no row filter remains and every aggregate can be:
 * count/sum/avg/min/max/first/last of value columns, count/min/max/first/last of the timestamp).
 * Emits one batch: the keys, then the aggregates.
 */
public final class AggregateScanOperator extends Operator {
    private final ScanSpec spec;
    private final List<Eval> keys;
    private final List<AggregateCall> aggs;
    private final boolean pushdown;
    private final List<TimeBucketEval> timeKeys;
    private final AtomicLong chunksFromStats = new AtomicLong();
    private final AtomicLong chunksDecoded = new AtomicLong();
    private final AtomicLong rowsDecoded = new AtomicLong();
    private int workersUsed;
    /** Rollup levels to read, or null (raw only); {@code rollupWhy} says why not, for EXPLAIN. */
    private final RollupPlan rollup;
    private final String rollupWhy;
    private final AtomicLong cellsUsed = new AtomicLong();
    private final AtomicLong bucketsStale = new AtomicLong();
    private boolean done;
    private Aggregation result;

    public AggregateScanOperator(QueryContext ctx, List<ResultColumn> columns, ScanSpec spec, List<Eval> keys,
                                 List<AggregateCall> aggs, boolean pushdown, List<TimeBucketEval> timeKeys) {
        this(ctx, columns, spec, keys, aggs, pushdown, timeKeys, null, "not planned");
    }

    public AggregateScanOperator(QueryContext ctx, List<ResultColumn> columns, ScanSpec spec, List<Eval> keys,
                                 List<AggregateCall> aggs, boolean pushdown, List<TimeBucketEval> timeKeys, RollupPlan rollup,
                                 String rollupWhy) {
        super(ctx, columns);
        this.rollup = rollup;
        this.rollupWhy = rollupWhy;
        this.spec = spec;
        this.keys = keys;
        this.aggs = aggs;
        this.pushdown = pushdown;
        this.timeKeys = timeKeys;
    }

    @Override
    protected Batch produce() {
        if (done) {
            return null;
        }
        done = true;
        int n = spec.seriesIds().length;
        int workers = Math.max(1, Math.min(ScanPool.THREADS, n));
        workersUsed = workers;
        AtomicInteger next = new AtomicInteger();
        List<Future<Aggregation>> futures = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            futures.add(ScanPool.POOL.submit(() -> work(next)));
        }
        Aggregation mine = null;
        try {
            mine = work(next);
            for (Future<Aggregation> f : futures) {
                Aggregation other = SeriesScanOperator.await(f);
                mine.merge(other);
                other.release();
            }
        } catch (RuntimeException e) {
            // stop the other workers at their next series and wait for them before the snapshot is
            // released; never interrupt them: an interrupt during FileChannel I/O closes the channel
            // that every query shares
            next.set(Integer.MAX_VALUE / 2);
            for (Future<Aggregation> f : futures) {
                try {
                    f.get().release();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(ie);
                } catch (java.util.concurrent.ExecutionException ee) {
                    if (ee.getCause() != e) {
                        e.addSuppressed(ee.getCause());
                    }
                }
            }
            if (mine != null) {
                mine.release();
            }
            throw e;
        }
        result = mine;
        return mine.result();
    }

    private Aggregation work(AtomicInteger next) {
        Aggregation agg = new Aggregation(keys, aggs, ctx, rollup != null && rollup.approximate());
        SeriesBatchReader reader = new SeriesBatchReader(spec, true);
        CellFeeder cells = rollup == null ? null : new CellFeeder(rollup, aggs, spec.table().schema());
        int[] ids = spec.seriesIds();
        int i;
        long fromStats = 0;
        while ((i = next.getAndIncrement()) < ids.length) {
            if ((i & 63) == 0) {
                ctx.check();
            }
            int id = ids[i];
            SeriesKey key = spec.table().seriesKey(id);
            List<ChunkSource> sources = spec.snapshot().sources(id);
            if (cells == null) {
                fromStats += readRaw(agg, reader, key, sources, spec.from(), spec.to());
            } else {
                for (long[] r : cells.feed(id, key, sources, agg, reader)) {
                    fromStats += readRaw(agg, reader, key, sources, r[0], r[1]);
                }
            }
        }
        if (cells != null) {
            cellsUsed.addAndGet(cells.cellsUsed);
            bucketsStale.addAndGet(cells.bucketsStale);
        }
        chunksFromStats.addAndGet(fromStats);
        chunksDecoded.addAndGet(reader.chunksRead);
        rowsDecoded.addAndGet(reader.rowsRead);
        return agg;
    }

    /** Aggregates the raw rows of a series in [from, to): chunk statistics where they answer, decoded rows else. */
    private int readRaw(Aggregation agg, SeriesBatchReader reader, SeriesKey key, List<ChunkSource> all, long from, long to) {
        List<ChunkSource> sources = new ArrayList<>();
        for (ChunkSource s : all) {
            if (s.maxTs() >= from && s.minTs() < to) {
                sources.add(s);
            }
        }
        int used = 0;
        if (pushdown && !sources.isEmpty()) {
            List<ChunkSource> rest = new ArrayList<>();
            used = answerFromStats(agg, reader, key, sources, rest, from, to);
            sources = rest;
        }
        // a cancel or the deadline is observed per batch: one series may hold millions of rows
        reader.read(key, sources, from, to, b -> {
            ctx.check();
            agg.add(b);
        });
        return used;
    }

    /** Feeds qualifying chunks' statistics to {@code agg}; the others go to {@code rest}. Returns the count used. */
    private int answerFromStats(Aggregation agg, SeriesBatchReader reader, SeriesKey key, List<ChunkSource> sources,
                                List<ChunkSource> rest, long from, long to) {
        List<ChunkSource> byTime = new ArrayList<>(sources);
        byTime.sort(Comparator.comparingLong(ChunkSource::minTs));
        // clusters of sources that overlap in time (late data, upserts) must be decoded and folded;
        // every other source holds rows no other source has, so its statistics are exact
        boolean[] overlapping = new boolean[byTime.size()];
        int clusterStart = 0;
        long clusterEnd = Long.MIN_VALUE;
        for (int k = 0; k <= byTime.size(); k++) {
            if (k == byTime.size() || byTime.get(k).minTs() > clusterEnd) {
                if (k - clusterStart > 1) {
                    java.util.Arrays.fill(overlapping, clusterStart, k, true);
                }
                if (k == byTime.size()) {
                    break;
                }
                clusterStart = k;
                clusterEnd = byTime.get(k).maxTs();
            } else {
                clusterEnd = Math.max(clusterEnd, byTime.get(k).maxTs());
            }
        }
        Vec[] tags = null;
        int used = 0;
        java.util.Set<ChunkSource> answered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        ColumnStats[] stats = new ColumnStats[aggs.size()];
        for (int k = 0; k < byTime.size(); k++) {
            ChunkSource s = byTime.get(k);
            if (overlapping[k] || !qualifies(s, stats, from, to)) {
                continue;
            }
            if (tags == null) {
                tags = reader.tagVectors(key);
            }
            agg.addStats(reader.keyRow(tags, s.minTs()), s.rowCount(), stats, s.minTs(), s.maxTs());
            answered.add(s);
            used++;
        }
        for (ChunkSource s : sources) { // the rest, in precedence order
            if (!answered.contains(s)) {
                rest.add(s);
            }
        }
        return used;
    }

    private boolean qualifies(ChunkSource s, ColumnStats[] stats, long from, long to) {
        if (!s.hasStats() || s.minTs() < from || s.maxTs() >= to) {
            return false;
        }
        for (TimeBucketEval t : timeKeys) {
            if (t.bucketStart(s.minTs()) != t.bucketStart(s.maxTs())) {
                return false;
            }
        }
        int tagCount = spec.tagCount();
        for (int a = 0; a < aggs.size(); a++) {
            AggregateCall call = aggs.get(a);
            if (call.kind() == AggregateKind.COUNT_STAR) {
                stats[a] = null;
                continue;
            }
            if (call.plainColumnSlot() == 0) {
                // the timestamp column: every row has one, and the chunk's time range is its min/max/first/last
                stats[a] = new ColumnStats(s.rowCount(), s.minTs(), s.maxTs(), s.minTs(), s.maxTs(), 0, 0, false, 0);
                continue;
            }
            ColumnStats st = s.stats(call.plainColumnSlot() - 1 - tagCount);
            if ((call.kind() == AggregateKind.FIRST || call.kind() == AggregateKind.LAST) && st != null && st.count() != s.rowCount()) {
                return false;
            }
            stats[a] = st;
        }
        return true;
    }

    @Override
    public List<Operator> children() {
        return List.of();
    }

    @Override
    public String explain() {
        return "AggregateScan table=" + spec.table().name() + " keys=" + keys.size() + " aggregates=" + aggs.size()
                + " parallel=" + Math.min(ScanPool.THREADS, Math.max(1, spec.seriesIds().length));
    }

    @Override
    public List<String> explainDetails() {
        List<String> d = new ArrayList<>(ScanExplain.describe(spec));
        if (spec.rowFilter() != null) {
            d.add("filter: " + spec.rowFilter().describe());
        }
        d.add("group by: " + (keys.isEmpty() ? "()" : String.join(", ", keys.stream().map(Eval::describe).toList())));
        d.add("aggregates: " + String.join(", ", aggs.stream().map(AggregateCall::text).toList()));
        if (rollup != null) {
            d.addAll(rollup.explain(aggs));
        } else {
            d.add("rollup level: raw (" + rollupWhy + ")");
        }
        d.add("push-down from chunk statistics: " + (pushdown ? "yes, for chunks wholly inside the range and one bucket"
                : "no (a row filter, an aggregate or a key needs the rows)"));
        if (ctx.analyze()) {
            d.add("workers: " + workersUsed + "; chunks answered from statistics: " + chunksFromStats.get() + ", decoded: "
                    + chunksDecoded.get() + " (" + rowsDecoded.get() + " rows in range)"
                    + (rollup == null ? "" : "; rollup cells used: " + cellsUsed.get() + ", stale buckets read raw: " + bucketsStale.get()));
        }
        return d;
    }

    @Override
    public void close() {
        if (result != null) {
            result.release();
            result = null;
        }
        ScanExplain.closeSnapshot(spec);
        if (rollup != null) {
            try {
                rollup.view().close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot release the rollup levels of table " + spec.table().name() + ": " + e.getMessage(), e);
            }
        }
    }
}
