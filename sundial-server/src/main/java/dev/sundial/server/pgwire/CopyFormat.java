package dev.sundial.server.pgwire;

import java.util.Locale;

/**
 * The options of a COPY and how a value is written in its format, as PostgreSQL writes them:
 *
 * <ul>
 *   <li><b>text</b> (the default): columns separated by a tab, NULL as {@code \N}, and a backslash,
 *       newline, carriage return, tab and the delimiter escaped with a backslash ({@code \\},
 *       {@code \n}, {@code \r}, {@code \t}).</li>
 *   <li><b>csv</b>: columns separated by a comma, NULL as an unquoted empty field, and a value in
 *       double quotes (a quote inside doubled) when it holds the delimiter, a quote, a newline or a
 *       carriage return, is empty (so that it differs from NULL), or is {@code \.}.</li>
 * </ul>
 *
 * {@code HEADER} writes (on COPY TO) or skips (on COPY FROM) one line of column names. Immutable
 * and thread-safe.
 */
record CopyFormat(boolean csv, boolean header, char delimiter, String nullText, char quote, char escape) {
    /** Options as they come, then checked once all are known. */
    static final class Builder {
        /** What a backslash escapes in text format (\\n, \\x41, \\101, \\.): not a delimiter there. */
        private static final String TEXT_ESCAPED = "\\.abcdefghijklmnopqrstuvwxyz0123456789";

        private String format = "text";
        private Boolean header;
        private String delimiter;
        private String nullText;
        private String quote;
        private String escape;

        void option(String name, String value) {
            switch (name.toUpperCase(Locale.ROOT)) {
                case "FORMAT" -> format = required(name, value).toLowerCase(Locale.ROOT);
                case "HEADER" -> header = value == null || bool(value);
                case "DELIMITER" -> delimiter = required(name, value);
                case "NULL" -> nullText = required(name, value);
                case "QUOTE" -> quote = required(name, value);
                case "ESCAPE" -> escape = required(name, value);
                default -> throw PgError.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot copy [option=" + name.toLowerCase(Locale.ROOT)
                        + "]: Sundial's COPY takes FORMAT, HEADER, DELIMITER, NULL, QUOTE and ESCAPE");
            }
        }

        CopyFormat build() {
            boolean csv = switch (format) {
                case "csv" -> true;
                case "text" -> false;
                default -> throw PgError.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot copy [format=" + format
                        + "]: Sundial's COPY writes and reads csv and text");
            };
            if (!csv && (quote != null || escape != null)) {
                throw PgError.error(SqlState.FEATURE_NOT_SUPPORTED, "COPY quote and escape are available only in CSV mode");
            }
            char d = oneChar("delimiter", delimiter, csv ? ',' : '\t');
            char q = oneChar("quote", quote, '"');
            char e = oneChar("escape", escape, q);
            // PostgreSQL's own checks (ProcessCopyOptions): without them a value could be written that reads back as another
            if (d == '\r' || d == '\n' || (!csv && TEXT_ESCAPED.indexOf(d) >= 0) || (csv && d == q)) {
                throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "cannot copy [delimiter=" + printable(d)
                        + "]: not a usable delimiter");
            }
            if (csv && (q == '\r' || q == '\n')) {
                throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "cannot copy [quote=" + printable(q)
                        + "]: a newline or carriage return cannot quote, it ends rows");
            }
            String n = nullText != null ? nullText : csv ? "" : "\\N";
            if (n.indexOf('\r') >= 0 || n.indexOf('\n') >= 0) {
                throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "cannot copy [null]: the NULL text cannot hold a newline or"
                        + " carriage return");
            }
            if (!csv && trailingBackslashes(n) % 2 == 1 || n.equals("\\.")) {
                // a NULL ending in an escaping backslash would escape the delimiter or newline after it; \. alone ends the data
                throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "cannot copy [null=" + n + "]: a NULL text that ends in a"
                        + " backslash, or is \\., would read back as something else");
            }
            if (n.indexOf(d) >= 0) {
                throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "cannot copy [delimiter=" + printable(d)
                        + "]: the delimiter must not appear in the NULL text");
            }
            if (csv && n.indexOf(q) >= 0) {
                throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "cannot copy [quote=" + printable(q)
                        + "]: the quote must not appear in the NULL text");
            }
            return new CopyFormat(csv, header != null && header, d, n, q, e);
        }

        private static int trailingBackslashes(String s) {
            int k = 0;
            while (k < s.length() && s.charAt(s.length() - 1 - k) == '\\') {
                k++;
            }
            return k;
        }

        private static String required(String name, String value) {
            if (value == null) {
                throw PgError.error(SqlState.SYNTAX_ERROR, "COPY option " + name.toLowerCase(Locale.ROOT) + " needs a value");
            }
            return value;
        }

        private static char oneChar(String name, String value, char dflt) {
            if (value == null) {
                return dflt;
            }
            if (value.length() != 1 || value.charAt(0) > 127) {
                throw PgError.error(SqlState.FEATURE_NOT_SUPPORTED, "COPY " + name + " must be a single one-byte character");
            }
            return value.charAt(0);
        }

        private static boolean bool(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "on", "1", "t", "yes" -> true;
                case "false", "off", "0", "f", "no" -> false;
                case "match" -> true; // PostgreSQL 15+ checks the names; Sundial maps columns by the column list
                default -> throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "header requires a Boolean value or \"match\"");
            };
        }

        private static String printable(char c) {
            return c < 32 ? "0x" + Integer.toHexString(c) : String.valueOf(c);
        }
    }

    /** Appends one value (not NULL) in this format to {@code out}. */
    void appendValue(StringBuilder out, String v) {
        if (csv) {
            if (needsQuotes(v)) {
                out.append(quote);
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c == quote || c == escape) {
                        out.append(escape);
                    }
                    out.append(c);
                }
                out.append(quote);
            } else {
                out.append(v);
            }
            return;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == delimiter) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
    }

    private boolean needsQuotes(String v) {
        if (v.isEmpty() || v.equals(nullText) || v.startsWith("\\.")) {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == delimiter || c == quote || c == escape || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Appends NULL: the NULL text as is (text format's {@code \N} is the marker, not an escaped value). */
    void appendNull(StringBuilder out) {
        out.append(nullText);
    }
}
