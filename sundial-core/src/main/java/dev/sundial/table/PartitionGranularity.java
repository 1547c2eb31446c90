package dev.sundial.table;

import java.time.LocalDate;
import java.util.Locale;

/**
 * How a table's rows are cut into time partitions. All boundaries are UTC. Weeks start on Monday
 * (ISO-8601); months are calendar months. Thread-safe (stateless).
 */
public enum PartitionGranularity {
    HOUR(1), DAY(2), WEEK(3), MONTH(4);

    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final long NANOS_PER_DAY = 24 * NANOS_PER_HOUR;
    private static final long NANOS_PER_WEEK = 7 * NANOS_PER_DAY;
    /** 1970-01-01 was a Thursday; the Monday before it is 3 days earlier. */
    private static final long MONDAY_OFFSET = -3 * NANOS_PER_DAY;

    /** Stable on-disk code. */
    public final int code;

    PartitionGranularity(int code) {
        this.code = code;
    }

    public static PartitionGranularity fromCode(int code) {
        for (PartitionGranularity g : values()) {
            if (g.code == code) {
                return g;
            }
        }
        throw new IllegalArgumentException("cannot decode partition granularity: unknown code " + code);
    }

    public static PartitionGranularity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse partition_by '" + s + "': expected hour, day, week or month", e);
        }
    }

    /** Start (inclusive, epoch nanoseconds) of the partition holding {@code ts}. */
    public long partitionStart(long ts) {
        switch (this) {
            case HOUR:
                return Math.floorDiv(ts, NANOS_PER_HOUR) * NANOS_PER_HOUR;
            case DAY:
                return Math.floorDiv(ts, NANOS_PER_DAY) * NANOS_PER_DAY;
            case WEEK:
                return Math.floorDiv(ts - MONDAY_OFFSET, NANOS_PER_WEEK) * NANOS_PER_WEEK + MONDAY_OFFSET;
            case MONTH: {
                long days = Math.floorDiv(ts, NANOS_PER_DAY);
                LocalDate d = LocalDate.ofEpochDay(days).withDayOfMonth(1);
                return d.toEpochDay() * NANOS_PER_DAY;
            }
            default:
                throw new IllegalStateException("BUG: unhandled granularity " + this);
        }
    }

    /** End (exclusive) of the partition that starts at {@code start}; saturates at Long.MAX_VALUE. */
    public long partitionEnd(long start) {
        switch (this) {
            case HOUR:
                return saturatedAdd(start, NANOS_PER_HOUR);
            case DAY:
                return saturatedAdd(start, NANOS_PER_DAY);
            case WEEK:
                return saturatedAdd(start, NANOS_PER_WEEK);
            case MONTH: {
                LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(start, NANOS_PER_DAY)).plusMonths(1);
                long hi = Math.multiplyHigh(d.toEpochDay(), NANOS_PER_DAY);
                long lo = d.toEpochDay() * NANOS_PER_DAY;
                return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : Long.MAX_VALUE;
            }
            default:
                throw new IllegalStateException("BUG: unhandled granularity " + this);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

}
