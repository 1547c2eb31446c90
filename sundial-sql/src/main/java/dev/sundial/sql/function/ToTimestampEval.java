package dev.sundial.sql.function;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Vec;
import dev.sundial.table.TimestampRange;
import java.util.List;

/**
 * {@code to_timestamp(seconds)}: a DOUBLE of seconds since 1970-01-01 UTC to a TIMESTAMP, rounded to
 * the microsecond as PostgreSQL does (a DOUBLE of a present-day time holds about 0.2 µs, so digits
 * below the microsecond would be noise; {@code to_timestamp(1704067200.123456)} is exactly
 * {@code …00.123456Z}). NaN, ±Infinity and values outside Sundial's timestamp range
 * ({@value TimestampRange#MIN_TEXT} to {@value TimestampRange#MAX_TEXT}) are errors — PostgreSQL maps
 * ±Infinity to its infinite timestamps, which Sundial does not have. NULL in, NULL out. Immutable.
 */
public final class ToTimestampEval extends Eval {
    private static final double MIN_SECONDS = Math.floorDiv(TimestampRange.MIN_NANOS, 1_000_000_000L);
    private static final double MAX_SECONDS = Math.floorDiv(TimestampRange.MAX_NANOS, 1_000_000_000L) + 1;

    private final Eval seconds;

    /** @param seconds a DOUBLE */
    public ToTimestampEval(Eval seconds) {
        super(SqlType.TIMESTAMP);
        if (seconds.type != SqlType.DOUBLE) {
            throw new IllegalStateException("BUG: to_timestamp of " + seconds.type);
        }
        this.seconds = seconds;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = seconds.eval(batch);
        int n = a.constant ? 1 : rows(batch);
        long[] out = new long[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            if (!a.isNull(i)) {
                out[i] = nanos(a.getDouble(i));
            }
        }
        if (a.constant) {
            return Vec.constant(SqlType.TIMESTAMP, a.isNull(0) ? null : out[0]);
        }
        boolean[] nulls = a.nulls == null ? null : java.util.Arrays.copyOf(a.nulls, out.length);
        return Vec.ofLongs(SqlType.TIMESTAMP, out, nulls);
    }

    private long nanos(double s) {
        if (s != s) {
            throw new QueryException("cannot convert NaN to a timestamp in " + describe());
        }
        if (!(s >= MIN_SECONDS && s < MAX_SECONDS)) {
            throw new QueryException("timestamp out of range: " + s + " seconds in " + describe() + " (Sundial's timestamps span "
                    + TimestampRange.MIN_TEXT + " to " + TimestampRange.MAX_TEXT + ")");
        }
        double whole = Math.floor(s);
        // the fraction of a double is exact (s - floor(s) loses nothing); round it to whole microseconds
        long micros = Math.round((s - whole) * 1e6);
        long t = (long) whole * 1_000_000_000L + micros * 1_000L;
        if (t < TimestampRange.MIN_NANOS || t > TimestampRange.MAX_NANOS) {
            throw new QueryException("timestamp out of range: " + s + " seconds in " + describe() + " (Sundial's timestamps span "
                    + TimestampRange.MIN_TEXT + " to " + TimestampRange.MAX_TEXT + ")");
        }
        return t;
    }

    @Override
    public List<Eval> children() {
        return List.of(seconds);
    }

    @Override
    public String describe() {
        return "to_timestamp(" + seconds.describe() + ")";
    }
}
