package dev.sundial.sql.plan;

import dev.sundial.QueryException;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.Table;
import dev.sundial.index.SeriesKey;
import dev.sundial.scan.TableSnapshot;
import dev.sundial.sql.analyze.AggregateCall;
import dev.sundial.sql.analyze.Scope;
import dev.sundial.sql.analyze.SelectPlan;
import dev.sundial.sql.exec.AggregateScanOperator;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.DistinctOperator;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.FilterOperator;
import dev.sundial.sql.exec.GapFillOperator;
import dev.sundial.sql.exec.HashAggregateOperator;
import dev.sundial.sql.exec.LatestByOperator;
import dev.sundial.sql.exec.LimitOperator;
import dev.sundial.sql.exec.LogicalEval;
import dev.sundial.sql.exec.Operator;
import dev.sundial.sql.exec.ProjectOperator;
import dev.sundial.sql.exec.QueryContext;
import dev.sundial.sql.exec.ScanSpec;
import dev.sundial.sql.exec.SeriesScanOperator;
import dev.sundial.sql.exec.SortKey;
import dev.sundial.sql.exec.ValuesOperator;
import dev.sundial.sql.exec.Vec;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.sql.function.EpochBucketEval;
import dev.sundial.sql.function.TimeBucketEval;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Turns an analyzed SELECT into operators: prunes by time range, tag index and series predicates;
 * picks the aggregate-scan (with push-down from chunk statistics when nothing needs the rows), the
 * latest-by scan, or the streaming series scan; then HAVING, projection, gap filling, DISTINCT,
 * ORDER BY (top-N under a LIMIT), LIMIT. Rewrites {@code DISTINCT ON (tags) … ORDER BY tags, ts
 * DESC} into the latest-by scan. Stateless apart from the statement's context.
 */
public final class QueryPlanner {
    private final QueryContext ctx;

    /** Whether the statement is fully analyzed (a WITH query's only reference may then plan it in place). */
    private final boolean analysisDone;

    public QueryPlanner(QueryContext ctx) {
        this(ctx, false);
    }

    /** @param analysisDone true for the statement's main plan, false for subqueries run while it is analyzed */
    public QueryPlanner(QueryContext ctx, boolean analysisDone) {
        this.ctx = ctx;
        this.analysisDone = analysisDone;
    }

