package dev.sundial.server.pgwire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code COPY} statement as PostgreSQL spells it, for the forms Sundial runs:
 *
 * <pre>
 * COPY table [(col, …)] TO STDOUT   [[WITH] options]
 * COPY (query)          TO STDOUT   [[WITH] options]
 * COPY table [(col, …)] FROM STDIN  [[WITH] options]
 * </pre>
 *
 * where the options are either the current list {@code (FORMAT csv|text, HEADER [bool], DELIMITER
 * 'c', NULL 'x')} or the pre-9.0 words psql's {@code \copy} sends ({@code CSV HEADER DELIMITER
 * AS ',' NULL AS ''}). Files on the server ({@code TO 'file'}, {@code FROM 'file'}, {@code
 * PROGRAM}) are refused with 0A000: a client copies its own files through STDIN/STDOUT (psql's
 * {@code \copy}). Immutable.
 *
 * @param table   the table, as written (a quoted name keeps its quotes); null for a query
 * @param query   the query of {@code COPY (query) TO}; null for a table
 * @param columns the listed columns as written, or empty for all of them
 * @param in      {@code FROM STDIN} rather than {@code TO STDOUT}
 */
record CopyStatement(String table, String query, List<String> columns, boolean in, CopyFormat format) {
    /** Whether {@code sql} is a COPY statement (its first word), so that it is routed here. */
    static boolean isCopy(String sql) {
        int i = skipSpace(sql, 0);
        return sql.regionMatches(true, i, "COPY", 0, 4) && (i + 4 == sql.length() || !Character.isLetterOrDigit(sql.charAt(i + 4))
                && sql.charAt(i + 4) != '_');
    }

    /** The SELECT that COPY TO runs. */
    String selectSql() {
        if (query != null) {
            return query;
        }
        return "SELECT " + (columns.isEmpty() ? "*" : String.join(", ", columns)) + " FROM " + table;
    }

    /** The table's name as the catalog spells it: unquoted (and {@code ""} undoubled) when quoted. */
    String tableName() {
        return unquote(table);
    }

