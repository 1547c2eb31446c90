package dev.sundial.sql.exec;

import dev.sundial.rollup.RollupField;
import dev.sundial.rollup.RollupSchema;
import dev.sundial.rollup.RollupView;
import dev.sundial.sql.analyze.AggregateCall;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.table.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * How an aggregation reads rollup levels, decided by the planner: the view (each level's snapshot,
 * built marks, dirty ranges), the tiles of the time range (which level or raw answers which part),
 * and, per aggregate, which cell fields feed it. Immutable apart from the view, which the operator
 * closes.
 *
 * @param view          the levels as this query sees them
 * @param tiles         the query range, tiled: coarsest level in the middle, finer ones and raw at the edges
 * @param columns       per aggregate: the table value column it reads (-1: count(*) or the timestamp)
 * @param approximate   percentiles are answered from sketches
 */
public record RollupPlan(RollupView view, List<RollupView.Tile> tiles, int[] columns, boolean approximate) {

    /**
     * Level columns a cell read needs: the fixed three, and per aggregate only the fields it reads
     * (count and nans always; first/last with their timestamps; sum for the mean of stddev).
     */
    public int[] levelColumns(List<AggregateCall> aggs) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>(List.of(RollupSchema.ROWS));
        if (needsRowTimestamps(aggs)) {
            out.add(RollupSchema.TS_MIN);
            out.add(RollupSchema.TS_MAX);
        }
        RollupSchema s = view.schema();
        for (int a = 0; a < columns.length; a++) {
            int c = columns[a];
            if (c < 0) {
                continue;
            }
            for (RollupField f : RollupField.values()) {
                boolean want = f == RollupField.COUNT || f == RollupField.NANS || needs(aggs.get(a).kind(), f)
                        || (f == RollupField.FIRST_TS && aggs.get(a).kind() == AggregateKind.FIRST)
                        || (f == RollupField.LAST_TS && aggs.get(a).kind() == AggregateKind.LAST)
                        || (f == RollupField.SUM_OVERFLOW && needs(aggs.get(a).kind(), RollupField.SUM));
                int lc = s.column(c, f);
                if (want && lc >= 0) {
                    out.add(lc);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Whether a cell's first and last row timestamps are read: for aggregates of the timestamp itself
     * (min/max/first/last of it); every other aggregate reads its column's fields (two fewer columns to
     * decode per chunk for the common averages and extremes).
     */
    boolean needsRowTimestamps(List<AggregateCall> aggs) {
        for (int a = 0; a < columns.length; a++) {
            if (columns[a] < 0 && aggs.get(a).kind() != AggregateKind.COUNT_STAR) {
                return true;
            }
        }
        return false;
    }

    /** The coarsest level a tile uses, or -1 when every tile is raw. */
    public int coarsestLevel() {
        int k = -1;
        for (RollupView.Tile t : tiles) {
            k = Math.max(k, t.level());
        }
        return k;
    }

    /** EXPLAIN lines: the level and the ranges each source answers. */
    public List<String> explain(List<AggregateCall> aggs) {
        List<String> d = new ArrayList<>();
        int k = coarsestLevel();
        d.add("rollup level: " + (k < 0 ? "raw (no level is built inside the range yet)" : view.levels().get(k).name()));
        StringBuilder b = new StringBuilder("rollup ranges:");
        for (RollupView.Tile t : tiles) {
            b.append(' ').append(t.raw() ? "raw" : view.levels().get(t.level()).name()).append(" [")
                    .append(t.from() <= dev.sundial.table.TimestampRange.MIN_NANOS ? "-inf"
                            : dev.sundial.sql.function.SqlValues.formatTimestamp(t.from())).append(", ")
                    .append(t.to() > dev.sundial.table.TimestampRange.MAX_NANOS ? "+inf"
                            : dev.sundial.sql.function.SqlValues.formatTimestamp(t.to())).append(')');
        }
        d.add(b.toString() + " (dirty buckets and unflushed late rows read raw)");
        if (approximate) {
            d.add("percentile: approximate, from rollup DDSketches (relative accuracy 1%)");
        }
        return d;
    }

    /** Whether a kind of aggregate needs this field of its column's cells. */
    static boolean needs(AggregateKind kind, RollupField f) {
        return switch (kind) {
            case COUNT -> f == RollupField.COUNT;
            case SUM, AVG -> f == RollupField.SUM;
            case MIN -> f == RollupField.MIN;
            case MAX -> f == RollupField.MAX;
            case FIRST -> f == RollupField.FIRST;
            case LAST -> f == RollupField.LAST;
            case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> f == RollupField.M2 || f == RollupField.SUM;
            case PERCENTILE -> f == RollupField.SKETCH;
            default -> false;
        };
    }

    /** The level column types, for a merger reading {@link #levelColumns()}. */
    ColumnType[] levelTypes(int[] levelColumns) {
        RollupSchema s = view.schema();
        ColumnType[] t = new ColumnType[levelColumns.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = s.level().value(levelColumns[i]).type();
        }
        return t;
    }
}