    public Operator plan(SelectPlan p) {
        Operator op;
        long rangeFrom = Long.MIN_VALUE;
        long rangeTo = Long.MAX_VALUE;
        List<ResultColumn> inLayout = layout(p.input);
        boolean latestRewrite = latestByRewrite(p);
        if (p.table != null) {
            ScanPredicates sp = ScanPredicates.split(p.where, p.table.schema().tagCount(), p.table.schema().tags());
            rangeFrom = sp.from;
            rangeTo = sp.to;
            Eval rowFilter = and(sp.rowPredicates);
            TimeBucketEval newest = p.aggregate ? newestBucketsKey(p) : null;
            if (newest != null && sp.to != Long.MAX_VALUE && !sp.empty) {
                long needed = p.limit + p.offset;
                long width = newest.width().nanos();
                long lastBucket = newest.bucketStart(sp.to - 1);
                long windowStart;
                try {
                    windowStart = Math.subtractExact(lastBucket, Math.multiplyExact(width, needed + 1));
                } catch (ArithmeticException e) {
                    windowStart = Long.MIN_VALUE;
                }
                op = new dev.sundial.sql.exec.NewestBucketsOperator(ctx, aggLayout(p), start -> {
                    ScanPredicates narrowed = ScanPredicates.split(p.where, p.table.schema().tagCount(), p.table.schema().tags());
                    narrowed.from = Math.max(narrowed.from, start);
                    return aggregateScan(p, narrowed, rowFilter);
                }, sp.from, windowStart, Math.max(width, width * (needed + 1)), needed);
            } else if (p.aggregate) {
                op = aggregateScan(p, sp, rowFilter);
            } else if (!p.latestBy.isEmpty()) {
                op = new LatestByOperator(ctx, inLayout, scanSpec(p, sp, rowFilter), p.latestBy.stream().mapToInt(Integer::intValue).toArray());
            } else {
                op = new SeriesScanOperator(ctx, inLayout, scanSpec(p, sp, rowFilter));
            }
        } else {
            if (p.subquery != null) {
                op = plan(p.subquery);
            } else if (p.join != null) {
                op = new JoinPlanner(ctx, this).plan(p);
            } else if (CompositionPlanner.handles(p)) {
                op = new CompositionPlanner(this, ctx, analysisDone).input(p); // set operations, WITH queries
            } else {
                op = new ValuesOperator(ctx, List.of(), List.of(new Batch(1, new Vec[0])));
            }
            Eval w = and(p.where);
            if (w != null) {
                op = new FilterOperator(ctx, op, w);
            }
            if (p.aggregate) {
                op = new HashAggregateOperator(ctx, aggLayout(p), op, p.agg.keys(), p.agg.aggregates());
            }
        }
        if (p.having != null) {
            op = new FilterOperator(ctx, op, p.having);
        }
        if (!p.windows.isEmpty()) {
            op = WindowPlanner.plan(ctx, op, p);
        }
        List<ResultColumn> outCols = new ArrayList<>();
        for (int i = 0; i < p.outputs.size(); i++) {
            outCols.add(new ResultColumn(p.names.get(i), p.outputs.get(i).type));
        }
        op = new ProjectOperator(ctx, op, p.outputs, outCols);
        if (p.gapfillKey >= 0) {
            op = gapfill(p, op, rangeFrom, rangeTo);
        }
        long keep = p.limit == Long.MAX_VALUE ? Long.MAX_VALUE : p.limit + p.offset;
        if (p.distinct) {
            int[] all = new int[p.visible];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            op = new DistinctOperator(ctx, op, all);
        }
        if (!p.distinctOn.isEmpty() && !latestRewrite) {
            if (!p.order.isEmpty()) {
                op = new dev.sundial.sql.exec.SortOperator(ctx, op, p.order, Long.MAX_VALUE);
            }
            op = new DistinctOperator(ctx, op, p.distinctOn.stream().mapToInt(Integer::intValue).toArray());
        } else if (!p.order.isEmpty()) {
            op = new dev.sundial.sql.exec.SortOperator(ctx, op, p.order, keep);
        }
        if (p.limit != Long.MAX_VALUE || p.offset > 0) {
            op = new LimitOperator(ctx, op, p.limit, p.offset);
        }
        if (p.outputs.size() > p.visible) {
            List<Eval> vis = new ArrayList<>();
            for (int i = 0; i < p.visible; i++) {
                vis.add(new ColumnEval(i, p.outputs.get(i).type, p.names.get(i)));
            }
            op = new ProjectOperator(ctx, op, vis, p.resultColumns());
        }
        return op;
    }

    QueryContext ctx() {
        return ctx;
    }

    private Operator aggregateScan(SelectPlan p, ScanPredicates sp, Eval rowFilter) {
        ScanSpec spec = scanSpec(p, sp, rowFilter);
        List<TimeBucketEval> timeKeys = new ArrayList<>();
        boolean keysOk = pushdownKeys(p.agg.keys(), p.table.schema().tagCount(), timeKeys);
        // an aggregate's FILTER needs the rows: chunk statistics and rollup cells cannot honour it
        boolean filtered = p.agg.aggregates().stream().anyMatch(a -> a.filter() != null);
        boolean pushdown = rowFilter == null && !filtered && keysOk && pushdownAggs(p.agg.aggregates(), p.table);
        RollupChoice.Result rollup = RollupChoice.choose(ctx.rollupsEnabled(), rowFilter != null || filtered, keysOk, p.agg.aggregates(),
                timeKeys, spec);
        int level = rollup.plan() == null ? -1 : rollup.plan().coarsestLevel();
        if (level < 0) {
            ctx.noteLevelRead("raw", 0);
        } else {
            dev.sundial.rollup.RollupLevel l = rollup.plan().view().levels().get(level);
            ctx.noteLevelRead(l.name(), l.width().nanos());
        }
        return new AggregateScanOperator(ctx, aggLayout(p), spec, p.agg.keys(), p.agg.aggregates(), pushdown, timeKeys,
                rollup.plan(), rollup.why());
    }