    static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name;
    }

    /**
     * Parses a statement that {@link #isCopy} accepted.
     *
     * @throws PgError 42601 for a malformed statement, 0A000 for a form Sundial does not run
     */
    static CopyStatement parse(String sql) {
        Lexer lx = new Lexer(sql);
        lx.keyword("COPY");
        String table = null;
        String query = null;
        if (lx.peek() == '(') {
            query = lx.parenthesized();
        } else {
            table = lx.name();
            if (lx.peek() == '.') { // public.cpu: Sundial has one schema
                lx.pos++;
                String schema = table;
                table = lx.name();
                if (!unquote(schema).equalsIgnoreCase("public")) {
                    throw PgError.error(SqlState.UNDEFINED_TABLE, "schema \"" + unquote(schema) + "\" does not exist");
                }
            }
        }
        List<String> columns = new ArrayList<>();
        if (table != null && lx.peek() == '(') {
            lx.pos++;
            do {
                columns.add(lx.name());
            } while (lx.accept(','));
            lx.expect(')');
        }
        String direction = lx.word();
        boolean in;
        if (direction.equals("FROM")) {
            in = true;
        } else if (direction.equals("TO")) {
            in = false;
        } else {
            throw lx.syntax("expected FROM or TO");
        }
        if (in && query != null) {
            throw PgError.error(SqlState.SYNTAX_ERROR, "COPY FROM takes a table, not a query");
        }
        int at = lx.pos;
        String target = lx.peek() == '\'' ? "'" : lx.word();
        if (!target.equals(in ? "STDIN" : "STDOUT")) {
            lx.pos = at;
            throw PgError.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot copy " + (in ? "from" : "to") + " a file or program on the"
                    + " server: use COPY … " + (in ? "FROM STDIN" : "TO STDOUT") + " (psql's \\copy sends its file that way)");
        }
        CopyFormat format = options(lx);
        lx.end();
        return new CopyStatement(table, query, List.copyOf(columns), in, format);
    }

    /** {@code [WITH] (FORMAT csv, HEADER, …)} or the old {@code [WITH] CSV HEADER DELIMITER AS ','}. */
    private static CopyFormat options(Lexer lx) {
        CopyFormat.Builder b = new CopyFormat.Builder();
        if (lx.atEnd()) {
            return b.build();
        }
        int at = lx.pos;
        if (!lx.word().equals("WITH")) {
            lx.pos = at;
        }
        if (lx.accept('(')) {
            do {
                String option = lx.word();
                String value = lx.peek() == ',' || lx.peek() == ')' ? null : lx.optionValue();
                b.option(option, value);
            } while (lx.accept(','));
            lx.expect(')');
            return b.build();
        }
        while (!lx.atEnd()) {
            String w = lx.word();
            switch (w) {
                case "CSV" -> b.option("FORMAT", "csv");
                case "BINARY" -> b.option("FORMAT", "binary");
                case "HEADER" -> b.option("HEADER", null);
                case "DELIMITER", "NULL", "QUOTE", "ESCAPE" -> {
                    int p = lx.pos;
                    if (!lx.word().equals("AS")) {
                        lx.pos = p;
                    }
                    b.option(w, lx.optionValue());
                }
                default -> throw PgError.error(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + w.toLowerCase(Locale.ROOT)
                        + "\": unknown COPY option");
            }
        }
        return b.build();
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** A cursor over the statement's text; words are upper-cased, names kept as written. */
    private static final class Lexer {
        final String s;
        int pos;

        Lexer(String s) {
            this.s = s;
        }

        char peek() {
            pos = skipSpace(s, pos);
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        boolean atEnd() {
            return peek() == 0 || s.charAt(pos) == ';' && skipSpace(s, pos + 1) == s.length();
        }

        void end() {
            if (!atEnd()) {
                throw syntax("unexpected text");
            }
        }

        boolean accept(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw syntax("expected '" + c + "'");
            }
        }

        void keyword(String k) {
            if (!word().equals(k)) {
                throw syntax("expected " + k);
            }
        }

        /** A bare word, upper-cased; empty when none is here. */
        String word() {
            peek();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(start, pos).toUpperCase(Locale.ROOT);
        }

        /** A name: a bare word as written, or a double-quoted name with its quotes. */
        String name() {
            if (peek() == '"') {
                int end = pos + 1;
                while (true) {
                    end = s.indexOf('"', end);
                    if (end < 0) {
                        throw syntax("unterminated quoted name");
                    }
                    if (end + 1 < s.length() && s.charAt(end + 1) == '"') {
                        end += 2;
                    } else {
                        break;
                    }
                }
                String n = s.substring(pos, end + 1);
                pos = end + 1;
                return n;
            }
            int start = pos;
            String w = word();
            if (w.isEmpty()) {
                throw syntax("expected a name");
            }
            return s.substring(start, pos);
        }

        /** An option's value: a 'string' (with '' for a quote), or a bare word or number as written. */
        String optionValue() {
            if (peek() == '\'') {
                StringBuilder b = new StringBuilder();
                int i = pos + 1;
                while (true) {
                    if (i >= s.length()) {
                        throw syntax("unterminated string");
                    }
                    char c = s.charAt(i++);
                    if (c == '\'') {
                        if (i < s.length() && s.charAt(i) == '\'') {
                            b.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(c);
                    }
                }
                pos = i;
                return b.toString();
            }
            int start = pos;
            if (word().isEmpty()) {
                throw syntax("expected an option value");
            }
            return s.substring(start, pos);
        }

        /** The text inside a parenthesized query, skipping parentheses in strings, names and comments. */
        String parenthesized() {
            expect('(');
            int start = pos;
            int depth = 1;
            int i = pos;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\'' || c == '"') {
                    int end = s.indexOf(c, i + 1);
                    i = end < 0 ? s.length() : end + 1; // '' and "" read as two strings in a row: same effect
                    continue;
                }
                if (s.startsWith("--", i) || s.startsWith("/*", i)) {
                    i = skipSpace(s, i);
                    continue;
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    pos = i + 1;
                    return s.substring(start, i).strip();
                }
                i++;
            }
            throw syntax("unbalanced parentheses");
        }

        PgError syntax(String why) {
            String near = pos >= s.length() ? "end of input" : "\"" + s.substring(pos, Math.min(s.length(), pos + 20)).strip() + "\"";
            return PgError.error(SqlState.SYNTAX_ERROR, "syntax error at or near " + near + " in COPY: " + why, pos + 1, null);
        }
    }
}
