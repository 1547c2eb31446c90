package dev.sundial.sql.function;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Vec;
import dev.sundial.table.Interval;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * {@code time_bucket(width, ts [, origin])} with TimescaleDB's semantics — buckets are
 * {@code [origin + k·width, origin + (k+1)·width)}, the default origin is Monday 2000-01-03 for
 * fixed widths and 2000-01-01 for calendar months (a month origin counts from the 1st of its month
 * at 00:00, as TimescaleDB's) — and {@code date_trunc(unit, ts)}, which is a bucket of one calendar
 * unit (weeks start on Monday). In UTC, or in a zone's wall-clock time: then boundaries are the
 * zone's local times {@code origin + k·width} (the origin read as local time) mapped to instants by
 * {@link ZoneTimes#boundaryOf}, so a day bucket runs from local midnight to local midnight (23 or
 * 25 hours across a DST change) and each row belongs to the last boundary at or before it. Start
 * inclusive, end exclusive.
 *
 * <p>Bucket start is a monotonic function of the timestamp: the planner relies on that to answer a
 * whole chunk from its statistics when its first and last rows fall in the same bucket. Rows of a
 * series arrive in time order, so the loop recomputes the bucket only when a row leaves the current
 * one (a compare per row instead of a division).
 */
public final class TimeBucketEval extends Eval {
    /** 2000-01-03T00:00:00Z, a Monday: TimescaleDB's default origin for fixed-width buckets. */
    public static final long DEFAULT_ORIGIN = 946_857_600_000_000_000L;
    /** 2000-01-01T00:00:00Z: the default origin for month buckets. */
    public static final long DEFAULT_MONTH_ORIGIN = 946_684_800_000_000_000L;

    private final Interval width;
    /** The origin: an instant for UTC buckets, local nanoseconds ({@link ZoneTimes}) for zoned ones. */
    private final long origin;
    private final Eval ts;
    private final String name;
    private final boolean gapfill;
    /** The zone whose wall-clock time the buckets follow, or null for UTC. */
    private final ZoneId zone;
    private final ZoneRules rules;
    /** TimescaleDB's {@code offset}: buckets are shifted by it (fixed units only). */
    private final long offset;
    private final boolean defaultOrigin;

    public TimeBucketEval(String name, Interval width, long origin, Eval ts, boolean gapfill) {
        this(name, width, origin, ts, gapfill, null, origin == DEFAULT_ORIGIN || origin == DEFAULT_MONTH_ORIGIN, 0);
    }

    /**
     * A bucket in a zone's wall-clock time ({@code zone} null: UTC).
     *
     * @param origin        an instant; with a zone it is read as that zone's wall-clock time there
     *                      (TimescaleDB's {@code origin AT TIME ZONE zone}), unless {@code defaultOrigin}
     * @param defaultOrigin the origin is the default one: with a zone it is 2000-01-03 (months 2000-01-01)
     *                      00:00 <em>local</em> time
     * @param offset        TimescaleDB's {@code offset} in nanoseconds: {@code time_bucket(w, ts - offset) + offset}
     */
    public TimeBucketEval(String name, Interval width, long origin, Eval ts, boolean gapfill, ZoneId zone, boolean defaultOrigin,
                          long offset) {
        super(SqlType.TIMESTAMP);
        if (width.months() != 0 && width.nanos() != 0) {
            throw new QueryException("cannot use bucket width " + width + " in " + name
                    + ": months and fixed units cannot be mixed in one bucket");
        }
        if (width.months() < 0 || width.nanos() < 0 || (width.months() == 0 && width.nanos() == 0)) {
            throw new QueryException("cannot use bucket width " + width + " in " + name + ": it must be positive");
        }
        this.name = name;
        this.width = width;
        this.ts = ts;
        this.gapfill = gapfill;
        this.offset = offset;
        this.defaultOrigin = defaultOrigin;
        ZoneRules r = zone == null ? null : zone.getRules();
        boolean utc = r != null && r.isFixedOffset() && r.getOffset(java.time.Instant.EPOCH).getTotalSeconds() == 0;
        this.zone = utc ? null : zone;
        this.rules = utc ? null : r;
        long o = origin;
        if (rules != null && !defaultOrigin) {
            o = ZoneTimes.toLocal(rules, origin);
        }
        if (width.months() != 0) {
            // TimescaleDB buckets months from the 1st of the origin's month at 00:00 (its bucket_month
            // reads only the origin's year and month): an origin of 2000-02-01 05:00 starts February
            LocalDateTime d = ZoneTimes.toDateTime(o);
            o = ZoneTimes.fromDateTime(d.toLocalDate().withDayOfMonth(1).atStartOfDay());
        }
        this.origin = o;
    }

    /** {@code date_trunc(unit, ts)} as a bucket of one calendar unit. */
    public static TimeBucketEval dateTrunc(String unit, Eval ts) {
        return dateTrunc(unit, ts, null);
    }

    /** {@code date_trunc(unit, ts, zone)}: a bucket of one calendar unit of the zone's wall-clock time (null: UTC). */
    public static TimeBucketEval dateTrunc(String unit, Eval ts, ZoneId zone) {
        String u = unit.trim().toLowerCase(java.util.Locale.ROOT);
        Interval w = switch (u) {
            case "microsecond", "microseconds" -> new Interval(0, 1_000L);
            case "millisecond", "milliseconds" -> new Interval(0, 1_000_000L);
            case "second", "seconds" -> new Interval(0, 1_000_000_000L);
            case "minute", "minutes" -> new Interval(0, 60_000_000_000L);
            case "hour", "hours" -> new Interval(0, 3_600_000_000_000L);
            case "day", "days" -> new Interval(0, 86_400_000_000_000L);
            case "week", "weeks" -> new Interval(0, 7 * 86_400_000_000_000L);
            case "month", "months" -> new Interval(1, 0);
            case "quarter", "quarters" -> new Interval(3, 0);
            case "year", "years" -> new Interval(12, 0);
            case "decade", "decades" -> new Interval(120, 0);
            default -> throw new QueryException("cannot truncate to '" + unit
                    + "': unknown unit (use microsecond, millisecond, second, minute, hour, day, week, month, quarter, year, decade)");
        };
        return new TimeBucketEval("date_trunc", w, w.months() != 0 ? DEFAULT_MONTH_ORIGIN : DEFAULT_ORIGIN, ts, false, zone, true, 0);
    }

    public Interval width() {
        return width;
    }

    /** The origin: an instant for UTC buckets; for zoned ones the wall-clock origin as local nanoseconds. */
    public long origin() {
        return origin;
    }

    public Eval timestamp() {
        return ts;
    }

    public boolean isGapfill() {
        return gapfill;
    }

    /** The zone the buckets follow, or null for UTC (a zone fixed at +00 counts as UTC). */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Whether every bucket is {@code origin + k·width} for one fixed instant origin: UTC buckets and
     * those of a zone with one fixed offset, with fixed widths. A region's buckets follow its
     * transitions and month buckets the calendar.
     */
    public boolean isUniform() {
        return width.months() == 0 && (rules == null || rules.isFixedOffset());
    }

    /**
     * Whether every bucket boundary inside [{@code from}, {@code to}) is a multiple of {@code n}
     * nanoseconds since 1970 (so a rollup level of width {@code n} has each cell in one bucket), or
     * null when it is; else why not, for EXPLAIN.
     */
    public String whyNotDividedBy(long n, long from, long to) {
        String shape = shapeNotDividedBy(n);
        if (shape != null || rules == null) {
            return shape;
        }
        // wall-clock boundaries are multiples of n; their instants are too while every offset in the
        // range (and the instant of every transition, where a skipped boundary starts) is one
        long t = Math.max(from, dev.sundial.table.TimestampRange.MIN_NANOS);
        java.time.Instant at = java.time.Instant.ofEpochSecond(Math.floorDiv(t, ZoneTimes.NANOS));
        if (Math.floorMod(rules.getOffset(at).getTotalSeconds() * ZoneTimes.NANOS, n) != 0) {
            return "the UTC offset of " + zone.getId() + " is " + rules.getOffset(at) + " at " + SqlValues.formatTimestamp(t);
        }
        long toSecond = Math.floorDiv(Math.min(to, dev.sundial.table.TimestampRange.MAX_NANOS), ZoneTimes.NANOS);
        for (int k = 0; k < 10_000; k++) {
            java.time.zone.ZoneOffsetTransition tr = rules.nextTransition(at);
            if (tr == null || tr.toEpochSecond() >= toSecond) {
                return null;
            }
            if (Math.floorMod(tr.getOffsetAfter().getTotalSeconds() * ZoneTimes.NANOS, n) != 0
                    || Math.floorMod(tr.toEpochSecond() * ZoneTimes.NANOS, n) != 0) {
                return "the UTC offset of " + zone.getId() + " changes to " + tr.getOffsetAfter() + " at " + tr.getInstant();
            }
            at = tr.getInstant();
        }
        return "the range holds too many transitions of " + zone.getId();
    }

    /** Why the wall-clock boundaries (width, origin, offset) are not all multiples of {@code n}, or null when they are. */
    public String shapeNotDividedBy(long n) {
        boolean widthOk = width.months() == 0 ? width.nanos() % n == 0 : 86_400_000_000_000L % n == 0;
        if (!widthOk) {
            return "its width " + width + " is not a multiple";
        }
        if (Math.floorMod(origin, n) != 0 || Math.floorMod(offset, n) != 0) {
            return "its origin or offset is not on a boundary";
        }
        return null;
    }

    /** Start of the bucket holding {@code t}. */
    public long bucketStart(long t) {
        if (offset != 0) {
            return Math.addExact(zonedStart(Math.subtractExact(t, offset)), offset);
        }
        return zonedStart(t);
    }

    /** First instant after the bucket starting at {@code start}. */
    public long bucketEnd(long start) {
        if (offset != 0) {
            long e = zonedEnd(Math.subtractExact(start, offset));
            return e > Long.MAX_VALUE - Math.max(offset, 0) ? Long.MAX_VALUE : e + offset;
        }
        return zonedEnd(start);
    }

    /**
     * The largest bucket boundary at or before {@code t}. A zone's boundaries are its wall-clock
     * ones mapped by {@link ZoneTimes#boundaryOf}, which is monotonic: so this is the floor of
     * {@code t}'s wall-clock time, or a later boundary when {@code t} is in the second pass of a
     * repeated hour (its wall-clock time went back, the boundaries it passed did not).
     */
    private long zonedStart(long t) {
        if (rules == null) {
            return floorStart(t, origin);
        }
        long l = floorStart(ZoneTimes.toLocal(rules, t), origin);
        long b = ZoneTimes.boundaryOf(rules, l);
        while (true) {
            long ln = next(l);
            long bn = ZoneTimes.boundaryOf(rules, ln);
            if (bn > t) {
                return b;
            }
            l = ln;
            b = bn;
        }
    }

    /** The smallest bucket boundary after {@code s}. */
    private long zonedEnd(long s) {
        if (rules == null) {
            return next(s);
        }
        long l = floorStart(ZoneTimes.toLocal(rules, s), origin);
        while (true) {
            l = next(l);
            long b = ZoneTimes.boundaryOf(rules, l);
            if (b > s) {
                return b;
            }
        }
    }

    /** Start of the bucket of {@code t} on an axis where buckets are {@code org + k·width} (UTC or wall-clock nanoseconds). */
    private long floorStart(long t, long org) {
        if (width.months() == 0) {
            long w = width.nanos();
            // (t - origin) mod w, without computing t - origin: that overflows for rows far from the
            // origin (1678 is 322 years before the default origin 2000-01-03; int64 ns span 292)
            return t - Math.floorMod(Math.floorMod(t, w) - Math.floorMod(org, w), w);
        }
        int m = width.months();
        LocalDateTime o = ZoneTimes.toDateTime(org);
        LocalDateTime x = ZoneTimes.toDateTime(t);
        long om = o.getYear() * 12L + o.getMonthValue() - 1;
        long xm = x.getYear() * 12L + x.getMonthValue() - 1;
        long k = Math.floorDiv(xm - om, m);
        LocalDateTime start = o.plusMonths(k * m);
        if (start.isAfter(x)) {
            start = o.plusMonths((k - 1) * m);
        }
        return SqlValues.toNanos(start.toInstant(ZoneOffset.UTC));
    }

    /** The bucket start after {@code start} on the axis of {@link #floorStart}. */
    private long next(long start) {
        if (width.months() == 0) {
            long e = start + width.nanos();
            return e < start ? Long.MAX_VALUE : e;
        }
        return ZoneTimes.fromDateTime(ZoneTimes.toDateTime(start).plusMonths(width.months()));
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = ts.eval(batch);
        int n = a.constant ? 1 : Math.max(batch.size, 1);
        long[] out = new long[n];
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (a.isNull(i)) {
                continue;
            }
            long t = a.getLong(i);
            if (t < start || t >= end) {
                try {
                    start = bucketStart(t);
                    end = bucketEnd(start);
                } catch (ArithmeticException | java.time.DateTimeException e) {
                    throw new QueryException("timestamp out of range in " + describe() + ": " + t);
                }
            }
            out[i] = start;
        }
        if (a.constant) {
            return Vec.constant(SqlType.TIMESTAMP, a.isNull(0) ? null : out[0]);
        }
        boolean[] nulls = a.nulls == null ? null : java.util.Arrays.copyOf(a.nulls, n);
        return Vec.ofLongs(SqlType.TIMESTAMP, out, nulls);
    }

    @Override
    public List<Eval> children() {
        return List.of(ts);
    }

    @Override
    public String describe() {
        String z = zone == null ? "" : ", '" + zone.getId() + "'";
        if (name.equals("date_trunc")) {
            return "date_trunc('" + width + "', " + ts.describe() + z + ")";
        }
        String o = defaultOrigin ? "" : ", '" + (zone == null ? SqlValues.formatTimestamp(origin)
                : ZoneTimes.toDateTime(origin).toString()) + "'";
        String off = offset == 0 ? "" : ", INTERVAL '" + new Interval(0, Math.abs(offset)) + "'" + (offset < 0 ? " * -1" : "");
        return name + "('" + width + "', " + ts.describe() + z + o + off + ")";
    }
}
