package dev.sundial;

/**
 * Type of a SQL value or result column. Timestamps are epoch nanoseconds (UTC); intervals are
 * nanoseconds plus calendar months (see {@code dev.sundial.table.Interval}).
 */
public enum SqlType {
    TIMESTAMP, DOUBLE, BIGINT, BOOLEAN, VARCHAR, INTERVAL;

    /** The PostgreSQL-style name shown to users. */
    public String sqlName() {
        return switch (this) {
            case TIMESTAMP -> "TIMESTAMP";
            case DOUBLE -> "DOUBLE";
            case BIGINT -> "BIGINT";
            case BOOLEAN -> "BOOLEAN";
            case VARCHAR -> "VARCHAR";
            case INTERVAL -> "INTERVAL";
        };
    }
}
