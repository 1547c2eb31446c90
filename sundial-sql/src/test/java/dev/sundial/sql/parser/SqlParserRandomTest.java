package dev.sundial.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized property test: random expression trees are printed as SQL with the fewest
 * parentheses the documented precedence allows, in random keyword case and spacing; the parser must
 * read back exactly the generated tree. This checks the precedence table and the printer's idea of
 * it against each other on thousands of shapes, and that nothing valid is rejected.
 */
class SqlParserRandomTest {
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int COMPARE = 4;
    private static final int CONCAT = 5;
    private static final int ADD = 6;
    private static final int MUL = 7;
    private static final int UNARY = 8;
    private static final int CAST = 9;
    private static final int PRIMARY = 10;

    private static final String[] NAMES = {"a", "host", "timestamp", "value", "time", "first", "last", "tag", "date",
            "count", "zone", "interval", "key", "year", "latest", "table", "values"};
    private static final String[] COMPARISONS = {"=", "!=", "<", "<=", ">", ">=", "~", "~*", "!~", "!~*"};
    private static final String[] TYPES = {"DOUBLE", "BIGINT", "VARCHAR", "TIMESTAMP", "BOOLEAN", "TEXT", "INT", "DATE"};

    private Random random;
    private StringBuilder out;

    @Test
    void randomExpressionsParseBackToTheirTree() {
        for (long seed = 1; seed <= 3000; seed++) {
            random = new Random(seed);
            Expr tree = generate(1 + random.nextInt(6));
            out = new StringBuilder();
            print(tree, 0);
            String sql = "SELECT " + out;
            Statement parsed = SqlParser.parse(sql);
            Expr back = ((Statement.Select) parsed).query().items().get(0).expr();
            assertThat(Ast.sexp(back)).as("seed %d: %s", seed, sql).isEqualTo(Ast.sexp(tree));
        }
    }

