package dev.sundial.sql.function;

import dev.sundial.sql.exec.Eval;

/**
 * {@code x::date}, {@code CAST(x AS DATE)}, {@code DATE '…'} and {@code to_date}: Sundial has no
 * DATE type, so a date is the TIMESTAMP of its midnight: the session time zone's local midnight
 * ({@code SET timezone}), UTC's without one. This is the one place that decides it. Stateless.
 */
public final class DateCast {
    private static final long DAY = 86_400_000_000_000L;

    private DateCast() {
    }

    /** The midnight starting the day of {@code ts} in {@code zone} (null: UTC). */
    public static Eval of(Eval ts, java.time.ZoneId zone) {
        return TimeBucketEval.dateTrunc("day", ts, zone);
    }

    /** The midnight in {@code zone} (null: UTC) starting the day of the epoch nanoseconds {@code nanos}. */
    public static long truncate(long nanos, java.time.ZoneId zone) {
        if (zone == null) {
            return truncate(nanos);
        }
        java.time.zone.ZoneRules rules = zone.getRules();
        return ZoneTimes.boundaryOf(rules, truncate(ZoneTimes.toLocal(rules, nanos)));
    }

    /** The midnight (UTC) starting the day of the epoch nanoseconds {@code nanos}. */
    public static long truncate(long nanos) {
        return Math.floorDiv(nanos, DAY) * DAY;
    }
}
