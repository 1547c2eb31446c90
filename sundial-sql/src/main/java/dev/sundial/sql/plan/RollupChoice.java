package dev.sundial.sql.plan;

import dev.sundial.SqlType;
import dev.sundial.Table;
import dev.sundial.rollup.RollupField;
import dev.sundial.rollup.RollupLevel;
import dev.sundial.rollup.RollupView;
import dev.sundial.sql.analyze.AggregateCall;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.RollupPlan;
import dev.sundial.sql.exec.ScanSpec;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.sql.function.TimeBucketEval;
import dev.sundial.table.ColumnType;
import dev.sundial.table.Interval;
import dev.sundial.table.TimestampRange;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Decides whether an aggregation reads rollup levels (DESIGN §7): only when rollups are on for the
 * session, no row filter remains (a value filter needs the rows), the keys are tags, constants and
 * time buckets of the timestamp, and every aggregate is one a cell answers (count, sum, avg, min, max,
 * first, last, stddev, variance, percentile of a value column the table's levels keep; count, min,
 * max, first, last of the timestamp). The candidate levels are those whose buckets lie inside one
 * bucket of every time key (the width a multiple of the level's, the origin on a level boundary);
 * the levels then tile the range coarsest first, within their retention ({@link RollupView#tiles}).
 *
 * <p>Stateless.
 */
final class RollupChoice {
    /** The plan, or null with the reason (for EXPLAIN). */
    record Result(RollupPlan plan, String why) {
    }

    private RollupChoice() {
    }

    static Result choose(boolean enabled, boolean rowFilter, boolean keysOk, List<AggregateCall> aggs, List<TimeBucketEval> timeKeys,
                         ScanSpec spec) {
        Table t = spec.table();
        if (t.options().rollupIntervals().isEmpty()) {
            return new Result(null, "the table has no rollup levels");
        }
        if (!enabled) {
            return new Result(null, "rollups are off in this session: SET rollups = on");
        }
        if (rowFilter) {
            return new Result(null, "a row filter needs the rows");
        }
        if (!keysOk) {
            return new Result(null, "a GROUP BY key needs the rows");
        }
        int tagCount = t.schema().tagCount();
        int[] columns = new int[aggs.size()];
        boolean percentile = false;
        for (int a = 0; a < aggs.size(); a++) {
            AggregateCall call = aggs.get(a);
            columns[a] = -1;
            AggregateKind k = call.kind();
            if (k == AggregateKind.COUNT_STAR) {
                continue;
            }
            int slot = call.plainColumnSlot();
            if (slot == 0) {
                boolean tsArg2 = call.arg2() == null || (call.arg2() instanceof ColumnEval c && c.slot == 0);
                if ((k == AggregateKind.COUNT || k == AggregateKind.MIN || k == AggregateKind.MAX || k == AggregateKind.FIRST
                        || k == AggregateKind.LAST) && tsArg2) {
                    continue;
                }
                return new Result(null, call.text() + " cannot be answered from rollups");
            }
            if (slot <= tagCount) {
                return new Result(null, call.text() + " is not an aggregate of a value column");
            }
            int col = slot - 1 - tagCount;
            ColumnType type = t.schema().value(col).type();
            boolean ok = switch (k) {
                case COUNT -> true;
                case FIRST, LAST -> type != ColumnType.VARCHAR && call.arg2() instanceof ColumnEval c && c.slot == 0;
                case SUM, AVG, MIN, MAX, STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP, PERCENTILE ->
                        type == ColumnType.DOUBLE || type == ColumnType.BIGINT;
                default -> false;
            };
            if (!ok) {
                return new Result(null, call.text() + " cannot be answered from rollups");
            }
            if (call.arg().type == SqlType.VARCHAR && k != AggregateKind.COUNT) {
                return new Result(null, call.text() + " cannot be answered from rollups");
            }
            percentile |= k == AggregateKind.PERCENTILE;
            columns[a] = col;
        }
        dev.sundial.table.TableOptions o = t.options();
        java.util.Set<String> kept = new java.util.HashSet<>(o.rollupAggregations());
        if (!kept.isEmpty()) {
            for (AggregateCall call : aggs) {
                String need = switch (call.kind()) {
                    case COUNT_STAR, COUNT -> "count";
                    case SUM, AVG -> "sum";
                    case MIN -> "min";
                    case MAX -> "max";
                    case FIRST -> "first";
                    case LAST -> "last";
                    case STDDEV_SAMP, STDDEV_POP -> "stddev";
                    case VAR_SAMP, VAR_POP -> "variance";
                    case PERCENTILE -> "percentile";
                    default -> "?";
                };
                boolean has = kept.contains(need) || (need.equals("sum") && kept.contains("avg"))
                        || ((need.equals("stddev") || need.equals("variance")) && (kept.contains("stddev") || kept.contains("variance")));
                if (!need.equals("count") && !has) {
                    return new Result(null, "the table's rollups do not keep " + need + " (rollup_aggregations)");
                }
            }
        }
        List<Interval> widths = o.rollupIntervals();
        List<Integer> candidates = new ArrayList<>();
        String zoneReason = null;
        for (int k = widths.size() - 1; k >= 0; k--) {
            long n = widths.get(k).nanos();
            boolean fits = true;
            for (TimeBucketEval tb : timeKeys) {
                String why = tb.whyNotDividedBy(n, spec.from(), spec.to());
                fits &= why == null;
                if (why != null && tb.zone() != null && tb.shapeNotDividedBy(n) == null) { // the finest such level is named
                    zoneReason = tb.describe() + " follows a time zone: " + why + ", not a multiple of the " + widths.get(k) + " level";
                }
            }
            if (!fits) {
                continue;
            }
            dev.sundial.rollup.RollupFieldSet keeps = dev.sundial.rollup.RollupFieldSet.forLevel(o.rollupAggregations(), n);
            for (AggregateCall call : aggs) {
                RollupField need = switch (call.kind()) {
                    case SUM, AVG -> RollupField.SUM;
                    case MIN -> RollupField.MIN;
                    case MAX -> RollupField.MAX;
                    case FIRST -> RollupField.FIRST;
                    case LAST -> RollupField.LAST;
                    case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> RollupField.M2;
                    case PERCENTILE -> RollupField.SKETCH;
                    default -> RollupField.COUNT;
                };
                boolean onTimestamp = call.kind() != AggregateKind.COUNT_STAR && call.plainColumnSlot() == 0;
                fits &= onTimestamp || keeps.has(need);
            }
            if (fits) {
                candidates.add(k);
            }
        }
        if (candidates.isEmpty() && zoneReason != null) {
            return new Result(null, zoneReason);
        }
        if (candidates.isEmpty()) {
            return new Result(null, "no rollup level (" + o.rollupIntervalsText() + ") divides the time bucket and keeps what the"
                    + " aggregates need (stddev and variance from 5m up, percentiles from 1h up)");
        }
        long now = dev.sundial.DataPoint.at(t.now()).build().timestampNanos();
        long[] availableFrom = new long[widths.size()];
        for (int k = 0; k < widths.size(); k++) {
            Interval r = o.retention().get(widths.get(k).toString());
            availableFrom[k] = r == null || r.months() != 0 ? TimestampRange.MIN_NANOS : now - r.nanos();
        }
        long from = Math.max(spec.from(), TimestampRange.MIN_NANOS);
        long to = Math.min(spec.to(), TimestampRange.MAX_NANOS + 1);
        RollupView view = t.rollupView(from, to, RoaringBitmap.bitmapOf(spec.seriesIds()));
        if (view == null) {
            return new Result(null, "the table has no rollup levels");
        }
        List<RollupView.Tile> tiles = view.tiles(from, to, candidates, availableFrom);
        if (tiles.stream().allMatch(RollupView.Tile::raw)) {
            try {
                view.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new Result(null, "no rollup level is built inside the range yet");
        }
        return new Result(new RollupPlan(view, tiles, columns, percentile), null);
    }
}
