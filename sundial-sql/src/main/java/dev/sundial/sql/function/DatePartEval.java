package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Vec;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code extract(field FROM x)} and {@code date_part('field', x)}: one field of a TIMESTAMP (read in
 * UTC, the zone every Sundial timestamp prints in) as a DOUBLE, with PostgreSQL's fields and
 * meanings: {@code epoch} is seconds since 1970 with the fraction, {@code second} includes the
 * fraction, {@code millisecond(s)}/{@code microsecond(s)} are the seconds field scaled (so 0 to
 * 59 999 999 µs), {@code dow} counts from Sunday = 0, {@code isodow} from Monday = 1, {@code week}
 * and {@code isoyear} are ISO-8601's. Of an INTERVAL only {@code epoch} is defined here (its length
 * in seconds; a month counts 30 days and a year 365.25 days, as in PostgreSQL). PostgreSQL returns
 * {@code numeric} from {@code extract} (version 14 on) and {@code double precision} from
 * {@code date_part}; Sundial has no numeric type, so both are DOUBLE. NULL in, NULL out.
 *
 * <p>Vectorized: time-of-day fields are arithmetic on the epoch value; calendar fields convert
 * the day once per run of rows on the same day (a series' rows arrive in time order). Immutable.
 */
public final class DatePartEval extends Eval {
    /** The fields, by their canonical PostgreSQL name. */
    public enum Field {
        EPOCH, MILLENNIUM, CENTURY, DECADE, YEAR, ISOYEAR, QUARTER, MONTH, WEEK, DAY, DOY, DOW, ISODOW, HOUR,
        MINUTE, SECOND, MILLISECONDS, MICROSECONDS, JULIAN, TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE;

        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Spellings PostgreSQL accepts for each field (singular, plural and its common abbreviations). */
    private static final Map<String, Field> NAMES = Map.ofEntries(
            Map.entry("epoch", Field.EPOCH),
            Map.entry("millennium", Field.MILLENNIUM), Map.entry("millennia", Field.MILLENNIUM), Map.entry("mil", Field.MILLENNIUM),
            Map.entry("century", Field.CENTURY), Map.entry("centuries", Field.CENTURY), Map.entry("cent", Field.CENTURY),
            Map.entry("decade", Field.DECADE), Map.entry("decades", Field.DECADE), Map.entry("dec", Field.DECADE),
            Map.entry("year", Field.YEAR), Map.entry("years", Field.YEAR), Map.entry("y", Field.YEAR), Map.entry("yr", Field.YEAR),
            Map.entry("yrs", Field.YEAR),
            Map.entry("isoyear", Field.ISOYEAR),
            Map.entry("quarter", Field.QUARTER), Map.entry("qtr", Field.QUARTER),
            Map.entry("month", Field.MONTH), Map.entry("months", Field.MONTH), Map.entry("mon", Field.MONTH),
            Map.entry("mons", Field.MONTH),
            Map.entry("week", Field.WEEK), Map.entry("weeks", Field.WEEK), Map.entry("w", Field.WEEK),
            Map.entry("day", Field.DAY), Map.entry("days", Field.DAY), Map.entry("d", Field.DAY),
            Map.entry("doy", Field.DOY), Map.entry("dow", Field.DOW), Map.entry("isodow", Field.ISODOW),
            Map.entry("hour", Field.HOUR), Map.entry("hours", Field.HOUR), Map.entry("h", Field.HOUR), Map.entry("hr", Field.HOUR),
            Map.entry("hrs", Field.HOUR),
            Map.entry("minute", Field.MINUTE), Map.entry("minutes", Field.MINUTE), Map.entry("m", Field.MINUTE),
            Map.entry("min", Field.MINUTE), Map.entry("mins", Field.MINUTE),
            Map.entry("second", Field.SECOND), Map.entry("seconds", Field.SECOND), Map.entry("s", Field.SECOND),
            Map.entry("sec", Field.SECOND), Map.entry("secs", Field.SECOND),
            Map.entry("millisecond", Field.MILLISECONDS), Map.entry("milliseconds", Field.MILLISECONDS),
            Map.entry("ms", Field.MILLISECONDS), Map.entry("msec", Field.MILLISECONDS), Map.entry("msecs", Field.MILLISECONDS),
            Map.entry("microsecond", Field.MICROSECONDS), Map.entry("microseconds", Field.MICROSECONDS),
            Map.entry("us", Field.MICROSECONDS), Map.entry("usec", Field.MICROSECONDS), Map.entry("usecs", Field.MICROSECONDS),
            Map.entry("julian", Field.JULIAN),
            Map.entry("timezone", Field.TIMEZONE), Map.entry("timezone_hour", Field.TIMEZONE_HOUR),
            Map.entry("timezone_minute", Field.TIMEZONE_MINUTE));

    /** What an "unknown field" error lists. */
    public static final String FIELD_LIST = "epoch, year, isoyear, quarter, month, week, day, doy, dow, isodow, hour, minute,"
            + " second, milliseconds, microseconds, decade, century, millennium, julian, timezone";

    private static final long NANOS = 1_000_000_000L;
    /** Julian day number of 1970-01-01. */
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;

    private final String spelling;
    private final Field field;
    private final Eval arg;

    /**
     * @param spelling "extract" or "date_part", for {@link #describe()}
     * @param arg a TIMESTAMP, or an INTERVAL for {@link Field#EPOCH} (the analyzer checks that)
     */
    public DatePartEval(String spelling, Field field, Eval arg) {
        super(SqlType.DOUBLE);
        if (arg.type != SqlType.TIMESTAMP && !(arg.type == SqlType.INTERVAL && field == Field.EPOCH)) {
            throw new IllegalStateException("BUG: " + spelling + " of " + field + " from " + arg.type);
        }
        this.spelling = spelling;
        this.field = field;
        this.arg = arg;
    }

    /** The field named {@code name} (any case, PostgreSQL's spellings), or null. */
    public static Field field(String name) {
        return NAMES.get(name.trim().toLowerCase(Locale.ROOT));
    }

    public Field field() {
        return field;
    }

    public Eval argument() {
        return arg;
    }

    /** Seconds of {@code nanos} as a DOUBLE, rounded once (the whole seconds are exact below 2^53). */
    public static double seconds(long nanos) {
        return Math.floorDiv(nanos, NANOS) + Math.floorMod(nanos, NANOS) / 1e9;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = arg.eval(batch);
        int n = a.constant ? 1 : rows(batch);
        double[] out = new double[Math.max(n, 1)];
        if (arg.type == SqlType.INTERVAL) {
            for (int i = 0; i < n; i++) {
                if (!a.isNull(i)) {
                    out[i] = seconds(a.getLong(i));
                }
            }
        } else {
            long cachedDay = Long.MIN_VALUE;
            LocalDate date = null;
            for (int i = 0; i < n; i++) {
                if (a.isNull(i)) {
                    continue;
                }
                long t = a.getLong(i);
                long sec = Math.floorDiv(t, NANOS);
                long nano = Math.floorMod(t, NANOS);
                long secOfDay = Math.floorMod(sec, 86_400L);
                out[i] = switch (field) {
                    case EPOCH -> sec + nano / 1e9;
                    case HOUR -> secOfDay / 3600;
                    case MINUTE -> secOfDay % 3600 / 60;
                    case SECOND -> secOfDay % 60 + nano / 1e9;
                    case MILLISECONDS -> secOfDay % 60 * 1e3 + nano / 1e6;
                    case MICROSECONDS -> secOfDay % 60 * 1e6 + nano / 1e3;
                    case TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE -> 0; // every Sundial timestamp is read in UTC
                    case JULIAN -> Math.floorDiv(sec, 86_400L) + JULIAN_EPOCH_DAY + (secOfDay + nano / 1e9) / 86_400.0;
                    default -> {
                        long day = Math.floorDiv(sec, 86_400L);
                        if (day != cachedDay) {
                            date = LocalDate.ofEpochDay(day);
                            cachedDay = day;
                        }
                        yield dateField(date);
                    }
                };
            }
        }
        if (a.constant) {
            return Vec.constant(SqlType.DOUBLE, a.isNull(0) ? null : out[0]);
        }
        boolean[] nulls = a.nulls == null ? null : java.util.Arrays.copyOf(a.nulls, out.length);
        return Vec.ofDoubles(out, nulls);
    }

    private double dateField(LocalDate d) {
        int year = d.getYear();
        return switch (field) {
            case YEAR -> year;
            case MONTH -> d.getMonthValue();
            case DAY -> d.getDayOfMonth();
            case QUARTER -> (d.getMonthValue() - 1) / 3 + 1;
            case DOY -> d.getDayOfYear();
            case DOW -> d.getDayOfWeek().getValue() % 7;
            case ISODOW -> d.getDayOfWeek().getValue();
            case WEEK -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case ISOYEAR -> d.get(IsoFields.WEEK_BASED_YEAR);
            // PostgreSQL's definitions for years after 0 (Sundial's range is 1678–2261): the 21st
            // century and the 3rd millennium begin in 2001, a decade is the year divided by 10
            case DECADE -> Math.floorDiv(year, 10);
            case CENTURY -> (year + 99) / 100;
            case MILLENNIUM -> (year + 999) / 1000;
            default -> throw new IllegalStateException("BUG: date field " + field);
        };
    }

    @Override
    public List<Eval> children() {
        return List.of(arg);
    }

    @Override
    public String describe() {
        return spelling.equals("extract") ? "extract(" + field.sqlName() + " from " + arg.describe() + ")"
                : "date_part('" + field.sqlName() + "', " + arg.describe() + ")";
    }
}
