package dev.sundial.sql.function;

import dev.sundial.table.Interval;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interval text as SQL reads it: {@link Interval#parse} (whole quantities: {@code '5m'},
 * {@code '1 hour 30 minutes'}), and besides one fractional quantity of a fixed unit such as
 * {@code '60.000s'} or {@code '1.5 hours'} — the form Grafana's TimescaleDB mode writes into
 * {@code time_bucket('%.3fs', ts)} — when it is a whole number of nanoseconds. Stateless.
 */
public final class IntervalText {
    private static final Pattern FRACTIONAL = Pattern.compile("\\s*(\\d*\\.\\d+|\\d+\\.)\\s*([a-z]+)\\s*");

    private IntervalText() {
    }

    /**
     * @throws IllegalArgumentException {@code cannot parse interval '…': …}
     */
    public static Interval parse(String text) {
        try {
            return Interval.parse(text);
        } catch (IllegalArgumentException e) {
            Matcher m = FRACTIONAL.matcher(text.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw e;
            }
            long unit = switch (m.group(2)) {
                case "us", "microsecond", "microseconds" -> 1_000L;
                case "ms", "millisecond", "milliseconds" -> 1_000_000L;
                case "s", "sec", "secs", "second", "seconds" -> 1_000_000_000L;
                case "m", "min", "mins", "minute", "minutes" -> 60_000_000_000L;
                case "h", "hour", "hours" -> 3_600_000_000_000L;
                case "d", "day", "days" -> 86_400_000_000_000L;
                case "w", "week", "weeks" -> 7 * 86_400_000_000_000L;
                default -> throw e;
            };
            BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
            try {
                return new Interval(0, nanos.longValueExact());
            } catch (ArithmeticException notWhole) {
                throw new IllegalArgumentException("cannot parse interval '" + text + "': not a whole number of nanoseconds", notWhole);
            }
        }
    }
}
