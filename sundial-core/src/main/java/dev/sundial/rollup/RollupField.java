package dev.sundial.rollup;

import dev.sundial.table.ColumnType;
import java.util.List;

/**
 * What a rollup level keeps per series, bucket and value column. Which fields a column has depends on
 * its type ({@link #of}): numbers keep everything, BOOLEAN and VARCHAR what fits (count, first, last;
 * BOOLEAN also the number of trues). The order of this enum is the order of a column's fields in the
 * level schema ({@code docs/format/rollup.md}); it is part of the format: never reorder, only append.
 */
public enum RollupField {
    /** Non-null values in the bucket (NaN included). Always written: 0 marks "no value" (and a rebuilt-away bucket). */
    COUNT,
    /** NaN values among them (DOUBLE): excluded from min, max and sum, as chunk statistics do. */
    NANS,
    /** Sum: DOUBLE for DOUBLE columns (NaN excluded), exact BIGINT (wrapping) for BIGINT, trues for BOOLEAN. */
    SUM,
    /** The BIGINT sum overflowed 64 bits (queries then fail as on raw data). */
    SUM_OVERFLOW,
    MIN,
    MAX,
    FIRST,
    FIRST_TS,
    LAST,
    LAST_TS,
    /** Sum of squared deviations from the mean (Welford; merged with Chan's formula): stddev and variance. */
    M2,
    /** DDSketch of the values (relative accuracy 1 %), as {@link SketchText}: percentiles. */
    SKETCH;

    /** The fields a value column of {@code type} keeps, in schema order. */
    public static List<RollupField> of(ColumnType type) {
        return switch (type) {
            case DOUBLE -> List.of(COUNT, NANS, SUM, MIN, MAX, FIRST, FIRST_TS, LAST, LAST_TS, M2, SKETCH);
            case BIGINT -> List.of(COUNT, SUM, SUM_OVERFLOW, MIN, MAX, FIRST, FIRST_TS, LAST, LAST_TS, M2, SKETCH);
            case BOOLEAN -> List.of(COUNT, SUM, FIRST, FIRST_TS, LAST, LAST_TS);
            case VARCHAR -> List.of(COUNT, FIRST, FIRST_TS, LAST, LAST_TS);
        };
    }

    /** The level column type of this field for a value column of {@code type}. */
    public ColumnType storedType(ColumnType type) {
        return switch (this) {
            case COUNT, NANS, FIRST_TS, LAST_TS -> ColumnType.BIGINT;
            case SUM -> type == ColumnType.DOUBLE ? ColumnType.DOUBLE : ColumnType.BIGINT;
            case SUM_OVERFLOW -> ColumnType.BOOLEAN;
            case MIN, MAX, FIRST, LAST -> type;
            case M2 -> ColumnType.DOUBLE;
            case SKETCH -> ColumnType.VARCHAR;
        };
    }

    /** The field's name in a level schema and in {@code rollup_aggregations}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
