package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.NullMasks;
import dev.sundial.sql.exec.Vec;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * {@code extract(timezone | timezone_hour | timezone_minute FROM ts)} in a session zone: the zone's
 * UTC offset at {@code ts} in seconds (east positive), or its hours, or its minutes past the hour
 * (both with the offset's sign), as PostgreSQL gives them for a timestamptz. DOUBLE; NULL in, NULL
 * out. Immutable.
 */
public final class ZoneOffsetFieldEval extends Eval {
    private final String spelling;
    private final DatePartEval.Field field;
    private final Eval ts;
    private final ZoneId zone;
    private final ZoneRules rules;

    public ZoneOffsetFieldEval(String spelling, DatePartEval.Field field, Eval ts, ZoneId zone) {
        super(SqlType.DOUBLE);
        this.spelling = spelling;
        this.field = field;
        this.ts = ts;
        this.zone = zone;
        this.rules = zone.getRules();
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = ts.eval(batch);
        int n = a.constant ? 1 : rows(batch);
        double[] out = new double[Math.max(n, 1)];
        boolean[] nulls = null;
        for (int i = 0; i < n; i++) {
            if (a.isNull(i)) {
                nulls = NullMasks.mark(nulls, out.length, i);
                continue;
            }
            long seconds = ZoneTimes.offsetNanos(rules, a.getLong(i)) / ZoneTimes.NANOS;
            out[i] = switch (field) {
                case TIMEZONE_HOUR -> seconds / 3600;
                case TIMEZONE_MINUTE -> seconds / 60 % 60;
                default -> seconds;
            };
        }
        if (a.constant) {
            return Vec.constant(SqlType.DOUBLE, nulls != null ? null : out[0]);
        }
        return Vec.ofDoubles(out, nulls);
    }

    @Override
    public List<Eval> children() {
        return List.of(ts);
    }

    @Override
    public String describe() {
        return spelling + "('" + field.sqlName() + "', " + ts.describe() + " in " + zone.getId() + ")";
    }
}
