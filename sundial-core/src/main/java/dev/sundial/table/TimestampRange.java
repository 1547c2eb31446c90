package dev.sundial.table;

import java.time.Instant;

/**
 * The timestamps a table accepts: {@value #MIN_TEXT} to {@value #MAX_TEXT} inclusive, as epoch
 * nanoseconds {@link #MIN_NANOS} .. {@link #MAX_NANOS}. Every write path checks it before anything
 * of the point is kept ({@code WriteBatch}: the embedded API, SQL {@code INSERT}, line protocol
 * and CSV import), so count(*), {@code SELECT *}, {@code Table.query}, export and stats see the same
 * rows.
 *
 * <p>Where the bounds come from: int64 nanoseconds span 1677-09-21T00:12:43.145224192Z ..
 * 2262-04-11T23:47:16.854775807Z, but a row needs headroom around it. Its time partition must
 * start and end inside int64 (the MONTH partition of 1677-09-21 starts on 1677-09-01, before the
 * first representable nanosecond, so its start overflowed and the partition's rows vanished from
 * some reads), and reads are half-open ranges {@code [from, to)}, so a row at {@code Long.MAX_VALUE}
 * is inside none. Whole calendar years inside the int64 span leave about 100 days on each side:
 * enough for every partition (at most a month) and every {@code time_bucket} up to 3 months wide
 * to start and end inside int64. InfluxDB accepts nearly all of int64 (it reserves only the
 * extremes); Pandas' {@code Timestamp} spans all of it.
 *
 * <p>Stateless and thread-safe.
 */
public final class TimestampRange {
    public static final String MIN_TEXT = "1678-01-01T00:00:00Z";
    public static final String MAX_TEXT = "2261-12-31T23:59:59.999999999Z";
    /** 1678-01-01T00:00:00Z in epoch nanoseconds. */
    public static final long MIN_NANOS = -9_214_560_000_000_000_000L;
    /** 2261-12-31T23:59:59.999999999Z in epoch nanoseconds. */
    public static final long MAX_NANOS = 9_214_646_399_999_999_999L;

    private TimestampRange() {
    }

    /** Whether a row may carry this timestamp. */
    public static boolean contains(long epochNanos) {
        return epochNanos >= MIN_NANOS && epochNanos <= MAX_NANOS;
    }

    /**
     * Why a timestamp is refused, for an error message that already names what was being written:
     * {@code "timestamp -9223372036854775808 (1677-09-21T00:12:43.145224192Z) is outside the accepted
     * range 1678-01-01T00:00:00Z .. 2261-12-31T23:59:59.999999999Z"}.
     */
    public static String outsideReason(long epochNanos) {
        return "timestamp " + epochNanos + " (" + format(epochNanos) + ") is outside the accepted range " + MIN_TEXT + " .. " + MAX_TEXT;
    }

    private static String format(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)).toString();
    }
}
