package dev.sundial;

import java.util.Locale;

/**
 * The aggregations of the seed's {@code downsample}/{@code query} API: {@link #MIN}, {@link #MAX},
 * {@link #AVG}, {@link #SUM}, {@link #COUNT}, {@link #FIRST}, {@link #LAST} and
 * {@link #percentile(double)}. Immutable.
 */
public final class RollupAggregation {
    public static final RollupAggregation MIN = new RollupAggregation("min", Double.NaN);
    public static final RollupAggregation MAX = new RollupAggregation("max", Double.NaN);
    public static final RollupAggregation AVG = new RollupAggregation("avg", Double.NaN);
    public static final RollupAggregation SUM = new RollupAggregation("sum", Double.NaN);
    public static final RollupAggregation COUNT = new RollupAggregation("count", Double.NaN);
    public static final RollupAggregation FIRST = new RollupAggregation("first", Double.NaN);
    public static final RollupAggregation LAST = new RollupAggregation("last", Double.NaN);

    private final String name;
    private final double quantile;

    private RollupAggregation(String name, double quantile) {
        this.name = name;
        this.quantile = quantile;
    }

    /** The q-quantile (0 ≤ q ≤ 1); from rollups within 1 % relative error (DDSketch), exact on raw data. */
    public static RollupAggregation percentile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("cannot use percentile(" + q + "): q must be in [0, 1]");
        }
        return new RollupAggregation("percentile", q);
    }

    /** By name: min, max, avg, sum, count, first, last, p50/p90/p99 or percentile:Q (as the REST API spells them). */
    public static RollupAggregation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "min" -> MIN;
            case "max" -> MAX;
            case "avg", "mean" -> AVG;
            case "sum" -> SUM;
            case "count" -> COUNT;
            case "first" -> FIRST;
            case "last" -> LAST;
            default -> {
                if (t.matches("p\\d{1,2}(\\.\\d+)?")) {
                    yield percentile(Double.parseDouble(t.substring(1)) / 100);
                }
                if (t.startsWith("percentile:")) {
                    try {
                        yield percentile(Double.parseDouble(t.substring("percentile:".length())));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("cannot use aggregation '" + text + "': the quantile is not a number", e);
                    }
                }
                throw new IllegalArgumentException("cannot use aggregation '" + text
                        + "': unknown (known: min, max, avg, sum, count, first, last, p50, p90, p99, percentile:Q)");
            }
        };
    }

    /** The SQL aggregate over column {@code quotedColumn} (timestamp column {@code quotedTs}). */
    String sql(String quotedColumn, String quotedTs) {
        return switch (name) {
            case "first", "last" -> name + "(" + quotedColumn + ", " + quotedTs + ")";
            case "percentile" -> "percentile(" + quotedColumn + ", " + quantile + ")";
            default -> name + "(" + quotedColumn + ")";
        };
    }

    @Override
    public String toString() {
        return name.equals("percentile") ? "percentile(" + quantile + ")" : name;
    }
}
