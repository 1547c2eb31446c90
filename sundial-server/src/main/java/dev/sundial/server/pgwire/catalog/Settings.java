package dev.sundial.server.pgwire.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL run-time parameters a client may read with {@code SHOW name}, {@code
 * current_setting('name')} or {@code pg_settings}: the values a PostgreSQL 16 server with
 * Sundial's fixed choices (UTF8, ISO dates, UTC, no transactions beyond read committed) would
 * give, and the connection's own reported parameters (application_name, …) over them. Names are
 * case-insensitive and answered in PostgreSQL's spelling. Stateless and thread-safe.
 */
final class Settings {
    /** Canonical name → [default value, description]. */
    private static final Map<String, String[]> DEFAULTS = new LinkedHashMap<>();

    static {
        put("application_name", "", "Sets the application name to be reported in statistics and logs.");
        put("bytea_output", "hex", "Sets the output format for bytea.");
        put("client_encoding", "UTF8", "Sets the client's character set encoding.");
        put("client_min_messages", "notice", "Sets the message levels that are sent to the client.");
        put("DateStyle", "ISO, MDY", "Sets the display format for date and time values.");
        put("default_transaction_isolation", "read committed", "Sets the transaction isolation level of each new transaction.");
        put("default_transaction_read_only", "off", "Sets the default read-only status of new transactions.");
        put("extra_float_digits", "1", "Sets the number of digits displayed for floating-point values.");
        put("in_hot_standby", "off", "Shows whether hot standby is currently active.");
        put("integer_datetimes", "on", "Shows whether datetimes are integer based.");
        put("IntervalStyle", "postgres", "Sets the display format for interval values.");
        put("is_superuser", "off", "Shows whether the current user is a superuser.");
        put("lc_collate", "C", "Shows the collation order locale.");
        put("lc_ctype", "C", "Shows the character classification and case conversion locale.");
        put("lc_messages", "C", "Sets the language in which messages are displayed.");
        put("lc_monetary", "C", "Sets the locale for formatting monetary amounts.");
        put("lc_numeric", "C", "Sets the locale for formatting numbers.");
        put("lc_time", "C", "Sets the locale for formatting date and time values.");
        put("max_connections", "16384", "Sets the maximum number of concurrent connections (limits.max_connections).");
        put("max_identifier_length", "63", "Shows the maximum identifier length.");
        put("max_index_keys", "32", "Shows the maximum number of index keys.");
        put("search_path", "\"$user\", public", "Sets the schema search order for names that are not schema-qualified.");
        put("server_encoding", "UTF8", "Shows the server (database) character set encoding.");
        put("server_version", "16.0", "Shows the server version.");
        put("server_version_num", "160000", "Shows the server version as an integer.");
        put("standard_conforming_strings", "on", "Causes '...' strings to treat backslashes literally.");
        put("statement_timeout", "0", "Sets the maximum allowed duration of any statement.");
        put("TimeZone", "UTC", "Sets the time zone for displaying and interpreting time stamps.");
        put("transaction_isolation", "read committed", "Sets the current transaction's isolation level.");
        put("transaction_read_only", "off", "Sets the current transaction's read-only status.");
    }

    private Settings() {
    }

    private static void put(String name, String value, String description) {
        DEFAULTS.put(name, new String[] {value, description});
    }

    /** The canonical spelling of a parameter, or null when it is not one. */
    static String canonical(String name) {
        for (String n : DEFAULTS.keySet()) {
            if (n.equalsIgnoreCase(name)) {
                return n;
            }
        }
        return null;
    }

    static List<String> names() {
        return new ArrayList<>(DEFAULTS.keySet());
    }

    /** The value for this connection: what it reports (ParameterStatus), else the default. */
    static String value(ClientSession s, String name) {
        String canonical = canonical(name);
        if (canonical == null) {
            return null;
        }
        for (Map.Entry<String, String> e : s.parameters().entrySet()) {
            if (e.getKey().equalsIgnoreCase(canonical)) {
                return e.getValue();
            }
        }
        return DEFAULTS.get(canonical)[0];
    }

    /** The server's default, which RESET brings back: pg_settings.reset_val (DBeaver reads search_path's on connect). */
    static String resetValue(String name) {
        String[] d = DEFAULTS.get(canonical(name));
        return d == null ? null : d[0];
    }

    static String description(String name) {
        String[] d = DEFAULTS.get(canonical(name));
        return d == null ? null : d[1];
    }
}
