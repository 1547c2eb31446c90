package dev.sundial.server.pgwire.catalog;

import dev.sundial.server.pgwire.catalog.SqlTokens.Kind;
import dev.sundial.server.pgwire.catalog.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * PostgreSQL's session functions in a {@code SELECT} without {@code FROM}, as clients send them on
 * connect: {@code version()}, {@code current_schema()}, {@code current_database()}, {@code
 * current_user} (and {@code session_user}, {@code user}, {@code current_catalog}), {@code
 * current_setting('name')}, {@code current_schemas(bool)}, {@code pg_backend_pid()}, with casts
 * ({@code ::int}), integer arithmetic, literals and aliases around them, e.g. Grafana's {@code
 * SELECT current_setting('server_version_num')::int/100 AS version}. Also {@code SHOW name} and
 * {@code SHOW ALL} of PostgreSQL's parameters ({@link Settings}); Sundial's own settings ({@code
 * SHOW rollups}) stay with the engine. Stateless and thread-safe.
 */
final class SessionFunctions {
    static final Set<String> FUNCTIONS = Set.of("version", "current_schema", "current_database", "current_setting",
            "current_schemas", "pg_backend_pid", "pg_is_in_recovery", "current_user", "session_user", "current_catalog",
            "current_role");
    /** Functions PostgreSQL lets one call without parentheses. */
    private static final Set<String> BARE = Set.of("current_user", "session_user", "user", "current_catalog", "current_role",
            "current_schema", "true", "false");

    private SessionFunctions() {
    }

    /** A value with its type and the column name PostgreSQL would give it. */
    private record Value(Object v, PgType type, String name) {
    }

    /**
     * Whether {@code t} (a statement) calls a session function: a name of {@link #FUNCTIONS}
     * followed by {@code (}, or one PostgreSQL allows bare ({@code current_user}), not as an alias.
     */
    static boolean mentions(SqlTokens t) {
        for (int i = 0; i < t.tokens.size(); i++) {
            Token k = t.tokens.get(i);
            boolean qualified = i > 1 && t.tokens.get(i - 1).is(".");
            boolean ofCatalog = qualified && t.tokens.get(i - 2).is("pg_catalog");
            if (k.kind() != Kind.NAME || i > 0 && t.tokens.get(i - 1).is("as") || qualified && !ofCatalog) {
                continue;
            }
            boolean call = i + 1 < t.tokens.size() && t.tokens.get(i + 1).is("(");
            if (FUNCTIONS.contains(k.text()) && call || BARE.contains(k.text()) && !k.text().equals("true") && !k.text().equals("false")) {
                return true;
            }
        }
        return false;
    }

    /** {@code SHOW name} / {@code SHOW ALL} of a PostgreSQL parameter, or null for the engine. */
    static CatalogStatement show(String sql, SqlTokens t, ClientSession s) {
        List<Token> k = t.tokens;
        if (k.size() < 2 || !k.get(0).is("show")) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        for (int i = 1; i < k.size(); i++) {
            name.append(i > 1 ? " " : "").append(k.get(i).text());
        }
        String n = name.toString();
        if (n.equals("all")) {
            return new CatalogStatement(sql, 0, dev.sundial.PreparedQuery.Kind.SHOW, s, (c, p) -> {
                List<Object[]> rows = new ArrayList<>();
                for (String setting : Settings.names()) {
                    rows.add(new Object[] {setting, Settings.value(s, setting), Settings.description(setting)});
                }
                return new CatalogResult(List.of(Relation.col("name", PgType.TEXT), Relation.col("setting", PgType.TEXT),
                        Relation.col("description", PgType.TEXT)), rows);
            });
        }
        if (n.equals("transaction isolation level")) {
            n = "transaction_isolation";
        }
        String canonical = Settings.canonical(n);
        // the engine's settings are the engine's, but TimeZone, which is both, is answered here from
        // the connection's reported value (the connection keeps it equal to the engine session's)
        if (canonical == null || dev.sundial.Session.SETTINGS.contains(n) && !canonical.equals("TimeZone")) {
            return null;
        }
        String column = canonical.toLowerCase(Locale.ROOT);
        return new CatalogStatement(sql, 0, dev.sundial.PreparedQuery.Kind.SHOW, s, (c, p) -> new CatalogResult(
                List.of(new CatalogResult.Column(column, PgType.TEXT)), List.<Object[]>of(new Object[] {Settings.value(s, canonical)})));
    }

