package dev.sundial.sql.function;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Conversions between instants (epoch nanoseconds) and wall-clock times of a zone, the latter as
 * "local nanoseconds": the wall-clock time read as if it were UTC (so 2024-07-01 14:00 in Paris is
 * the epoch nanoseconds of 2024-07-01T14:00Z). Local times that do not exist (the hour skipped by a
 * spring-forward) or exist twice (the hour repeated by a fall-back) are resolved in one of two ways:
 *
 * <ul>
 *   <li>{@link #instantOf}, PostgreSQL's reading of a {@code timestamptz} literal without offset
 *       (its {@code DetermineTimeZoneOffset}): a skipped time takes the offset before the
 *       transition (02:30 in New York on a spring-forward day is 03:30 EDT), a repeated time the
 *       offset after it (01:30 on a fall-back day is 01:30 EST, the later instant);</li>
 *   <li>{@link #boundaryOf}, where a bucket of wall-clock time starts: a skipped time starts at the
 *       transition (the first instant whose wall-clock time is past it), a repeated time at its
 *       first occurrence. This mapping is monotonic in the local time, which keeps buckets in time
 *       order and a bucket's start never after its rows (see {@link ZonedBuckets}).</li>
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class ZoneTimes {
    static final long NANOS = 1_000_000_000L;

    private ZoneTimes() {
    }

    /** The zone's UTC offset at instant {@code t}, in nanoseconds (east positive). */
    public static long offsetNanos(ZoneRules rules, long t) {
        return rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(t, NANOS))).getTotalSeconds() * NANOS;
    }

    /** The wall-clock time at instant {@code t}, as local nanoseconds. */
    public static long toLocal(ZoneRules rules, long t) {
        return Math.addExact(t, offsetNanos(rules, t));
    }

    /** PostgreSQL's instant of a wall-clock time: skipped times use the offset before, repeated ones the offset after. */
    public static long instantOf(ZoneRules rules, long local) {
        if (rules.isFixedOffset()) {
            return Math.subtractExact(local, rules.getOffset(Instant.EPOCH).getTotalSeconds() * NANOS);
        }
        LocalDateTime ldt = toDateTime(local);
        List<ZoneOffset> valid = rules.getValidOffsets(ldt);
        ZoneOffset off;
        if (valid.size() == 1) {
            off = valid.get(0);
        } else {
            ZoneOffsetTransition tr = rules.getTransition(ldt);
            off = valid.isEmpty() ? tr.getOffsetBefore() : tr.getOffsetAfter();
        }
        return Math.subtractExact(local, off.getTotalSeconds() * NANOS);
    }

    /** Where a bucket whose wall-clock start is {@code local} starts: skipped times at the transition, repeated ones at their first occurrence. */
    public static long boundaryOf(ZoneRules rules, long local) {
        if (rules.isFixedOffset()) {
            return Math.subtractExact(local, rules.getOffset(Instant.EPOCH).getTotalSeconds() * NANOS);
        }
        LocalDateTime ldt = toDateTime(local);
        List<ZoneOffset> valid = rules.getValidOffsets(ldt);
        if (valid.size() == 1) {
            return Math.subtractExact(local, valid.get(0).getTotalSeconds() * NANOS);
        }
        ZoneOffsetTransition tr = rules.getTransition(ldt);
        if (valid.isEmpty()) {
            return Math.multiplyExact(tr.toEpochSecond(), NANOS);
        }
        return Math.subtractExact(local, tr.getOffsetBefore().getTotalSeconds() * NANOS);
    }

    static LocalDateTime toDateTime(long local) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(local, NANOS), (int) Math.floorMod(local, NANOS), ZoneOffset.UTC);
    }

    static long fromDateTime(LocalDateTime ldt) {
        return Math.addExact(Math.multiplyExact(ldt.toEpochSecond(ZoneOffset.UTC), NANOS), ldt.getNano());
    }
}
