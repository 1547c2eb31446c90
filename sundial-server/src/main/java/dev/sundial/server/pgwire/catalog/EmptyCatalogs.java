package dev.sundial.server.pgwire.catalog;

import dev.sundial.server.pgwire.catalog.SqlTokens.Kind;
import dev.sundial.server.pgwire.catalog.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Queries that read only catalogs Sundial has no rows in (no constraints, indexes, triggers,
 * policies, inheritance, publications, statistics objects, comments, defaults, rules): psql's
 * {@code \d table} asks for each after the columns, and pgjdbc for keys and indexes. The answer is
 * the relational one, computed on the query's shape rather than per query: a SELECT is empty when
 * the first relation of its FROM, or any relation joined to it with an inner join (comma or
 * {@code JOIN}), is one of these or a subquery that is empty by the same rule (pgjdbc's
 * getPrimaryKeys, getIndexInfo and getBestRowIdentifier read pg_constraint and pg_index so); a
 * UNION is empty when each branch is. The answer has the first branch's select-list names as its
 * (text) columns and no rows. Stateless and thread-safe.
 */
final class EmptyCatalogs {
    static final Set<String> EMPTY = Set.of("pg_constraint", "pg_index", "pg_trigger", "pg_policy", "pg_inherits",
            "pg_publication", "pg_publication_rel", "pg_publication_namespace", "pg_statistic_ext", "pg_description",
            "pg_attrdef", "pg_rewrite", "pg_foreign_table", "pg_partitioned_table", "pg_sequence", "pg_extension",
            "pg_depend", "pg_event_trigger", "pg_shdescription", "pg_seclabel", "pg_largeobject_metadata", "pg_matviews", "pg_views");

    private EmptyCatalogs() {
    }

    static CatalogStatement recognize(String sql, SqlTokens t, ClientSession s) {
        List<List<Token>> branches = branches(t.tokens);
        if (!emptyQuery(branches)) {
            return null;
        }
        List<CatalogResult.Column> cols = columns(branches.get(0));
        return new CatalogStatement(sql, t.parameterCount(), dev.sundial.PreparedQuery.Kind.SELECT, s,
                (c, p) -> new CatalogResult(cols, List.of()));
    }

    /** Whether every UNION branch is empty. */
    private static boolean emptyQuery(List<List<Token>> branches) {
        for (List<Token> b : branches) {
            if (!empty(b)) {
                return false;
            }
        }
        return true;
    }

    /** The UNION [ALL] branches of a query. */
    private static List<List<Token>> branches(List<Token> tokens) {
        List<List<Token>> branches = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (Token k : tokens) {
            if (k.is("(")) {
                depth++;
            } else if (k.is(")")) {
                depth--;
            }
            if (depth == 0 && k.is("union")) {
                branches.add(current);
                current = new ArrayList<>();
                continue;
            }
            if (depth == 0 && k.is("all") && current.isEmpty()) {
                continue;
            }
            current.add(k);
        }
        branches.add(current);
        return branches;
    }

    /** Whether one SELECT (top level of {@code b}) reads an always-empty catalog in an inner position. */
    private static boolean empty(List<Token> b) {
        int depth = 0;
        boolean inFrom = false;
        boolean inner = true; // the next relation is inner-joined (first, after a comma or a plain JOIN)
        for (int i = 0; i < b.size(); i++) {
            Token k = b.get(i);
            if (depth == 0 && inFrom && k.is("(") && (b.get(i - 1).is("from") || b.get(i - 1).is("join") || b.get(i - 1).is(","))) {
                int close = close(b, i);
                List<Token> sub = b.subList(i + 1, close);
                // a subquery in FROM (pgjdbc's getPrimaryKeys, getIndexInfo) is empty when its own query is
                if (inner && !sub.isEmpty() && sub.get(0).is("select") && emptyQuery(branches(sub))) {
                    return true;
                }
                inner = false;
                i = close;
                continue;
            }
            if (k.is("(")) {
                depth++;
                continue;
            }
            if (k.is(")")) {
                depth--;
                continue;
            }
            if (depth != 0) {
                continue;
            }
            if (k.is("from")) {
                inFrom = true;
                inner = true;
            } else if (inFrom && (k.is("where") || k.is("order") || k.is("group") || k.is("limit"))) {
                inFrom = false;
            } else if (inFrom && (k.is("left") || k.is("right") || k.is("full"))) {
                inner = false;
            } else if (inFrom && k.is(",")) {
                inner = true;
            } else if (inFrom && k.is("join")) {
                // keeps what LEFT/RIGHT set; a plain or INNER JOIN is inner
                if (i > 0 && !(b.get(i - 1).is("outer") || b.get(i - 1).is("left") || b.get(i - 1).is("right")
                        || b.get(i - 1).is("full"))) {
                    inner = true;
                }
            } else if (inFrom && k.kind() == Kind.NAME && (i == 0 || b.get(i - 1).is("from") || b.get(i - 1).is("join")
                    || b.get(i - 1).is(","))) {
                String rel = k.text();
                if (rel.equals("pg_catalog") && i + 2 < b.size() && b.get(i + 1).is(".")) {
                    rel = b.get(i + 2).text();
                }
                if (inner && EMPTY.contains(rel)) {
                    return true;
                }
                inner = false;
            }
        }
        return false;
    }

    /** The index of the parenthesis that closes the one at {@code open}, or the end. */
    private static int close(List<Token> b, int open) {
        int depth = 0;
        for (int i = open; i < b.size(); i++) {
            if (b.get(i).is("(")) {
                depth++;
            } else if (b.get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        return b.size();
    }

    /** The select list's output names: the alias, else the last name of the expression. */
    private static List<CatalogResult.Column> columns(List<Token> b) {
        List<CatalogResult.Column> cols = new ArrayList<>();
        int depth = 0;
        String last = "?column?";
        for (int i = 1; i < b.size(); i++) {
            Token k = b.get(i);
            if (k.is("(")) {
                depth++;
            } else if (k.is(")")) {
                depth--;
            } else if (depth == 0 && (k.is(",") || k.is("from"))) {
                cols.add(new CatalogResult.Column(last, PgType.TEXT));
                last = "?column?";
                if (k.is("from")) {
                    break;
                }
            } else if (depth == 0 && (k.kind() == Kind.NAME || k.kind() == Kind.QUOTED) && !k.is("as") && !k.is("distinct")) {
                last = k.text();
            }
        }
        return cols;
    }
}
