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
 *   <li>{@code SET [SESSION] name = value} / {@code SET name TO value} of the connection
 *       parameters that pgjdbc and psql set ({@link #CLIENT_SETTINGS}): remembered, so that {@code
 *       SHOW} and {@code current_setting} give them back, and, for those PostgreSQL reports,
 *       echoed in a ParameterStatus. {@code SET name TO DEFAULT}, {@code RESET name} and {@code
 *       RESET ALL} forget them; {@code SET TIME ZONE x} is {@code SET TimeZone TO x}, which sets the
 *       engine session's zone and is reported in a ParameterStatus; {@code SET
 *       LOCAL} is checked but not remembered (it would end with the transaction, and Sundial has
 *       none). pgjdbc's {@code setTransactionIsolation} ({@code SET SESSION CHARACTERISTICS AS
 *       TRANSACTION ISOLATION LEVEL x}) and {@code SET TRANSACTION ISOLATION LEVEL x} accept only
 *       what Sundial gives: read committed. Any other SET goes to the engine.</li>
 * </ul>
 *
 * Immutable and thread-safe.
 */
record ClientCommand(Type type, String name, String value, boolean remembered) {
    enum Type { BEGIN, COMMIT, ROLLBACK, SET, RESET }

    /**
     * Client-side settings accepted with any value, since Sundial's output does not depend on them:
     * floats are always written with their shortest exact digits. {@code client_encoding} and
     * {@code DateStyle} are checked instead ({@link #FIXED}): Sundial speaks only UTF8 and ISO.
     * {@code TimeZone} sets the engine session's zone (the connection applies it).
     */
    static final Set<String> CLIENT_SETTINGS = Set.of("extra_float_digits", "application_name", "search_path",
            "statement_timeout", "intervalstyle", "lc_messages", "lc_monetary", "lc_numeric", "lc_time", "bytea_output",
            "client_min_messages", "standard_conforming_strings", "datestyle", "timezone", "client_encoding",
            "transaction_isolation", "default_transaction_isolation");

    /** Settings with the one value Sundial supports (lower case, as accepted). */
    static final Map<String, Set<String>> FIXED = Map.of(
            "client_encoding", Set.of("utf8", "utf-8", "unicode"),
            "datestyle", Set.of("iso", "iso, mdy", "iso,mdy", "iso, dmy", "iso, ymd"),
            "intervalstyle", Set.of("postgres"),
            "standard_conforming_strings", Set.of("on"),
            // no transactions: each statement sees what was committed when it started, and more
            // isolation than that cannot be promised
            "transaction_isolation", Set.of("read committed", "read uncommitted"),
            "default_transaction_isolation", Set.of("read committed", "read uncommitted"));

    private static final Pattern BEGIN = Pattern.compile("(?is)\\s*(BEGIN|START\\s+TRANSACTION)(\\s+(WORK|TRANSACTION))?(\\s+[A-Z ,]*)?\\s*");
    private static final Pattern COMMIT = Pattern.compile("(?is)\\s*(COMMIT|END)(\\s+(WORK|TRANSACTION))?\\s*");
    private static final Pattern ROLLBACK = Pattern.compile("(?is)\\s*(ROLLBACK|ABORT)(\\s+(WORK|TRANSACTION))?\\s*");
    private static final Pattern SET = Pattern.compile("(?is)\\s*SET\\s+(SESSION\\s+|LOCAL\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*(=|\\s+TO\\s+)\\s*(.*?)\\s*");
    private static final Pattern SET_TIME_ZONE = Pattern.compile("(?is)\\s*SET\\s+(SESSION\\s+|LOCAL\\s+)?TIME\\s+ZONE\\s+(.*?)\\s*");
    private static final Pattern SET_ISOLATION = Pattern.compile("(?is)\\s*SET\\s+(SESSION\\s+CHARACTERISTICS\\s+AS\\s+)?TRANSACTION"
            + "\\s+ISOLATION\\s+LEVEL\\s+(READ\\s+COMMITTED|READ\\s+UNCOMMITTED|REPEATABLE\\s+READ|SERIALIZABLE)\\s*");
    private static final Pattern RESET_TIME_ZONE = Pattern.compile("(?is)\\s*RESET\\s+TIME\\s+ZONE\\s*");
    private static final Pattern RESET = Pattern.compile("(?is)\\s*RESET\\s+([A-Za-z_][A-Za-z0-9_.]*)\\s*");

    /** The command {@code sql} is, or null when it is for the engine. */
    static ClientCommand parse(String sql) {
        if (BEGIN.matcher(sql).matches()) {
            return new ClientCommand(Type.BEGIN, null, null, false);
        }
        if (COMMIT.matcher(sql).matches()) {
            return new ClientCommand(Type.COMMIT, null, null, false);
        }
        if (ROLLBACK.matcher(sql).matches()) {
            return new ClientCommand(Type.ROLLBACK, null, null, false);
        }
        Matcher m = SET.matcher(sql);
        if (m.matches() && CLIENT_SETTINGS.contains(m.group(2).toLowerCase(Locale.ROOT))) {
            return set(m.group(2), m.group(4), m.group(1));
        }
        m = SET_TIME_ZONE.matcher(sql);
        if (m.matches()) {
            return set("timezone", m.group(2), m.group(1));
        }
        m = SET_ISOLATION.matcher(sql);
        if (m.matches()) {
            String level = m.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            // SET TRANSACTION lasts one transaction: checked, not remembered
            return new ClientCommand(Type.SET, m.group(1) == null ? "transaction_isolation" : "default_transaction_isolation", level,
                    m.group(1) != null);
        }
        if (RESET_TIME_ZONE.matcher(sql).matches()) {
            return new ClientCommand(Type.RESET, "timezone", null, true);
        }
        m = RESET.matcher(sql);
        if (m.matches() && (m.group(1).equalsIgnoreCase("all") || CLIENT_SETTINGS.contains(m.group(1).toLowerCase(Locale.ROOT)))) {
            return new ClientCommand(Type.RESET, m.group(1).toLowerCase(Locale.ROOT), null, true);
        }
        return null;
    }

    /** A SET; {@code DEFAULT} (and {@code LOCAL} for the time zone) is the setting's default, as a RESET. */
    private static ClientCommand set(String name, String rawValue, String scope) {
        String n = name.toLowerCase(Locale.ROOT);
        boolean local = scope != null && scope.strip().equalsIgnoreCase("local");
        if (rawValue.equalsIgnoreCase("default") || n.equals("timezone") && rawValue.equalsIgnoreCase("local")) {
            return new ClientCommand(local ? Type.SET : Type.RESET, n, null, !local);
        }
        return new ClientCommand(Type.SET, n, unquote(rawValue), !local);
    }

    /** Checks a SET of a fixed setting; throws 22023 for a value Sundial cannot honour. */
    void check() {
        Set<String> allowed = type == Type.SET && value != null ? FIXED.get(name) : null;
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
