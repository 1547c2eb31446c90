package dev.sundial.server.pgwire;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements that PostgreSQL clients send on their own and that the pgwire connection answers
 * itself, without the SQL engine:
 *
 * <ul>
 *   <li>{@code BEGIN}, {@code START TRANSACTION}, {@code COMMIT}, {@code END}, {@code ROLLBACK},
 *       {@code ABORT}: accepted, so that pgjdbc with auto-commit off (which it needs to fetch
 *       with {@code setFetchSize}) works. Sundial has no transactions: each statement applies when
 *       it runs, and ROLLBACK undoes nothing. They only set the transaction status that
 *       ReadyForQuery reports, and a portal lives until the block ends, as in PostgreSQL.</li>
 *   <li>{@code SET name = value} / {@code SET name TO value} of the connection parameters that
 *       pgjdbc and psql set ({@link #CLIENT_SETTINGS}): remembered and, for those PostgreSQL
 *       reports, echoed in a ParameterStatus. Any other SET goes to the engine.</li>
 * </ul>
 *
 * Immutable and thread-safe.
 */
record ClientCommand(Type type, String name, String value) {
    enum Type { BEGIN, COMMIT, ROLLBACK, SET }

    /**
     * Client-side settings accepted with any value, since Sundial's output does not depend on them:
     * timestamps are always written in UTC and floats always with their shortest exact digits.
     * {@code client_encoding}, {@code DateStyle} and {@code TimeZone} are checked instead
     * ({@link #FIXED}): Sundial speaks only UTF8, ISO and UTC.
     */
    static final Set<String> CLIENT_SETTINGS = Set.of("extra_float_digits", "application_name", "search_path",
            "statement_timeout", "intervalstyle", "lc_messages", "lc_monetary", "lc_numeric", "lc_time", "bytea_output",
            "client_min_messages", "standard_conforming_strings", "datestyle", "timezone", "client_encoding");

    /** Settings with the one value Sundial supports (lower case, as accepted). */
    static final Map<String, Set<String>> FIXED = Map.of(
            "client_encoding", Set.of("utf8", "utf-8", "unicode"),
            "datestyle", Set.of("iso", "iso, mdy", "iso,mdy", "iso, dmy", "iso, ymd"),
            "timezone", Set.of("utc", "etc/utc", "gmt", "z", "+00", "00:00", "+00:00"));

    private static final Pattern BEGIN = Pattern.compile("(?is)\\s*(BEGIN|START\\s+TRANSACTION)(\\s+(WORK|TRANSACTION))?(\\s+[A-Z ,]*)?\\s*");
    private static final Pattern COMMIT = Pattern.compile("(?is)\\s*(COMMIT|END)(\\s+(WORK|TRANSACTION))?\\s*");
    private static final Pattern ROLLBACK = Pattern.compile("(?is)\\s*(ROLLBACK|ABORT)(\\s+(WORK|TRANSACTION))?\\s*");
    private static final Pattern SET = Pattern.compile("(?is)\\s*SET\\s+(SESSION\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*(=|\\s+TO\\s+)\\s*(.*?)\\s*");

    /** The command {@code sql} is, or null when it is for the engine. */
    static ClientCommand parse(String sql) {
        if (BEGIN.matcher(sql).matches()) {
            return new ClientCommand(Type.BEGIN, null, null);
        }
        if (COMMIT.matcher(sql).matches()) {
            return new ClientCommand(Type.COMMIT, null, null);
        }
        if (ROLLBACK.matcher(sql).matches()) {
            return new ClientCommand(Type.ROLLBACK, null, null);
        }
        Matcher m = SET.matcher(sql);
        if (m.matches() && CLIENT_SETTINGS.contains(m.group(2).toLowerCase(Locale.ROOT))) {
            return new ClientCommand(Type.SET, m.group(2).toLowerCase(Locale.ROOT), unquote(m.group(4)));
        }
        return null;
    }

    /** Checks a SET of a fixed setting; throws 22023 for a value Sundial cannot honour. */
    void check() {
        Set<String> allowed = type == Type.SET ? FIXED.get(name) : null;
        if (allowed != null && !allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "cannot set " + name + " [value=" + value
                    + "]: Sundial supports only " + String.join(" or ", allowed.stream().sorted().toList()));
        }
    }

    /** The CommandComplete tag. */
    String tag() {
        return type.name();
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        return v;
    }
}
