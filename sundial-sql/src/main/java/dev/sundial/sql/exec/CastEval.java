package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.function.SqlValues;
import java.util.List;
import java.util.Locale;

/**
 * Converts between SQL types: numbers widen and narrow (DOUBLE → BIGINT rounds half away from zero
 * and fails when out of range, as PostgreSQL), text parses (timestamps as ISO-8601, booleans as
 * true/false/t/f/yes/no/1/0), anything prints as text, BIGINT ↔ TIMESTAMP are epoch nanoseconds.
 * A value that cannot convert is an error naming it.
 */
public final class CastEval extends Eval {
    private final Eval value;
    /** The session zone text timestamps are read and written in, or null for UTC. */
    private final java.time.ZoneId zone;

    public CastEval(Eval value, SqlType target) {
        this(value, target, null);
    }

    /** A cast in a session zone: text without an offset is its wall-clock time; a timestamp prints with its offset there. */
    public CastEval(Eval value, SqlType target, java.time.ZoneId zone) {
        super(target);
        this.value = value;
        this.zone = zone;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = value.eval(batch);
        int n = a.constant ? 1 : rows(batch);
        Vec out = Vec.allocate(type, n);
        boolean[] nulls = NullMasks.of(a, n);
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            convert(a, i, out, i);
        }
        if (a.constant) {
            return Vec.constant(type, nulls != null ? null : out.get(0));
        }
        out.nulls = nulls;
        return out;
    }

    private void convert(Vec a, int i, Vec out, int o) {
        SqlType from = a.type;
        switch (type) {
            case DOUBLE -> out.doubles[o] = switch (from) {
                case DOUBLE -> a.getDouble(i);
                case BIGINT, TIMESTAMP, INTERVAL -> (double) a.getLong(i);
                case BOOLEAN -> a.getBool(i) ? 1 : 0;
                case VARCHAR -> parseDouble(a.getString(i));
            };
            case BIGINT, TIMESTAMP, INTERVAL -> out.longs[o] = switch (from) {
                case DOUBLE -> roundToLong(a.getDouble(i));
                case BIGINT, TIMESTAMP, INTERVAL -> a.getLong(i);
                case BOOLEAN -> a.getBool(i) ? 1 : 0;
                case VARCHAR -> type == SqlType.TIMESTAMP ? parseTimestamp(a.getString(i)) : parseLong(a.getString(i));
            };
            case BOOLEAN -> out.bools[o] = switch (from) {
                case BOOLEAN -> a.getBool(i);
                case BIGINT -> a.getLong(i) != 0;
                case DOUBLE -> a.getDouble(i) != 0;
                case VARCHAR -> parseBoolean(a.getString(i));
                default -> throw new QueryException("cannot cast " + from.sqlName() + " to BOOLEAN in " + describe());
            };
            case VARCHAR -> out.strings[o] = zone != null && from == SqlType.TIMESTAMP
                    ? dev.sundial.sql.output.ZonedTimestampText.postgres(a.getLong(i), zone) : SqlValues.format(from, a.get(i));
            default -> throw new IllegalStateException("BUG: cast to " + type);
        }
    }

    private long roundToLong(double d) {
        if (d != d || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
            throw new QueryException("bigint out of range: cannot cast " + d + " in " + describe());
        }
        return (long) (d < 0 ? Math.ceil(d - 0.5) : Math.floor(d + 0.5));
    }

    private double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new QueryException("cannot cast '" + s + "' to DOUBLE in " + describe());
        }
    }

    private long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new QueryException("cannot cast '" + s + "' to BIGINT in " + describe());
        }
    }

    private long parseTimestamp(String s) {
        try {
            return SqlValues.parseTimestamp(s, zone);
        } catch (IllegalArgumentException e) {
            throw new QueryException(e.getMessage() + " in " + describe());
        }
    }

    private boolean parseBoolean(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> throw new QueryException("cannot cast '" + s + "' to BOOLEAN in " + describe());
        };
    }

    @Override
    public List<Eval> children() {
        return List.of(value);
    }

    @Override
    public String describe() {
        return "CAST(" + value.describe() + " AS " + type.sqlName() + ")";
    }
}
