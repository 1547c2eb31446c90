package dev.sundial.sql.function;

import dev.sundial.QueryException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a time zone as PostgreSQL's {@code AT TIME ZONE} / {@code timezone(zone, ts)} does:
 * <ol>
 *   <li>the fixed-offset abbreviations PostgreSQL reads before the tz database where both know the
 *       name: {@code CET} (+01), {@code EET} (+02), {@code MET} (+01), {@code WET} (+00) — the tz
 *       database's zones of those names keep summer time, PostgreSQL's abbreviations do not;</li>
 *   <li>a tz database name, in any case: {@code Europe/Paris}, {@code america/new_york}, {@code UTC},
 *       {@code GMT}, {@code Etc/GMT+2} (itself POSIX-signed: two hours <em>west</em>), and {@code Z};</li>
 *   <li>a POSIX-style fixed offset {@code [STD]±hh[[:]mm[[:]ss]]} such as {@code UTC+2},
 *       {@code GMT-3}, {@code <+05>-05} or bare {@code +02}: POSIX counts hours <em>west</em> of
 *       Greenwich, so {@code 'UTC+2'} and {@code '+02'} are two hours behind UTC, as in PostgreSQL
 *       (the opposite of ISO-8601; {@code AT TIME ZONE INTERVAL '2 hours'} is two hours ahead).</li>
 * </ol>
 * Anything else (abbreviations such as {@code PST}, POSIX rules with summer time such as
 * {@code EST5EDT,M3.2.0,M11.1.0}) is an error naming the zone. Stateless; the name table is built
 * once.
 */
public final class TimeZoneNames {
    private static final Map<String, ZoneId> BY_LOWER_NAME = new HashMap<>();
    private static final Map<String, ZoneId> ABBREVIATIONS = Map.of(
            "cet", ZoneOffset.ofHours(1), "eet", ZoneOffset.ofHours(2), "met", ZoneOffset.ofHours(1), "wet", ZoneOffset.UTC);
    /** [STD] sign hh [[:]mm [[:]ss]]: STD is three or more letters or anything in angle brackets. */
    private static final Pattern POSIX = Pattern.compile(
            "([A-Za-z]{3,}|<[^<>]*>)?([+-])?(\\d{1,2})(?::?(\\d{2}))?(?::?(\\d{2}))?");

    static {
        for (String id : ZoneId.getAvailableZoneIds()) {
            BY_LOWER_NAME.put(id.toLowerCase(Locale.ROOT), ZoneId.of(id));
        }
        BY_LOWER_NAME.put("z", ZoneOffset.UTC);
        // zone files of the tz database that java.time keeps only as short ids: fixed, without summer time
        BY_LOWER_NAME.put("est", ZoneOffset.ofHours(-5));
        BY_LOWER_NAME.put("mst", ZoneOffset.ofHours(-7));
        BY_LOWER_NAME.put("hst", ZoneOffset.ofHours(-10));
    }

    private TimeZoneNames() {
    }

    /**
     * The zone a tz database name or a POSIX offset names, without the abbreviations: PostgreSQL's
     * {@code TimeZone} setting loads zone files, so {@code SET timezone = 'CET'} is the tz database's
     * CET, with summer time. Null when it names none.
     */
    static ZoneId byNameOrPosix(String text) {
        String t = text.trim();
        ZoneId z = BY_LOWER_NAME.get(t.toLowerCase(Locale.ROOT));
        return z != null ? z : posix(text, t);
    }

    /**
     * The zone {@code text} names.
     *
     * @throws QueryException {@code cannot use time zone '…': …} when it names none
     */
    public static ZoneId resolve(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        ZoneId z = ABBREVIATIONS.get(lower);
        if (z == null) {
            z = BY_LOWER_NAME.get(lower);
        }
        if (z != null) {
            return z;
        }
        z = posix(text, t);
        if (z != null) {
            return z;
        }
        throw new QueryException("cannot use time zone '" + text + "': unknown time zone (use a tz database name such as"
                + " 'Europe/Paris' or 'UTC', or a POSIX offset such as 'UTC+2', which is two hours west of UTC)");
    }

    /** A POSIX-style fixed offset, or null when {@code t} is not one. */
    private static ZoneId posix(String text, String t) {
        Matcher m = POSIX.matcher(t);
        if (m.matches() && (m.group(1) != null || m.group(2) != null)) {
            int seconds = Integer.parseInt(m.group(3)) * 3600 + (m.group(4) == null ? 0 : Integer.parseInt(m.group(4)) * 60)
                    + (m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
            boolean west = !"-".equals(m.group(2));
            if ((m.group(4) != null && Integer.parseInt(m.group(4)) > 59) || (m.group(5) != null && Integer.parseInt(m.group(5)) > 59)
                    || seconds > 18 * 3600) {
                throw new QueryException("cannot use time zone '" + text + "': the offset must be at most 18:00:00");
            }
            return ZoneOffset.ofTotalSeconds(west ? -seconds : seconds);
        }
        return null;
    }
}