    /**
     * A {@code SELECT} without {@code FROM} that calls a session function, or null when it calls
     * none (the engine answers {@code SELECT 1}).
     *
     * @throws UnsupportedCatalogQuery when it mixes them with something this class cannot evaluate
     */
    static CatalogStatement select(String sql, SqlTokens t, ClientSession s) {
        List<Token> k = t.tokens;
        if (k.isEmpty() || !k.get(0).is("select") || !mentions(t)) {
            return null;
        }
        for (Token x : k) {
            if (x.is("from")) {
                return null;
            }
        }
        List<Value> first = evaluate(k, s); // at Parse: a mistake is an error there, and the columns are known
        List<CatalogResult.Column> cols = new ArrayList<>();
        for (Value v : first) {
            cols.add(new CatalogResult.Column(v.name, v.type));
        }
        return new CatalogStatement(sql, 0, dev.sundial.PreparedQuery.Kind.SELECT, s, (c, params) -> {
            List<Value> values = evaluate(k, s); // again at each execution: settings may have changed since
            Object[] row = new Object[values.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = values.get(i).v;
            }
            return new CatalogResult(cols, List.<Object[]>of(row));
        });
    }

    private static List<Value> evaluate(List<Token> k, ClientSession s) {
        Parser p = new Parser(k, s);
        List<Value> values = new ArrayList<>();
        p.at = 1;
        do {
            Value v = p.item();
            if (p.peek("as")) {
                p.at++;
                v = new Value(v.v, v.type, p.next().text());
            } else if (p.at < k.size() && (k.get(p.at).kind() == Kind.NAME || k.get(p.at).kind() == Kind.QUOTED)) {
                v = new Value(v.v, v.type, p.next().text());
            }
            values.add(v);
        } while (p.accept(","));
        if (p.at != k.size()) {
            throw new UnsupportedCatalogQuery("cannot answer a session function query [token=" + k.get(p.at).text()
                    + "]: only function calls, literals, casts and arithmetic without FROM are supported");
        }
        return values;
    }

    /** The recursive-descent evaluator of one select item. Not thread-safe. */
    private static final class Parser {
        final List<Token> k;
        final ClientSession s;
        int at;

        Parser(List<Token> k, ClientSession s) {
            this.k = k;
            this.s = s;
        }

        boolean peek(String text) {
            return at < k.size() && k.get(at).is(text);
        }

        boolean accept(String text) {
            if (peek(text)) {
                at++;
                return true;
            }
            return false;
        }

        Token next() {
            if (at >= k.size()) {
                throw new UnsupportedCatalogQuery("cannot answer a session function query: unexpected end");
            }
            return k.get(at++);
        }

        Value item() {
            Value v = term();
            while (peek("/") || peek("*") || peek("+") || peek("-") || peek("||")) {
                String op = next().text();
                Value r = term();
                if (op.equals("||")) {
                    v = new Value(String.valueOf(v.v) + r.v, PgType.TEXT, "?column?");
                    continue;
                }
                long a = number(v);
                long b = number(r);
                long res = switch (op) {
                    case "/" -> {
                        if (b == 0) {
                            throw new ArithmeticException("division by zero");
                        }
                        yield a / b;
                    }
                    case "*" -> a * b;
                    case "+" -> a + b;
                    default -> a - b;
                };
                v = new Value(res, v.type == PgType.INT8 || r.type == PgType.INT8 ? PgType.INT8 : PgType.INT4, "?column?");
            }
            return v;
        }

        private static long number(Value v) {
            if (v.v instanceof Number n) {
                return n.longValue();
            }
            throw new UnsupportedCatalogQuery("cannot answer a session function query: arithmetic on " + v.type.name());
        }

