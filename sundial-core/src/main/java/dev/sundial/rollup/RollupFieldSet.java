package dev.sundial.rollup;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which fields a table's rollup levels keep, from the aggregations it asks for (the seed's
 * {@code RollupConfig.aggregations}; table option {@code rollup_aggregations}, default all):
 * {@code count} → COUNT (always kept: it marks empty buckets), {@code sum}/{@code avg} → SUM,
 * {@code min}, {@code max}, {@code first}, {@code last} (with their timestamps), {@code stddev}/{@code variance} → M2
 * (with SUM), {@code percentile} → SKETCH. A query needing a field a table does not keep reads raw data. Immutable.
 */
public final class RollupFieldSet {
    /** The aggregation names {@code rollup_aggregations} accepts. */
    public static final List<String> AGGREGATIONS = List.of("count", "sum", "avg", "min", "max", "first", "last", "stddev",
            "variance", "percentile");
    public static final RollupFieldSet ALL = new RollupFieldSet(EnumSet.allOf(RollupField.class));

    private final Set<RollupField> fields;

    private RollupFieldSet(Set<RollupField> fields) {
        this.fields = fields;
    }

    /** From a list of aggregation names; null or empty = all. */
    public static RollupFieldSet of(List<String> aggregations) {
        if (aggregations == null || aggregations.isEmpty()) {
            return ALL;
        }
        EnumSet<RollupField> f = EnumSet.of(RollupField.COUNT, RollupField.NANS);
        for (String a : aggregations) {
            switch (a.trim().toLowerCase(Locale.ROOT)) {
                case "count" -> { }
                case "sum", "avg" -> f.addAll(List.of(RollupField.SUM, RollupField.SUM_OVERFLOW));
                case "min" -> f.add(RollupField.MIN);
                case "max" -> f.add(RollupField.MAX);
                case "first" -> f.addAll(List.of(RollupField.FIRST, RollupField.FIRST_TS));
                case "last" -> f.addAll(List.of(RollupField.LAST, RollupField.LAST_TS));
                case "stddev", "variance" -> f.addAll(List.of(RollupField.SUM, RollupField.SUM_OVERFLOW, RollupField.M2));
                case "percentile" -> f.add(RollupField.SKETCH);
                default -> throw new IllegalArgumentException("cannot use rollup aggregation '" + a + "': unknown (known: "
                        + String.join(", ", AGGREGATIONS) + ")");
            }
        }
        return new RollupFieldSet(f);
    }

    public boolean has(RollupField f) {
        return fields.contains(f);
    }
}