    /**
     * The time key when the query asks for the newest buckets only: grouped by one fixed-width
     * time_bucket of the timestamp (or Grafana's epoch bucket of it, {@link EpochBucketEval}), ordered
     * by it descending, with a LIMIT, and nothing (HAVING,
     * DISTINCT, gap filling) that could drop or add groups. Else null.
     */
    private static TimeBucketEval newestBucketsKey(SelectPlan p) {
        // window functions see every group: they may not be cut to the newest ones
        if (p.agg.keys().size() != 1 || p.having != null || p.distinct || !p.distinctOn.isEmpty() || p.gapfillKey >= 0
                || !p.windows.isEmpty()
                || p.limit == Long.MAX_VALUE || p.limit + p.offset > 100_000 || p.order.isEmpty()) {
            return null;
        }
        Eval key = p.agg.keys().get(0);
        TimeBucketEval tb = key instanceof EpochBucketEval eb ? eb.bucket() : key instanceof TimeBucketEval t ? t : null;
        if (tb == null || tb.width().months() != 0 || !tb.isUniform() // a region's buckets vary in length
                || !(tb.timestamp() instanceof ColumnEval c) || c.slot != 0) {
            return null;
        }
        SortKey first = p.order.get(0);
        if (!first.descending() || !(p.outputs.get(first.column()) instanceof ColumnEval oc) || oc.slot != 0) {
            return null;
        }
        return tb;
    }

    /** DISTINCT ON (tags) ORDER BY tags, ts DESC over a table is LATEST BY tags. */
    private static boolean latestByRewrite(SelectPlan p) {
        if (p.table == null || p.aggregate || p.distinctOn.isEmpty() || !p.latestBy.isEmpty() || !p.windows.isEmpty()
                || p.order.size() != p.distinctOn.size() + 1) {
            return false;
        }
        int tagCount = p.table.schema().tagCount();
        List<Integer> slots = new ArrayList<>();
        for (int k = 0; k < p.distinctOn.size(); k++) {
            int idx = p.distinctOn.get(k);
            SortKey o = p.order.get(k);
            if (o.column() != idx || !(p.outputs.get(idx) instanceof ColumnEval c) || c.slot < 1 || c.slot > tagCount) {
                return false;
            }
            slots.add(c.slot);
        }
        SortKey last = p.order.get(p.order.size() - 1);
        if (!last.descending() || !(p.outputs.get(last.column()) instanceof ColumnEval c) || c.slot != 0) {
            return false;
        }
        p.latestBy.addAll(slots);
        return true;
    }

    private ScanSpec scanSpec(SelectPlan p, ScanPredicates sp, Eval rowFilter) {
        Table t = p.table;
        int tagCount = t.schema().tagCount();
        RoaringBitmap series = sp.empty ? new RoaringBitmap() : t.selectSeries(sp.tagFilter);
        int total = t.seriesCount();
        Eval seriesPred = and(sp.seriesPredicates);
        List<Integer> ids = new ArrayList<>();
        if (seriesPred != null) {
            int slots = 1 + tagCount + t.schema().valueCount();
            IntIterator it = series.getIntIterator();
            while (it.hasNext()) {
                int id = it.next();
                SeriesKey key = t.seriesKey(id);
                Vec[] cols = new Vec[slots];
                for (int k = 0; k < tagCount; k++) {
                    cols[1 + k] = Vec.constant(SqlType.VARCHAR, k < key.length() ? key.tag(k) : null);
                }
                Vec v = seriesPred.eval(new Batch(1, cols));
                if (!v.isNull(0) && v.getBool(0)) {
                    ids.add(id);
                }
            }
            series = new RoaringBitmap();
            for (int id : ids) {
                series.add(id);
            }
        }
        BitSet slots = new BitSet();
        if (rowFilter != null) {
            rowFilter.collectSlots(slots);
        }
        if (p.aggregate) {
            for (Eval k : p.agg.keys()) {
                k.collectSlots(slots);
            }
            for (AggregateCall a : p.agg.aggregates()) {
                if (a.arg() != null) {
                    a.arg().collectSlots(slots);
                }
                if (a.arg2() != null) {
                    a.arg2().collectSlots(slots);
                }
                if (a.filter() != null) {
                    a.filter().collectSlots(slots);
                }
            }
        } else {
            for (Eval o : p.outputs) {
                o.collectSlots(slots);
            }
        }
        List<Integer> values = new ArrayList<>();
        for (int s = slots.nextSetBit(1 + tagCount); s >= 0; s = slots.nextSetBit(s + 1)) {
            values.add(s - 1 - tagCount);
        }
        // the snapshot's range is clamped to the table's retention: scans and push-down use it, so
        // no expired row is returned or counted from chunk statistics
        TableSnapshot snap = t.snapshot(sp.from, sp.to, series);
        return new ScanSpec(t, snap, series.toArray(), snap.from(), snap.to(),
                values.stream().mapToInt(Integer::intValue).toArray(), rowFilter, total);
    }