        Value term() {
            Value v = primary();
            while (accept("::")) {
                String type = next().text();
                if (accept(".")) {
                    type = next().text();
                }
                v = cast(v, type);
            }
            return v;
        }

        private static Value cast(Value v, String type) {
            try {
                return switch (type) {
                    case "int", "int4", "integer" -> new Value(v.v == null ? null : Long.parseLong(v.v.toString().strip()), PgType.INT4, v.name);
                    case "int8", "bigint" -> new Value(v.v == null ? null : Long.parseLong(v.v.toString().strip()), PgType.INT8, v.name);
                    case "text", "varchar" -> new Value(v.v == null ? null : v.v.toString(), PgType.TEXT, v.name);
                    case "name" -> new Value(v.v == null ? null : v.v.toString(), PgType.NAME, v.name);
                    default -> throw new UnsupportedCatalogQuery("cannot answer a session function query: cast to " + type);
                };
            } catch (NumberFormatException e) {
                throw new UnsupportedCatalogQuery("cannot cast '" + v.v + "' to " + type);
            }
        }

        Value primary() {
            Token t = next();
            if (t.kind() == Kind.NUMBER) {
                return t.text().contains(".") ? new Value(Double.parseDouble(t.text()), PgType.NUMERIC, "?column?")
                        : new Value(Long.parseLong(t.text()), PgType.INT4, "?column?");
            }
            if (t.kind() == Kind.STRING) {
                return new Value(t.text(), PgType.TEXT, "?column?");
            }
            if (t.is("(")) {
                Value v = item();
                expect(")");
                return v;
            }
            if (t.kind() != Kind.NAME) {
                throw new UnsupportedCatalogQuery("cannot answer a session function query [token=" + t.text() + "]");
            }
            String name = t.text();
            if (name.equals("pg_catalog") && accept(".")) {
                name = next().text();
            }
            List<Value> args = new ArrayList<>();
            if (accept("(")) {
                if (!accept(")")) {
                    do {
                        args.add(item());
                    } while (accept(","));
                    expect(")");
                }
            } else if (!BARE.contains(name)) {
                throw new UnsupportedCatalogQuery("cannot answer a session function query [name=" + name + "]: not a session function");
            }
            return call(name, args);
        }

        private void expect(String text) {
            if (!accept(text)) {
                throw new UnsupportedCatalogQuery("cannot answer a session function query: expected " + text);
            }
        }

        Value call(String name, List<Value> args) {
            return switch (name) {
                case "version" -> new Value("PostgreSQL " + Settings.value(s, "server_version") + ", Sundial time-series database",
                        PgType.TEXT, name);
                case "current_schema" -> new Value("public", PgType.NAME, name);
                case "current_database", "current_catalog" -> new Value(s.database(), PgType.NAME, name);
                case "current_user", "session_user", "user", "current_role" -> new Value(s.user(), PgType.NAME, name);
                case "pg_backend_pid" -> new Value((long) s.pid(), PgType.INT4, name);
                case "pg_is_in_recovery" -> new Value(false, PgType.BOOL, name);
                case "current_schemas" -> new Value(args.size() == 1 && Boolean.TRUE.equals(bool(args.get(0)))
                        ? "{pg_catalog,public}" : "{public}", PgType.NAME_ARRAY, name);
                case "current_setting" -> {
                    String setting = args.isEmpty() || args.get(0).v == null ? null : args.get(0).v.toString();
                    String value = setting == null ? null : Settings.value(s, setting);
                    boolean missingOk = args.size() > 1 && Boolean.TRUE.equals(bool(args.get(1)));
                    if (value == null && !missingOk) {
                        throw new UnsupportedCatalogQuery("unrecognized configuration parameter \"" + setting + "\"");
                    }
                    yield new Value(value, PgType.TEXT, name);
                }
                case "true", "false" -> new Value(name.equals("true"), PgType.BOOL, "bool");
                default -> throw new UnsupportedCatalogQuery("cannot answer a session function query [function=" + name
                        + "]: not a session function Sundial answers");
            };
        }

        private static Boolean bool(Value v) {
            return v.v instanceof Boolean b ? b : v.v == null ? null : Boolean.valueOf(v.v.toString());
        }
    }
}
