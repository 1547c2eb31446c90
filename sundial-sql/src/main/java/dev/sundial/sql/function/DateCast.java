package dev.sundial.sql.function;

import dev.sundial.sql.exec.Eval;

/**
 * {@code x::date}, {@code CAST(x AS DATE)}, {@code DATE '…'} and {@code to_date}: Sundial has no
 * DATE type, so a date is the TIMESTAMP of its midnight. Midnight is UTC's; this is the one place
 * that decides it, so that a session time zone can later make it local midnight. Stateless.
 */
public final class DateCast {
    private static final long DAY = 86_400_000_000_000L;

    private DateCast() {
    }

    /** The midnight (UTC) starting the day of {@code ts}. */
    public static Eval of(Eval ts) {
        return TimeBucketEval.dateTrunc("day", ts);
    }

    /** The midnight (UTC) starting the day of the epoch nanoseconds {@code nanos}. */
    public static long truncate(long nanos) {
        return Math.floorDiv(nanos, DAY) * DAY;
    }
}
