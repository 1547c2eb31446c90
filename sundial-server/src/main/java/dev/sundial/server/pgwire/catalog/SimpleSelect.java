package dev.sundial.server.pgwire.catalog;

import dev.sundial.server.pgwire.catalog.SqlTokens.Kind;
import dev.sundial.server.pgwire.catalog.SqlTokens.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The generic path for a query of one catalog relation: {@code SELECT * | col [AS alias], … FROM
 * relation [alias] [WHERE cond AND …] [ORDER BY col|n [ASC|DESC], …] [LIMIT n]}, where a
 * condition compares a column with a literal or a parameter ({@code =}, {@code <>}, {@code !=},
 * {@code <}, {@code >}, {@code <=}, {@code >=}), or is {@code [NOT] LIKE}, {@code [NOT] IN (…)},
 * {@code IS [NOT] NULL}, a boolean column ({@code [NOT] datallowconn}) or {@code 1 = 1}. The list
 * may hold {@code *} and {@code alias.*} beside columns (DBeaver's {@code SELECT db.oid, db.* FROM
 * pg_database db}), and the relation may be LEFT JOINed to catalogs that are always empty ({@link
 * EmptyCatalogs}), whose columns are then NULL. Covers {@code SELECT oid, typname FROM pg_type WHERE
 * oid = $1} and {@code SELECT table_name FROM information_schema.tables WHERE table_schema =
 * 'public'} without a recognizer each. Stateless and thread-safe.
 */
final class SimpleSelect {
    private SimpleSelect() {
    }

    /**
     * A select-list item: a column of the relation, {@code *} (all of them), or a column of a
     * LEFT-joined always-empty catalog ({@code absent}: NULL in every row); {@code qualifier} is the
     * alias written before it, if any.
     */
    private record Item(String qualifier, String column, String alias, boolean absent) {
        Item(String column, String alias) {
            this(null, column, alias, false);
        }
    }

    private record Cond(String qualifier, String column, String op, List<Token> values, boolean not) {
    }

    private record Order(String qualifier, String column, int position, boolean desc) {
    }

