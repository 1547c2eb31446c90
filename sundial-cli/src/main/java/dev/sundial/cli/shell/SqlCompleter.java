package dev.sundial.cli.shell;

import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.TableSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion in the shell: SQL keywords, table names and column names, read from the open
 * database at each Tab (so tables created in the session are offered). The word before the cursor
 * is a prefix matched without regard to case; keywords are offered in the case the user types
 * (lower case when the prefix is lower case, else upper case). Columns are those of the tables the
 * input names, or of every table when it names none. After {@code \d} only table names are
 * offered. Names that are not plain lower-case identifiers are offered double-quoted. Thread-safe
 * when the database is.
 */
public final class SqlCompleter implements Completer {
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_$]*");

    private final Sundial db;
    private final List<String> keywords;

    /** {@code keywords}: the SQL keywords, in any case (the parser's list). */
    public SqlCompleter(Sundial db, Collection<String> keywords) {
        this.db = db;
        this.keywords = keywords.stream().map(k -> k.toUpperCase(Locale.ROOT)).distinct().sorted().toList();
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String text = line.line();
        int cursor = Math.min(line.cursor(), text.length());
        int start = cursor;
        while (start > 0 && SqlLineParser.isNameChar(text.charAt(start - 1))) {
            start--;
        }
        String prefix = text.substring(start, cursor);
        String match = prefix.startsWith("\"") ? prefix.substring(1) : prefix;
        String lower = match.toLowerCase(Locale.ROOT);
        List<Table> tables = db.tables();
        boolean tablesOnly = text.stripLeading().startsWith("\\d");
        if (!tablesOnly && !prefix.startsWith("\"")) {
            boolean lowerCase = !match.isEmpty() && match.equals(lower);
            for (String k : keywords) {
                if (k.toLowerCase(Locale.ROOT).startsWith(lower)) {
                    String value = lowerCase ? k.toLowerCase(Locale.ROOT) : k;
                    candidates.add(new Candidate(value, value, "keywords", null, null, null, true));
                }
            }
        }
        for (Table t : tables) {
            if (t.name().toLowerCase(Locale.ROOT).startsWith(lower)) {
                candidates.add(new Candidate(sqlName(t.name()), t.name(), "tables", "table", null, null, true));
            }
        }
        if (tablesOnly) {
            return;
        }
        for (Map.Entry<String, String> c : columns(tables, text).entrySet()) {
            if (c.getKey().toLowerCase(Locale.ROOT).startsWith(lower)) {
                candidates.add(new Candidate(sqlName(c.getKey()), c.getKey(), "columns", c.getValue(), null, null, true));
            }
        }
    }

    /** Column name → description ("table type"), for the tables named in {@code text}, or all when none is. */
    private static Map<String, String> columns(List<Table> tables, String text) {
        List<Table> named = new ArrayList<>();
        for (Table t : tables) {
            if (mentions(text, t.name())) {
                named.add(t);
            }
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (Table t : named.isEmpty() ? tables : named) {
            TableSchema s = t.schema();
            columns.putIfAbsent(s.timestampColumn(), t.name() + " TIMESTAMP");
            for (String tag : s.tags()) {
                columns.putIfAbsent(tag, t.name() + " VARCHAR TAG");
            }
            for (ColumnDef v : s.values()) {
                columns.putIfAbsent(v.name(), t.name() + " " + v.type());
            }
        }
        return columns;
    }

    /** True when {@code name} occurs in {@code text} as a whole word (case-insensitive, as SQL folds it). */
    private static boolean mentions(String text, String name) {
        String t = text.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        for (int i = t.indexOf(n); i >= 0; i = t.indexOf(n, i + 1)) {
            boolean before = i == 0 || !SqlLineParser.isNameChar(t.charAt(i - 1)) || t.charAt(i - 1) == '"';
            int end = i + n.length();
            boolean after = end == t.length() || !SqlLineParser.isNameChar(t.charAt(end)) || t.charAt(end) == '"';
            if (before && after) {
                return true;
            }
        }
        return false;
    }

    /** The name as SQL text: plain when it is a lower-case identifier (which unquoted SQL folds to), else double-quoted. */
    static String sqlName(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
    }
}
