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
 * {@code ts ± INTERVAL '…'} where the interval has calendar months: months are added on the UTC
 * calendar (Jan 31 + 1 month = Feb 29/28, as PostgreSQL), then the fixed part.
 */
public final class CalendarShiftEval extends Eval {
    private final Eval ts;
    private final Interval interval;
    private final int sign;

    public CalendarShiftEval(Eval ts, Interval interval, int sign) {
        super(SqlType.TIMESTAMP);
        this.ts = ts;
        this.interval = interval;
        this.sign = sign;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = ts.eval(batch);
        int n = a.constant ? 1 : Math.max(batch.size, 1);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (a.isNull(i)) {
                continue;
            }
            long t = a.getLong(i);
            try {
                LocalDateTime x = LocalDateTime.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), (int) Math.floorMod(t, 1_000_000_000L),
                        ZoneOffset.UTC).plusMonths((long) sign * interval.months());
                out[i] = Math.addExact(SqlValues.toNanos(x.toInstant(ZoneOffset.UTC)), sign * interval.nanos());
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw new QueryException("timestamp out of range in " + describe());
            }
        }
        if (a.constant) {
            return Vec.constant(SqlType.TIMESTAMP, a.isNull(0) ? null : out[0]);
        }
        return Vec.ofLongs(SqlType.TIMESTAMP, out, a.nulls == null ? null : java.util.Arrays.copyOf(a.nulls, n));
    }

    @Override
    public List<Eval> children() {
        return List.of(ts);
    }

    @Override
    public String describe() {
        return "(" + ts.describe() + (sign > 0 ? " + " : " - ") + "INTERVAL '" + interval + "')";
    }
}