    /** The statement, or null when {@code t} is not of this form (or its relation is not modelled). */
    static CatalogStatement parse(String sql, SqlTokens t, ClientSession s) {
        P p = new P(t.tokens);
        if (!p.accept("select")) {
            return null;
        }
        List<Item> items = new ArrayList<>();
        do {
            if (p.accept("*")) {
                items.add(new Item("*", "*"));
                continue;
            }
            String q = null;
            String c = p.name();
            if (c != null && p.accept(".")) {
                q = c;
                c = p.accept("*") ? "*" : p.name();
            }
            if (c == null) {
                return null;
            }
            String alias = c;
            if (c.equals("*")) {
                items.add(new Item(q, c, c, false));
                continue;
            }
            if (p.accept("as")) {
                alias = p.name();
            } else if (p.at < p.k.size() && p.k.get(p.at).kind() == Kind.QUOTED) {
                alias = p.name();
            }
            if (alias == null) {
                return null;
            }
            items.add(new Item(q, c, alias, false));
        } while (p.accept(","));
        if (!p.accept("from")) {
            return null;
        }
        String rel = p.name();
        if (rel == null) {
            return null;
        }
        if (p.accept(".")) {
            String n = p.name();
            if (n == null) {
                return null;
            }
            rel = rel + "." + n;
        }
        if (!Catalog.models(rel)) {
            return null;
        }
        String relAlias = rel.substring(rel.lastIndexOf('.') + 1);
        if (p.at < p.k.size() && p.k.get(p.at).kind() == Kind.NAME && !p.peekKeyword()) {
            relAlias = p.next().text();
        }
        // LEFT JOINs of catalogs that are always empty (DBeaver's pg_description for comments): no
        // row matches, whatever the ON condition, so their columns are NULL in every row
        List<String> absent = new ArrayList<>();
        while (p.accept("left")) {
            p.accept("outer");
            String joined = p.accept("join") ? p.name() : null;
            if (joined != null && p.accept(".")) {
                joined = joined.equals("pg_catalog") ? p.name() : null;
            }
            if (joined == null || !EmptyCatalogs.EMPTY.contains(joined)) {
                return null;
            }
            String joinAlias = joined;
            if (!p.accept("on")) {
                joinAlias = p.name();
                if (joinAlias == null || !p.accept("on")) {
                    return null;
                }
            }
            absent.add(joinAlias);
            p.skipCondition();
        }
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.qualifier != null && absent.contains(it.qualifier) && !it.column.equals("*")) {
                items.set(i, new Item(it.qualifier, it.column, it.alias, true));
            } else if (it.qualifier != null && !it.qualifier.equals(relAlias)) {
                return null; // a relation this form does not know
            }
        }
        List<Cond> conds = new ArrayList<>();
        if (p.accept("where")) {
            do {
                if (p.constantTrue()) {
                    continue; // DBeaver's WHERE 1 = 1 AND …
                }
                Cond c = p.cond();
                if (c == null) {
                    return null;
                }
                conds.add(c);
            } while (p.accept("and"));
        }
        List<Order> orders = new ArrayList<>();
        if (p.accept("order")) {
            if (!p.accept("by")) {
                return null;
            }
            do {
                Token k = p.next();
                if (k == null) {
                    return null;
                }
                Order o;
                if (k.kind() == Kind.NUMBER) {
                    o = new Order(null, null, (int) Math.min(Integer.MAX_VALUE, wholeNumber(k, "ORDER BY position")), false);
                } else {
                    p.at--;
                    String c = p.column();
                    if (c == null) {
                        return null;
                    }
                    o = new Order(p.qualifier, c, 0, false);
                }
                if (p.accept("desc")) {
                    o = new Order(o.qualifier, o.column, o.position, true);
                } else {
                    p.accept("asc");
                }
                orders.add(o);
            } while (p.accept(","));
        }
        for (Cond c : conds) {
            if (c.qualifier != null && !c.qualifier.equals(relAlias)) {
                return null; // a condition on a joined catalog's column: not this form
            }
        }
        for (Order o : orders) {
            if (o.qualifier != null && !o.qualifier.equals(relAlias)) {
                return null;
            }
        }
        long limit = -1;
        if (p.accept("limit")) {
            Token k = p.next();
            if (k == null || k.kind() != Kind.NUMBER) {
                return null;
            }
            limit = wholeNumber(k, "LIMIT");
        }
        if (p.at != p.k.size()) {
            return null;
        }
        String relation = rel;
        List<Item> projection = items;
        long max = limit;
        Relation shape = Catalog.of(s).relation(relation); // the columns are known before any row: a wrong one fails at Parse
        for (Item i : items) {
            if (!i.absent && !i.column.equals("*")) {
                index(shape, i.column);
            }
        }
        for (Cond cond : conds) {
            index(shape, cond.column);
        }
        for (Order o : orders) {
            if (o.column != null) {
                index(shape, o.column);
            }
        }
        return new CatalogStatement(sql, t.parameterCount(), dev.sundial.PreparedQuery.Kind.SELECT, s,
                (c, params) -> run(c, relation, projection, conds, orders, max, params));
    }

    private static CatalogResult run(Catalog c, String relation, List<Item> items, List<Cond> conds, List<Order> orders, long limit,
                                     Object[] params) {
        Relation r = c.relation(relation);
        if (r == null) {
            throw new UnsupportedCatalogQuery("cannot answer a query of " + relation + ": Sundial does not model this relation");
        }
        List<Item> proj = new ArrayList<>();
        for (Item it : items) {
            if (it.column.equals("*")) {
                for (CatalogResult.Column col : r.columns()) {
                    proj.add(new Item(col.name(), col.name()));
                }
            } else {
                proj.add(it);
            }
        }
        int[] idx = new int[proj.size()];
        List<CatalogResult.Column> cols = new ArrayList<>();
        for (int i = 0; i < idx.length; i++) {
            Item it = proj.get(i);
            idx[i] = it.absent ? -1 : index(r, it.column);
            cols.add(new CatalogResult.Column(it.alias, it.absent ? PgType.TEXT : r.columns().get(idx[i]).type()));
        }
        List<Predicate<Object[]>> filters = new ArrayList<>();
        for (Cond cond : conds) {
            int ci = index(r, cond.column);
            filters.add(filter(ci, cond, params));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : r.rows()) {
            if (filters.stream().allMatch(f -> f.test(row))) {
                rows.add(row);
            }
        }
        if (!orders.isEmpty()) {
            Comparator<Object[]> cmp = null;
            for (Order o : orders) {
                int ci = o.column != null ? index(r, o.column) : idx[checkPosition(o.position, idx.length) - 1];
                Comparator<Object[]> one = (a, b) -> ci < 0 ? 0 : compare(a[ci], b[ci]); // an absent column: NULL in every row
                if (o.desc) {
                    one = one.reversed();
                }
                cmp = cmp == null ? one : cmp.thenComparing(one);
            }
            rows.sort(cmp);
        }
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : rows) {
            if (limit >= 0 && out.size() >= limit) {
                break;
            }
            Object[] o = new Object[idx.length];
            for (int i = 0; i < idx.length; i++) {
                o[i] = idx[i] < 0 ? null : row[idx[i]];
            }
            out.add(o);
        }
        return new CatalogResult(cols, out);
    }

    private static int checkPosition(int position, int n) {
        if (position < 1 || position > n) {
            throw new UnsupportedCatalogQuery("ORDER BY position " + position + " is not in select list");
        }
        return position;
    }

    private static int index(Relation r, String column) {
        int i = r.index(column);
        if (i < 0) {
            throw new UnsupportedCatalogQuery("cannot answer a query of " + r.name() + " [column=" + column
                    + "]: Sundial's " + r.name() + " has no such column");
        }
        return i;
    }

    /** A whole number where one is needed (ORDER BY position, LIMIT); a fraction or an overflow is refused. */
    private static long wholeNumber(Token k, String where) {
        try {
            return Long.parseLong(k.text());
        } catch (NumberFormatException e) {
            throw new UnsupportedCatalogQuery("cannot use " + k.text() + " as " + where + ": a whole number is needed");
        }
    }

    /** A numeric literal: BIGINT when it is one, else DOUBLE ({@code 1.5}, {@code 1e5}, 20 digits). */
    private static Object number(Token v) {
        try {
            return Long.parseLong(v.text());
        } catch (NumberFormatException notLong) {
            try {
                return Double.parseDouble(v.text());
            } catch (NumberFormatException e) {
                throw new UnsupportedCatalogQuery("cannot read the number " + v.text());
            }
        }
    }

    private static Predicate<Object[]> filter(int ci, Cond cond, Object[] params) {
        List<Object> values = new ArrayList<>();
        for (Token v : cond.values) {
            values.add(switch (v.kind()) {
                case PARAM -> params[Integer.parseInt(v.text()) - 1];
                case NUMBER -> number(v);
                case NAME -> Boolean.valueOf(v.text());
                default -> v.text();
            });
        }
        Predicate<Object[]> p = switch (cond.op) {
            case "is null" -> row -> row[ci] == null;
            case "like" -> {
                Pattern pat = values.get(0) == null ? null : like(values.get(0).toString());
                yield row -> pat != null && row[ci] != null && pat.matcher(row[ci].toString()).matches();
            }
            case "in" -> row -> values.stream().anyMatch(v -> row[ci] != null && v != null && compare(row[ci], v) == 0);
            default -> row -> {
                Object v = values.get(0);
                if (row[ci] == null || v == null) {
                    return false;
                }
                int c = compare(row[ci], v);
                return switch (cond.op) {
                    case "=" -> c == 0;
                    case "<>", "!=" -> c != 0;
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    default -> c >= 0;
                };
            };
        };
        return cond.not ? p.negate() : p;
    }

    /** A SQL LIKE pattern as a regular expression ({@code %}, {@code _}, backslash escapes). */
    static Pattern like(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                sb.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '%') {
                sb.append(".*");
            } else if (ch == '_') {
                sb.append('.');
            } else {
                sb.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }

    /** Compares a catalog value with another or a literal: numbers as numbers, booleans, else text. */
    static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1; // NULLs sort last, as in PostgreSQL
        }
        if (a instanceof Number x) {
            try {
                return Double.compare(x.doubleValue(), b instanceof Number y ? y.doubleValue() : Double.parseDouble(b.toString().strip()));
            } catch (NumberFormatException e) {
                return a.toString().compareTo(b.toString());
            }
        }
        if (a instanceof Boolean x) {
            boolean y = b instanceof Boolean bb ? bb : b.toString().toLowerCase(java.util.Locale.ROOT).startsWith("t");
            return Boolean.compare(x, y);
        }
        return a.toString().compareTo(b.toString());
    }

    /** A cursor over the tokens. Not thread-safe. */
    private static final class P {
        final List<Token> k;
        int at;

        P(List<Token> k) {
            this.k = k;
        }

        boolean accept(String s) {
            if (at < k.size() && k.get(at).is(s)) {
                at++;
                return true;
            }
            return false;
        }

        Token next() {
            return at < k.size() ? k.get(at++) : null;
        }

        boolean peekKeyword() {
            String s = k.get(at).text();
            return s.equals("where") || s.equals("order") || s.equals("limit") || s.equals("join") || s.equals("left")
                    || s.equals("group");
        }

        /** Skips a join's ON condition: up to WHERE, ORDER, LIMIT or another LEFT JOIN outside parentheses. */
        void skipCondition() {
            int depth = 0;
            while (at < k.size()) {
                Token t = k.get(at);
                if (depth == 0 && (t.is("where") || t.is("order") || t.is("limit") || t.is("left"))) {
                    return;
                }
                depth += t.is("(") ? 1 : t.is(")") ? -1 : 0;
                at++;
            }
        }

        String name() {
            Token t = next();
            return t != null && (t.kind() == Kind.NAME || t.kind() == Kind.QUOTED) ? t.text() : null;
        }

        /** The alias before the last {@link #column()}, or null. */
        String qualifier;

        /** A column, optionally qualified by an alias (kept in {@link #qualifier}). */
        String column() {
            qualifier = null;
            String n = name();
            if (n != null && accept(".")) {
                qualifier = n;
                n = name();
            }
            return n;
        }

        /** Consumes {@code n = n}, a comparison of a number with itself, which is always true. */
        boolean constantTrue() {
            if (at + 2 < k.size() && k.get(at).kind() == Kind.NUMBER && k.get(at + 1).is("=") && k.get(at + 2).kind() == Kind.NUMBER
                    && k.get(at).text().equals(k.get(at + 2).text())) {
                at += 3;
                return true;
            }
            return false;
        }

        /** Whether the condition ends here: a bare boolean column ({@code datallowconn}, {@code NOT datistemplate}). */
        private boolean condEnds() {
            return at == k.size() || k.get(at).is("and") || k.get(at).is("order") || k.get(at).is("limit");
        }

        Cond cond() {
            boolean negated = accept("not");
            String c = column();
            String q = qualifier;
            if (c == null) {
                return null;
            }
            if (condEnds()) { // a boolean column: col = true, NOT col: col = false
                return new Cond(q, c, "=", List.of(new Token(Kind.NAME, negated ? "false" : "true")), false);
            }
            if (negated) {
                return null;
            }
            boolean not = accept("not");
            if (accept("like")) {
                Token v = value();
                return v == null ? null : new Cond(q, c, "like", List.of(v), not);
            }
            if (accept("in")) {
                if (!accept("(")) {
                    return null;
                }
                List<Token> vs = new ArrayList<>();
                do {
                    Token v = value();
                    if (v == null) {
                        return null;
                    }
                    vs.add(v);
                } while (accept(","));
                return accept(")") ? new Cond(q, c, "in", vs, not) : null;
            }
            if (not) {
                return null;
            }
            if (accept("is")) {
                boolean isNot = accept("not");
                return accept("null") ? new Cond(q, c, "is null", List.of(), isNot) : null;
            }
            Token op = next();
            if (op == null || op.kind() != Kind.OP || !List.of("=", "<>", "!=", "<", ">", "<=", ">=").contains(op.text())) {
                return null;
            }
            Token v = value();
            return v == null ? null : new Cond(q, c, op.text(), List.of(v), false);
        }

        Token value() {
            Token t = next();
            if (t == null) {
                return null;
            }
            if (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER || t.kind() == Kind.PARAM || t.is("true") || t.is("false")) {
                if (accept("::")) { // a cast of the literal ('x'::text, $1::oid): the comparison types it anyway
                    name();
                }
                return t;
            }
            return null;
        }
    }
}
