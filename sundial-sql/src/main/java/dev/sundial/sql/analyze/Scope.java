package dev.sundial.sql.analyze;

import dev.sundial.SqlType;
import dev.sundial.sql.parser.Expr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The columns visible to an expression: name, type, slot in the input batch, and what they are in
 * the table (timestamp, tag, value, or a derived column of a subquery). Resolves names, with a
 * "did you mean" for typos. Immutable.
 */
public final class Scope {
    public enum Kind { TIMESTAMP, TAG, VALUE, DERIVED }

    /**
     * @param qualifiedOnly true for a join side's USING column, which only {@code side.name} reaches:
     *                      a bare name means the merged column (PostgreSQL's rule)
     */
    public record Column(String qualifier, String name, SqlType type, int slot, Kind kind, boolean qualifiedOnly) {
        public Column(String qualifier, String name, SqlType type, int slot, Kind kind) {
            this(qualifier, name, type, slot, kind, false);
        }
    }

    private final List<Column> columns;
    private final String what;

    public Scope(List<Column> columns, String what) {
        this.columns = List.copyOf(columns);
        this.what = what;
    }

    public static Scope empty() {
        return new Scope(List.of(), "no table");
    }

    public List<Column> columns() {
        return columns;
    }

    public Column resolve(Expr.ColumnRef ref, String sql) {
        Column found = null;
        for (Column c : columns) {
            if (c.name.equals(ref.name()) && (ref.qualifier() == null ? !c.qualifiedOnly : ref.qualifier().equals(c.qualifier))) {
                if (found != null) {
                    throw Errors.at(sql, ref.pos(), "column reference \"" + ref.name() + "\" is ambiguous");
                }
                found = c;
            }
        }
        if (found == null && ref.qualifier() != null && columns.stream().noneMatch(c -> ref.qualifier().equals(c.qualifier))) {
            throw Errors.at(sql, ref.pos(), "missing FROM-clause entry for table \"" + ref.qualifier() + "\"" + qualifierHint(ref.qualifier()));
        }
        if (found == null) {
            String hint = suggest(ref.name());
            throw Errors.at(sql, ref.pos(), "column \"" + (ref.qualifier() == null ? "" : ref.qualifier() + ".") + ref.name()
                    + "\" does not exist in " + what + (hint == null ? "" : "; did you mean \"" + hint + "\"?"));
        }
        return found;
    }

    /** "; FROM has a, b" listing the qualifiers in scope, for an unknown one. */
    private String qualifierHint(String qualifier) {
        List<String> names = columns.stream().map(Column::qualifier).filter(q -> q != null).distinct().toList();
        if (names.isEmpty()) {
            return "";
        }
        String hint = closest(qualifier, names);
        return hint != null ? "; did you mean \"" + hint + "\"?" : "; FROM has " + String.join(", ", names);
    }

    /** The closest column name by edit distance (at most 2 edits, or a case/prefix match), or null. */
    public String suggest(String name) {
        List<String> names = new ArrayList<>();
        for (Column c : columns) {
            names.add(c.name);
        }
        return closest(name, names);
    }

    static String closest(String name, List<String> candidates) {
        // a name cut short ("host" of "hostname") is that name, however far by edits, when only one
        // candidate starts with it; edit distance alone would offer "os"
        String lower = name.toLowerCase();
        List<String> extensions = lower.length() < 3 ? List.of()
                : candidates.stream().filter(c -> c.toLowerCase().startsWith(lower) && c.length() > name.length()).toList();
        if (extensions.size() == 1) {
            return extensions.get(0);
        }
        return candidates.stream()
                .map(c -> new Object[] {c, Errors.editDistance(name.toLowerCase(), c.toLowerCase())})
                .filter(o -> (int) o[1] <= Math.max(2, name.length() / 3))
                .min(Comparator.comparingInt(o -> (int) o[1]))
                .map(o -> (String) o[0]).orElse(null);
    }
}