    @Test
    void randomExpressionsInWhereClausesOfAScript() {
        random = new Random(42);
        StringBuilder script = new StringBuilder();
        List<Expr> trees = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Expr tree = generate(1 + random.nextInt(5));
            trees.add(tree);
            out = new StringBuilder();
            print(tree, 0);
            script.append("SELECT * FROM cpu WHERE ").append(out).append(random.nextBoolean() ? ";\n" : " ;  ");
        }
        List<Statement> all = SqlParser.parseAll(script.toString());
        assertThat(all).hasSize(trees.size());
        for (int i = 0; i < all.size(); i++) {
            assertThat(Ast.sexp(((Statement.Select) all.get(i)).query().where())).isEqualTo(Ast.sexp(trees.get(i)));
        }
    }

    // ------------------------------------------------------------------ generator

    private Expr generate(int depth) {
        if (depth <= 0) {
            return leaf();
        }
        int d = depth - 1;
        Supplier<Expr> sub = () -> generate(random.nextInt(depth));
        return switch (random.nextInt(14)) {
            case 0 -> bin(random.nextBoolean() ? "AND" : "OR", sub.get(), sub.get());
            case 1 -> new Expr.Unary("NOT", generate(d), Pos.NONE);
            case 2 -> bin(pick(COMPARISONS), sub.get(), sub.get());
            case 3 -> new Expr.IsNull(generate(d), random.nextBoolean(), Pos.NONE);
            case 4 -> new Expr.Like(sub.get(), sub.get(), random.nextBoolean(), random.nextBoolean(), Pos.NONE);
            case 5 -> new Expr.InList(sub.get(), list(d, 1), random.nextBoolean(), Pos.NONE);
            case 6 -> new Expr.Between(sub.get(), sub.get(), sub.get(), random.nextBoolean(), Pos.NONE);
            case 7 -> bin("||", sub.get(), sub.get());
            case 8 -> bin(random.nextBoolean() ? "+" : "-", sub.get(), sub.get());
            case 9 -> bin(pick(new String[] {"*", "/", "%"}), sub.get(), sub.get());
            case 10 -> new Expr.Unary(random.nextBoolean() ? "-" : "+", generate(d), Pos.NONE);
            case 11 -> new Expr.Cast(generate(d), pick(TYPES), Pos.NONE);
            case 12 -> {
                if (random.nextInt(4) == 0) {
                    yield new Expr.Call("count", List.of(), false, true, Pos.NONE);
                }
                List<Expr> args = list(d, 0);
                boolean distinct = !args.isEmpty() && random.nextInt(5) == 0;
                yield new Expr.Call(pick(new String[] {"f", "avg", "time_bucket", "first", "replace"}), args, distinct,
                        false, Pos.NONE);
            }
            default -> {
                List<Expr.When> whens = new ArrayList<>();
                for (int i = random.nextInt(3); i >= 0; i--) {
                    whens.add(new Expr.When(generate(d), generate(d)));
                }
                yield new Expr.Case(random.nextBoolean() ? generate(d) : null, whens,
                        random.nextBoolean() ? generate(d) : null, Pos.NONE);
            }
        };
    }

    private List<Expr> list(int depth, int min) {
        List<Expr> list = new ArrayList<>();
        int n = min + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            list.add(generate(depth));
        }
        return list;
    }

    private Expr leaf() {
        return switch (random.nextInt(9)) {
            case 0 -> new Expr.ColumnRef(null, pick(NAMES), Pos.NONE);
            case 1 -> new Expr.ColumnRef(pick(NAMES), pick(NAMES), Pos.NONE);
            case 2 -> new Expr.Literal((long) random.nextInt(1_000_000), Pos.NONE);
            case 3 -> new Expr.Literal(random.nextInt(100_000) / 8.0, Pos.NONE);
            case 4 -> new Expr.Literal(pick(new String[] {"", "x", "it's", "5m", "a;b", "--", "/*"}), Pos.NONE);
            case 5 -> new Expr.Literal(pick(new Object[] {true, false, null}), Pos.NONE);
            case 6 -> new Expr.TypedLiteral(pick(new String[] {"INTERVAL", "TIMESTAMP", "DATE"}), "1 hour", Pos.NONE);
            case 7 -> new Expr.Parameter(1 + random.nextInt(9), Pos.NONE);
            default -> new Expr.Call("now", List.of(), false, false, Pos.NONE);
        };
    }

    private static Expr bin(String op, Expr l, Expr r) {
        return Ast.bin(op, l, r);
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    // ------------------------------------------------------------------ printer

    private static int precedence(Expr e) {
        return switch (e) {
            case Expr.Logical l -> l.op().equals("OR") ? OR : AND;
            case Expr.Binary b -> switch (b.op()) {
                case "||" -> CONCAT;
                case "+", "-" -> ADD;
                case "*", "/", "%" -> MUL;
                default -> COMPARE;
            };
            case Expr.Unary u -> u.op().equals("NOT") ? NOT : UNARY;
            case Expr.IsNull i -> COMPARE;
            case Expr.Like l -> COMPARE;
            case Expr.InList i -> COMPARE;
            case Expr.Between b -> COMPARE;
            case Expr.Cast c -> CAST;
            case Expr.Literal l when l.value() instanceof Number -> PRIMARY;
            default -> PRIMARY;
        };
    }

    /** Prints e, in parentheses if it binds looser than the context requires. */
    private void print(Expr e, int minPrecedence) {
        boolean parens = precedence(e) < minPrecedence;
        if (parens) {
            word("(");
        }
        switch (e) {
            case Expr.Binary b -> {
                int p = precedence(b);
                print(b.left(), p);
                keyword(b.op());
                print(b.right(), p + 1);
            }
            case Expr.Logical l -> {
                // flat: operands never have the same op, so each prints without parentheses or
                // with them, and either way parses back to the same flat node
                int p = precedence(l);
                for (int i = 0; i < l.operands().size(); i++) {
                    if (i > 0) {
                        keyword(l.op());
                    }
                    print(l.operands().get(i), i == 0 ? p : p + 1);
                }
            }
            case Expr.Unary u -> {
                keyword(u.op());
                print(u.operand(), u.op().equals("NOT") ? NOT : UNARY);
            }
            case Expr.IsNull i -> {
                print(i.value(), COMPARE);
                keyword(i.negated() ? "IS NOT NULL" : "IS NULL");
            }
            case Expr.Like l -> {
                print(l.value(), COMPARE);
                keyword((l.negated() ? "NOT " : "") + (l.caseInsensitive() ? "ILIKE" : "LIKE"));
                print(l.pattern(), COMPARE + 1);
            }
            case Expr.InList i -> {
                print(i.value(), COMPARE);
                keyword(i.negated() ? "NOT IN" : "IN");
                list(i.list());
            }
            case Expr.Between b -> {
                print(b.value(), COMPARE);
                keyword(b.negated() ? "NOT BETWEEN" : "BETWEEN");
                print(b.low(), COMPARE + 1);
                keyword("AND");
                print(b.high(), COMPARE + 1);
            }
            case Expr.Cast c -> {
                if (random.nextBoolean()) {
                    print(c.value(), CAST);
                    word("::");
                    keyword(c.type());
                } else {
                    keyword("CAST");
                    word("(");
                    print(c.value(), 0);
                    keyword("AS");
                    keyword(c.type());
                    word(")");
                }
            }
            case Expr.Call c -> {
                word(c.name());
                word("(");
                if (c.star()) {
                    word("*");
                } else {
                    if (c.distinct()) {
                        keyword("DISTINCT");
                    }
                    commaSeparated(c.args());
                }
                word(")");
            }
            case Expr.Case c -> {
                keyword("CASE");
                if (c.operand() != null) {
                    print(c.operand(), 0);
                }
                for (Expr.When w : c.whens()) {
                    keyword("WHEN");
                    print(w.condition(), 0);
                    keyword("THEN");
                    print(w.result(), 0);
                }
                if (c.otherwise() != null) {
                    keyword("ELSE");
                    print(c.otherwise(), 0);
                }
                keyword("END");
            }
            case Expr.ColumnRef c -> word(c.qualifier() == null ? c.name() : c.qualifier() + "." + c.name());
            case Expr.Literal l -> word(switch (l.value()) {
                case null -> keywordCase("NULL");
                case String s -> "'" + s.replace("'", "''") + "'";
                case Boolean b -> keywordCase(b.toString());
                default -> l.value().toString();
            });
            case Expr.TypedLiteral t -> {
                keyword(t.type());
                word("'" + t.text() + "'");
            }
            case Expr.Parameter p -> word("$" + p.index());
            case Expr.Star s -> word("*");
            case Expr.InSubquery i -> throw new IllegalStateException("BUG: the generator makes no subqueries");
            case Expr.Exists x -> throw new IllegalStateException("BUG: the generator makes no subqueries");
            case Expr.ScalarSubquery q -> throw new IllegalStateException("BUG: the generator makes no subqueries");
        }
        if (parens) {
            word(")");
        }
    }

    private void list(List<Expr> items) {
        word("(");
        commaSeparated(items);
        word(")");
    }

    private void commaSeparated(List<Expr> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                word(",");
            }
            print(items.get(i), 0);
        }
    }

    private void keyword(String words) {
        word(keywordCase(words));
    }

    private String keywordCase(String words) {
        return switch (random.nextInt(3)) {
            case 0 -> words.toLowerCase(Locale.ROOT);
            case 1 -> words.toUpperCase(Locale.ROOT);
            default -> words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1).toLowerCase(Locale.ROOT);
        };
    }

    /** Appends a token, separated by one space, occasionally by a newline or a comment. */
    private void word(String token) {
        if (!out.isEmpty()) {
            int r = random.nextInt(20);
            out.append(r == 0 ? "\n" : r == 1 ? " /* c */ " : r == 2 ? " -- c\n" : " ");
        }
        out.append(token);
    }
}
