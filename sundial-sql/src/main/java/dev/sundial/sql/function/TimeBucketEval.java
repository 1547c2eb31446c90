package dev.sundial.sql.function;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Vec;
import dev.sundial.table.Interval;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code time_bucket(width, ts [, origin])} with TimescaleDB's semantics — buckets are
 * {@code [origin + k·width, origin + (k+1)·width)}, the default origin is Monday 2000-01-03 for
 * fixed widths and 2000-01-01 for calendar months — and {@code date_trunc(unit, ts)}, which is a
 * bucket of one calendar unit (weeks start on Monday). All in UTC. Start inclusive, end exclusive.
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
    private final long origin;
    private final Eval ts;
    private final String name;
    private final boolean gapfill;

    public TimeBucketEval(String name, Interval width, long origin, Eval ts, boolean gapfill) {
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
        this.origin = origin;
        this.ts = ts;
        this.gapfill = gapfill;
    }

    /** {@code date_trunc(unit, ts)} as a bucket of one calendar unit. */
    public static TimeBucketEval dateTrunc(String unit, Eval ts) {
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
        return new TimeBucketEval("date_trunc", w, w.months() != 0 ? DEFAULT_MONTH_ORIGIN : DEFAULT_ORIGIN, ts, false);
    }

    public Interval width() {
        return width;
    }

    public long origin() {
        return origin;
    }

    public Eval timestamp() {
        return ts;
    }

    public boolean isGapfill() {
        return gapfill;
    }

    /** Start of the bucket holding {@code t}. */
    public long bucketStart(long t) {
        if (width.months() == 0) {
            long w = width.nanos();
            // (t - origin) mod w, without computing t - origin: that overflows for rows far from the
            // origin (1678 is 322 years before the default origin 2000-01-03; int64 ns span 292)
            return t - Math.floorMod(Math.floorMod(t, w) - Math.floorMod(origin, w), w);
        }
        int m = width.months();
        LocalDateTime o = LocalDateTime.ofEpochSecond(Math.floorDiv(origin, 1_000_000_000L), (int) Math.floorMod(origin, 1_000_000_000L), ZoneOffset.UTC);
        LocalDateTime x = LocalDateTime.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), (int) Math.floorMod(t, 1_000_000_000L), ZoneOffset.UTC);
        long om = o.getYear() * 12L + o.getMonthValue() - 1;
        long xm = x.getYear() * 12L + x.getMonthValue() - 1;
        long k = Math.floorDiv(xm - om, m);
        LocalDateTime start = o.plusMonths(k * m);
        if (start.isAfter(x)) {
            start = o.plusMonths((k - 1) * m);
        }
        return SqlValues.toNanos(start.toInstant(ZoneOffset.UTC));
    }

    /** First instant after the bucket starting at {@code start}. */
    public long bucketEnd(long start) {
        if (width.months() == 0) {
            long e = start + width.nanos();
            return e < start ? Long.MAX_VALUE : e;
        }
        LocalDateTime s = LocalDateTime.ofEpochSecond(Math.floorDiv(start, 1_000_000_000L), (int) Math.floorMod(start, 1_000_000_000L), ZoneOffset.UTC);
        return SqlValues.toNanos(s.plusMonths(width.months()).toInstant(ZoneOffset.UTC));
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
        if (name.equals("date_trunc")) {
            return "date_trunc('" + width + "', " + ts.describe() + ")";
        }
        return name + "('" + width + "', " + ts.describe() + (origin != DEFAULT_ORIGIN && origin != DEFAULT_MONTH_ORIGIN
                ? ", '" + SqlValues.formatTimestamp(origin) + "'" : "") + ")";
    }
}
