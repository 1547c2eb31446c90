package dev.sundial.sql.function;

import dev.sundial.QueryException;
import dev.sundial.table.Interval;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Reads the value of {@code SET timezone = …} / {@code SET TIME ZONE …} as PostgreSQL's
 * {@code TimeZone} setting does (its {@code check_timezone}):
 * <ol>
 *   <li>{@code DEFAULT}, {@code LOCAL}: the default, UTC (the server's zone);</li>
 *   <li>{@code INTERVAL '+05:30'}: a fixed offset, <em>east</em> positive (ISO);</li>
 *   <li>a number, {@code -7} or {@code '5.5'}: hours <em>east</em> of UTC (ISO);</li>
 *   <li>a tz database name in any case ({@code Europe/Paris}, {@code UTC}; {@code CET} is the tz
 *       database's, with summer time) or a POSIX offset ({@code UTC+2}, {@code +02:00}): POSIX counts
 *       hours <em>west</em> of Greenwich, so both of these are two hours <em>behind</em> UTC.</li>
 * </ol>
 * What {@code SHOW timezone} gives back: the tz database's spelling of a name, PostgreSQL's
 * {@code <+05:30>-05:30} for a number or an interval, a POSIX offset as written. Stateless.
 */
public final class TimeZoneSetting {
    /** A resolved value: {@code zone} null for the default. */
    public record Value(ZoneId zone, String name) {
    }

    private TimeZoneSetting() {
    }

    /** @throws QueryException {@code cannot set timezone to '…': …} with the forms that work */
    public static Value parse(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("default") || lower.equals("local")) {
            return new Value(null, "UTC");
        }
        if (lower.startsWith("interval")) {
            // PostgreSQL's SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE: the qualifier only says what the text holds
            String body = t.substring("interval".length()).trim().replaceFirst("(?i)\\s+hour\\s+to\\s+minute$", "");
            if (body.length() >= 2 && body.startsWith("'") && body.endsWith("'")) {
                body = body.substring(1, body.length() - 1).replace("''", "'");
            }
            java.util.regex.Matcher hm = java.util.regex.Pattern.compile("([+-])?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?").matcher(body);
            if (hm.matches()) {
                long secs = Long.parseLong(hm.group(2)) * 3600 + Long.parseLong(hm.group(3)) * 60
                        + (hm.group(4) == null ? 0 : Long.parseLong(hm.group(4)));
                return offset(t, "-".equals(hm.group(1)) ? -secs : secs);
            }
            Interval iv;
            try {
                iv = IntervalText.parse(body.startsWith("+") ? body.substring(1) : body);
            } catch (IllegalArgumentException e) {
                throw new QueryException("cannot set timezone to " + t + ": " + e.getMessage());
            }
            if (iv.months() != 0 || iv.nanos() % 1_000_000_000L != 0) {
                throw new QueryException("cannot set timezone to " + t + ": the interval must be whole seconds, without months");
            }
            return offset(t, iv.nanos() / 1_000_000_000L);
        }
        if (t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            double hours = Double.parseDouble(t);
            return offset(t, Math.round(hours * 3600));
        }
        ZoneId z = TimeZoneNames.byNameOrPosix(t);
        if (z == null) {
            throw new QueryException("cannot set timezone to '" + text + "': unknown time zone (use a tz database name such as"
                    + " 'Europe/Paris', 'America/New_York' or 'UTC'; a number of hours east of UTC such as -7 or 5.5;"
                    + " INTERVAL '+05:30'; or a POSIX offset such as 'UTC+2', which is two hours WEST of UTC)");
        }
        return new Value(z, z instanceof ZoneOffset ? t : z.getId());
    }

    private static Value offset(String text, long eastSeconds) {
        if (Math.abs(eastSeconds) > 18 * 3600) {
            throw new QueryException("cannot set timezone to " + text + ": the offset must be at most 18 hours");
        }
        ZoneOffset o = ZoneOffset.ofTotalSeconds((int) eastSeconds);
        // PostgreSQL shows such a zone as a POSIX spec: <+05:30>-05:30 (the name, then the offset west)
        String east = o.getTotalSeconds() == 0 ? "+00" : shortOffset(o.getTotalSeconds());
        String west = o.getTotalSeconds() == 0 ? "+00" : shortOffset(-o.getTotalSeconds());
        return new Value(o, "<" + east + ">" + west);
    }

    private static String shortOffset(int seconds) {
        int a = Math.abs(seconds);
        String s = (seconds < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", a / 3600);
        if (a % 3600 != 0) {
            s += String.format(Locale.ROOT, ":%02d", a / 60 % 60);
            if (a % 60 != 0) {
                s += String.format(Locale.ROOT, ":%02d", a % 60);
            }
        }
        return s;
    }
}