    /**
     * Push-down needs keys that a chunk's statistics determine for all its rows: tags and
     * constants (one value per series), or time buckets of the timestamp (one value when the
     * chunk lies inside one bucket). A key that reads a value column, or the timestamp other than
     * through a time bucket, differs from row to row, so its chunks must be decoded; the one-row
     * batch that push-down evaluates keys on carries only the timestamp and the tags.
     */
    private static boolean pushdownKeys(List<Eval> keys, int tagCount, List<TimeBucketEval> timeKeys) {
        for (Eval k : keys) {
            if (k instanceof TimeBucketEval tb && tb.timestamp() instanceof ColumnEval c && c.slot == 0) {
                timeKeys.add(tb);
                continue;
            }
            // Grafana's floor(extract(epoch from ts) / w) * w: the epoch seconds of a time bucket
            if (k instanceof EpochBucketEval eb && eb.bucket().timestamp() instanceof ColumnEval c && c.slot == 0) {
                timeKeys.add(eb.bucket());
                continue;
            }
            BitSet s = new BitSet();
            k.collectSlots(s);
            if (s.get(0) || s.nextSetBit(1 + tagCount) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean pushdownAggs(List<AggregateCall> aggs, Table t) {
        int tagCount = t.schema().tagCount();
        for (AggregateCall a : aggs) {
            if (!a.kind().fromStats()) {
                return false;
            }
            if (a.kind() == AggregateKind.COUNT_STAR) {
                continue;
            }
            int slot = a.plainColumnSlot();
            if (slot == 0 && (a.kind() == AggregateKind.MIN || a.kind() == AggregateKind.MAX || a.kind() == AggregateKind.COUNT
                    || ((a.kind() == AggregateKind.FIRST || a.kind() == AggregateKind.LAST) && a.arg2() instanceof ColumnEval ts && ts.slot == 0))) {
                continue; // the timestamp: a chunk's row count and time range answer these
            }
            if (slot <= tagCount) {
                return false; // expressions and tags have no chunk statistics
            }
            if (a.arg().type == SqlType.VARCHAR && a.kind() != AggregateKind.COUNT) {
                return false;
            }
            if ((a.kind() == AggregateKind.FIRST || a.kind() == AggregateKind.LAST)
                    && !(a.arg2() instanceof ColumnEval c && c.slot == 0)) {
                return false;
            }
        }
        return true;
    }

    private Operator gapfill(SelectPlan p, Operator op, long from, long to) {
        int bucketOut = -1;
        List<Integer> partitionOuts = new ArrayList<>();
        for (int i = 0; i < p.visible; i++) {
            if (p.outputs.get(i) instanceof ColumnEval c && c.slot < p.agg.keys().size()) {
                if (c.slot == p.gapfillKey) {
                    bucketOut = i;
                } else {
                    partitionOuts.add(i);
                }
            }
        }
        if (bucketOut < 0) {
            throw new QueryException("time_bucket_gapfill() must also appear in the select list");
        }
        long start = p.gapfillStart != null ? p.gapfillStart : from;
        long end = p.gapfillEnd != null ? p.gapfillEnd : to;
        if (start == Long.MIN_VALUE || end == Long.MAX_VALUE) {
            throw new QueryException("time_bucket_gapfill() needs a start and an end: bound the time column in WHERE "
                    + "(ts >= … AND ts < …) or pass them as its third and fourth arguments");
        }
        TimeBucketEval tb = (TimeBucketEval) p.agg.keys().get(p.gapfillKey);
        return new GapFillOperator(ctx, op, tb, start, end, bucketOut, partitionOuts, p.fills);
    }

    /** The conjuncts AND-ed as one flat node (a WHERE clause may have thousands), or null for none. */
    static Eval and(List<Eval> conjuncts) {
        return switch (conjuncts.size()) {
            case 0 -> null;
            case 1 -> conjuncts.get(0);
            default -> new LogicalEval(LogicalEval.Kind.AND, conjuncts);
        };
    }

    private static List<ResultColumn> layout(Scope s) {
        List<ResultColumn> out = new ArrayList<>();
        for (Scope.Column c : s.columns()) {
            out.add(new ResultColumn(c.name(), c.type()));
        }
        return out;
    }

    private static List<ResultColumn> aggLayout(SelectPlan p) {
        List<ResultColumn> out = new ArrayList<>();
        for (Eval k : p.agg.keys()) {
            out.add(new ResultColumn(k.describe(), k.type));
        }
        for (AggregateCall a : p.agg.aggregates()) {
            out.add(new ResultColumn(a.text(), a.type()));
        }
        return out;
    }
}
