package dev.sundial.sql.function;

import java.util.Locale;

/** The aggregate functions of the dialect, with what they can take from chunk statistics. */
public enum AggregateKind {
    COUNT_STAR, COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX, FIRST, LAST, STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP, PERCENTILE,
    // ordered-set and time-series aggregates (docs/sql.md, "Time-series functions")
    PERCENTILE_DISC, RATE, DELTA, DERIVATIVE, TIME_WEIGHT, HISTOGRAM;

    /** The kind for a function name, or null when the name is not an aggregate. */
    public static AggregateKind of(String name, boolean distinct, boolean star) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "count" -> star ? COUNT_STAR : distinct ? COUNT_DISTINCT : COUNT;
            case "sum" -> SUM;
            case "avg", "mean" -> AVG;
            case "min" -> MIN;
            case "max" -> MAX;
            case "first" -> FIRST;
            case "last" -> LAST;
            case "stddev", "stddev_samp" -> STDDEV_SAMP;
            case "stddev_pop" -> STDDEV_POP;
            case "variance", "var_samp" -> VAR_SAMP;
            case "var_pop" -> VAR_POP;
            case "percentile", "percentile_cont", "quantile", "median" -> PERCENTILE;
            case "percentile_disc" -> PERCENTILE_DISC;
            case "rate" -> RATE;
            case "delta" -> DELTA;
            case "derivative" -> DERIVATIVE;
            case "time_weighted_avg", "average" -> TIME_WEIGHT;
            case "histogram" -> HISTOGRAM;
            default -> null;
        };
    }

    /** True when a chunk's statistics (count, min, max, sum, first, last) answer it without decoding. */
    public boolean fromStats() {
        return switch (this) {
            case COUNT_STAR, COUNT, SUM, AVG, MIN, MAX, FIRST, LAST -> true;
            default -> false;
        };
    }
}
