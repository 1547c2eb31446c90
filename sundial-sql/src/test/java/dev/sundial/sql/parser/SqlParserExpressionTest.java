package dev.sundial.sql.parser;

import static dev.sundial.sql.parser.Ast.expr;
import static dev.sundial.sql.parser.Ast.noPos;
import static dev.sundial.sql.parser.Ast.query;
import static dev.sundial.sql.parser.Ast.sexp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expressions: precedence, literals, names that are keywords, parameters, positions. */
class SqlParserExpressionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            a OR b AND c                     => (OR a (AND b c))
            a AND b OR c                     => (OR (AND a b) c)
            NOT a AND b                      => (AND (NOT a) b)
            NOT a = b                        => (NOT (= a b))
            a OR NOT b OR c                  => (OR a (NOT b) c)
            a OR (b OR c) OR d               => (OR a b c d)
            (a AND b) AND (c OR d) AND e     => (AND a b (OR c d) e)
            a AND b OR c AND d OR e          => (OR (AND a b) (AND c d) e)
            a = 1 AND b <> 2                 => (AND (= a 1) (!= b 2))
            a != b                           => (!= a b)
            1 + 2 * 3                        => (+ 1 (* 2 3))
            (1 + 2) * 3                      => (* (+ 1 2) 3)
            1 - 2 - 3                        => (- (- 1 2) 3)
            8 / 4 % 3 * 2                    => (* (% (/ 8 4) 3) 2)
            -a * b                           => (* (- a) b)
            - -a                             => (- (- a))
            +a - -b                          => (- (+ a) (- b))
            -x::int                          => (- (:: x INT))
            x::int::text                     => (:: (:: x INT) TEXT)
            a || b || c                      => (|| (|| a b) c)
            'a' || 1 + 2                     => (|| 'a' (+ 1 2))
            a || b = c                       => (= (|| a b) c)
            a ~ 'x' AND b !~* 'y'            => (AND (~ a 'x') (!~* b 'y'))
            a ~* b || 'c'                    => (~* a (|| b 'c'))
            a !~ b                           => (!~ a b)
            a < b = true                     => (= (< a b) true)
            a BETWEEN 1 AND 2 AND b          => (AND (BETWEEN a 1 2) b)
            a NOT BETWEEN 1 + 1 AND 5 * 2    => (NOT BETWEEN a (+ 1 1) (* 5 2))
            a IS NULL OR b IS NOT NULL       => (OR (IS-NULL a) (IS-NOT-NULL b))
            a + 1 IS NULL                    => (IS-NULL (+ a 1))
            host LIKE 'web%' AND x ILIKE 'A' => (AND (LIKE host 'web%') (ILIKE x 'A'))
            host NOT LIKE 'a' || 'b'         => (NOT LIKE host (|| 'a' 'b'))
            host NOT ILIKE 'a'               => (NOT ILIKE host 'a')
            host IN ('a', 'b') OR y          => (OR (IN host ['a' 'b']) y)
            host NOT IN (1, 2 + 3)           => (NOT IN host [1 (+ 2 3)])
            CAST(a + 1 AS DOUBLE PRECISION)  => (:: (+ a 1) DOUBLE)
            CAST(a AS varchar(3))            => (:: a VARCHAR)
            x::timestamp without time zone   => (:: x TIMESTAMP)
            x::timestamptz                   => (:: x TIMESTAMPTZ)
            count(*)                         => count(*)
            count(DISTINCT host)             => count(DISTINCT host)
            sum(a * 2) / count(a)            => (/ sum((* a 2)) count(a))
            now()                            => now()
            current_timestamp - 1            => (- now() 1)
            CASE WHEN a > 1 THEN 'x' WHEN a < 0 THEN 'y' ELSE 'z' END => (CASE (WHEN (> a 1) 'x') (WHEN (< a 0) 'y') (ELSE 'z'))
            CASE host WHEN 'a' THEN 1 END    => (CASE host (WHEN 'a' 1))
            t.col + "Mixed Case".x           => (+ t.col Mixed Case.x)
            extract(epoch FROM ts) / 60      => (/ extract('epoch' ts) 60)
            EXTRACT(Hour FROM a + b)         => extract('hour' (+ a b))
            extract('DOW' FROM ts)           => extract('DOW' ts)
            floor(extract(epoch from ts)/60)*60 => (* floor((/ extract('epoch' ts) 60)) 60)
            ts AT TIME ZONE 'UTC'            => timezone('UTC' ts)
            ts AT TIME ZONE 'UTC' + i        => (+ timezone('UTC' ts) i)
            a * ts AT TIME ZONE z            => (* a timezone(z ts))
            -x AT TIME ZONE 'UTC'            => timezone('UTC' (- x))
            x::timestamp at time zone 'UTC' AT TIME ZONE 'Europe/Paris' => timezone('Europe/Paris' timezone('UTC' (:: x TIMESTAMP)))
            ts AT TIME ZONE 'UTC' = x        => (= timezone('UTC' ts) x)
            """)
    void precedenceAndShape(String text, String expected) {
        assertThat(sexp(text)).isEqualTo(expected);
    }

    @Test
    void literals() {
        assertThat(expr("42")).isEqualTo(new Expr.Literal(42L, new Pos(1, 8, 8)));
        assertThat(((Expr.Literal) expr("9223372036854775807")).value()).isEqualTo(Long.MAX_VALUE);
        assertThat(((Expr.Literal) expr("-9223372036854775808")).value()).isEqualTo(Long.MIN_VALUE);
        assertThat(((Expr.Literal) expr("007")).value()).isEqualTo(7L);
        assertThat(((Expr.Literal) expr("1.5")).value()).isEqualTo(1.5);
        assertThat(((Expr.Literal) expr(".5")).value()).isEqualTo(0.5);
        assertThat(((Expr.Literal) expr("1e3")).value()).isEqualTo(1000.0);
        assertThat(((Expr.Literal) expr("2.5E-3")).value()).isEqualTo(0.0025);
        assertThat(((Expr.Literal) expr("'it''s'")).value()).isEqualTo("it's");
        assertThat(((Expr.Literal) expr("''")).value()).isEqualTo("");
        assertThat(((Expr.Literal) expr("TRUE")).value()).isEqualTo(true);
        assertThat(((Expr.Literal) expr("false")).value()).isEqualTo(false);
        assertThat(((Expr.Literal) expr("NULL")).value()).isNull();
    }

    @Test
    void typedLiterals() {
        assertThat(noPos(expr("INTERVAL '1 hour'"))).isEqualTo(noPos(new Expr.TypedLiteral("INTERVAL", "1 hour", Pos.NONE)));
        assertThat(noPos(expr("timestamp '2024-01-01 00:00:00'")))
                .isEqualTo(noPos(new Expr.TypedLiteral("TIMESTAMP", "2024-01-01 00:00:00", Pos.NONE)));
        assertThat(noPos(expr("Date '2024-01-01'"))).isEqualTo(noPos(new Expr.TypedLiteral("DATE", "2024-01-01", Pos.NONE)));
        assertThat(noPos(expr("TIMESTAMPTZ 'x'"))).isEqualTo(noPos(new Expr.TypedLiteral("TIMESTAMPTZ", "x", Pos.NONE)));
    }

    @Test
    void integerOverflowIsAnErrorAtTheLiteral() {
        assertThatThrownBy(() -> SqlParser.parse("SELECT a + 9223372036854775808"))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("syntax error at line 1, column 12: integer '9223372036854775808'"
                            + " is out of range for BIGINT (-9223372036854775808 to 9223372036854775807)");
                    assertThat(e.position()).isEqualTo(12);
                });
        assertThatThrownBy(() -> SqlParser.parse("SELECT -9223372036854775809")).isInstanceOf(QueryException.class)
                .hasMessageContaining("column 9: integer");
        assertThatThrownBy(() -> SqlParser.parse("SELECT 1e400")).isInstanceOf(QueryException.class)
                .hasMessageContaining("out of range for DOUBLE");
    }

    @Test
    void keywordsUsableAsNames() {
        SelectQuery q = query("SELECT timestamp, value FROM m WHERE timestamp >= '2024-01-01'");
        assertThat(q.items()).extracting(i -> noPos(i.expr())).containsExactly(noPos(Ast.col("timestamp")), noPos(Ast.col("value")));
        assertThat(sexp("time_bucket('5m', timestamp)")).isEqualTo("time_bucket('5m' timestamp)");
        assertThat(sexp("first(value) + last(value)")).isEqualTo("(+ first(value) last(value))");
        assertThat(sexp("left(tag, 2) || right(key, 1) || replace(date, 'a', 'b')"))
                .isEqualTo("(|| (|| left(tag 2) right(key 1)) replace(date 'a' 'b'))");
        assertThat(sexp("time + interval + year + month + count + date + table + values + latest"))
                .isEqualTo("(+ (+ (+ (+ (+ (+ (+ (+ time interval) year) month) count) date) table) values) latest)");
        assertThat(sexp("count(timestamp)")).isEqualTo("count(timestamp)");
        assertThat(sexp("timestamp::date")).isEqualTo("(:: timestamp DATE)");
        for (String table : List.of("cpu", "mem", "temperature", "timestamp", "tag", "table", "value", "first")) {
            SelectQuery t = query("SELECT * FROM " + table + " WHERE value > 1");
            assertThat(((SelectQuery.TableRef) t.from()).name()).isEqualTo(table);
        }
        // a table alias that is a keyword, and LATEST as a name
        SelectQuery aliased = query("SELECT latest.value FROM cpu latest LATEST BY host");
        assertThat(((SelectQuery.TableRef) aliased.from()).alias()).isEqualTo("latest");
        assertThat(aliased.latestBy()).hasSize(1);
        Statement.CreateTable c = (Statement.CreateTable) SqlParser.parse(
                "CREATE TABLE tag (timestamp TIMESTAMP, tag VARCHAR TAG, value DOUBLE, time BIGINT, key TEXT)");
        assertThat(c.columns()).extracting(Statement.ColumnSpec::name).containsExactly("timestamp", "tag", "value", "time", "key");
    }

    @Test
    void namesFoldToLowerCaseUnlessQuoted() {
        assertThat(noPos(expr("Host"))).isEqualTo(noPos(Ast.col("host")));
        assertThat(noPos(expr("\"Host\""))).isEqualTo(noPos(Ast.col("Host")));
        assertThat(noPos(expr("\"a \"\"b\"\"\""))).isEqualTo(noPos(Ast.col("a \"b\"")));
        assertThat(noPos(expr("\"select\""))).isEqualTo(noPos(Ast.col("select")));
        assertThat(noPos(expr("NOW()"))).isEqualTo(noPos(Ast.call("now")));
        assertThat(noPos(expr("CPU.Usage"))).isEqualTo(noPos(Ast.col("cpu", "usage")));
        assertThat(noPos(expr("ÄÖ"))).isEqualTo(noPos(Ast.col("äö")));
    }

    @Test
    void parametersAreNumberedLeftToRight() {
        SelectQuery q = query("SELECT ?, f(?, ?) FROM t WHERE a = ? AND b IN (?, ?) LIMIT ? OFFSET ?");
        assertThat(sexp(q.items().get(1).expr())).isEqualTo("f($2 $3)");
        assertThat(sexp(q.where())).isEqualTo("(AND (= a $4) (IN b [$5 $6]))");
        assertThat(sexp(q.limit())).isEqualTo("$7");
        assertThat(sexp(q.offset())).isEqualTo("$8");
        SelectQuery swapped = query("SELECT ? FROM t OFFSET ? LIMIT ?");
        assertThat(sexp(swapped.offset())).isEqualTo("$2");
        assertThat(sexp(swapped.limit())).isEqualTo("$3");
        assertThat(sexp("$2 + $1 + $02")).isEqualTo("(+ (+ $2 $1) $2)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT ? + $1", "SELECT $1 + ?", "SELECT $0", "SELECT $65536", "SELECT $99999999999999999999"})
    void badParameters(String sql) {
        assertThatThrownBy(() -> SqlParser.parse(sql)).isInstanceOf(QueryException.class)
                .hasMessageStartingWith("syntax error at line 1, column ");
    }

    @Test
    void positionsOfNodes() {
        String sql = "SELECT a + b AS s,\n  count(*)\nFROM cpu\nWHERE x::int IS NOT NULL AND host IN ('a')";
        SelectQuery q = query(sql);
        Expr.Binary plus = (Expr.Binary) q.items().get(0).expr();
        assertThat(q.pos()).isEqualTo(new Pos(1, 1, 1));
        assertThat(q.items().get(0).pos()).isEqualTo(new Pos(1, 8, 8));
        assertThat(plus.pos()).isEqualTo(new Pos(1, 10, 10)); // the operator
        assertThat(plus.left().pos()).isEqualTo(new Pos(1, 8, 8));
        assertThat(plus.right().pos()).isEqualTo(new Pos(1, 12, 12));
        assertThat(q.items().get(1).expr().pos()).isEqualTo(new Pos(2, 3, 22));
        assertThat(q.from().pos()).isEqualTo(new Pos(3, 6, 36));
        Expr.Logical and = (Expr.Logical) q.where();
        assertThat(and.pos()).isEqualTo(new Pos(4, 26, 65)); // the (first) operator
        Expr.IsNull isNull = (Expr.IsNull) and.operands().get(0);
        Expr.Cast cast = (Expr.Cast) isNull.value();
        assertThat(cast.value().pos()).isEqualTo(new Pos(4, 7, 46));
        assertThat(cast.pos()).isEqualTo(new Pos(4, 8, 47));
        assertThat(isNull.pos()).isEqualTo(new Pos(4, 14, 53));
        Expr.InList in = (Expr.InList) and.operands().get(1);
        assertThat(in.value().pos()).isEqualTo(new Pos(4, 30, 69));
        assertThat(in.list().get(0).pos()).isEqualTo(new Pos(4, 39, 78));
        for (Pos p : List.of(plus.pos(), cast.pos(), in.list().get(0).pos())) {
            assertThat(p.offset()).isEqualTo(offsetOf(sql, p.line(), p.column()));
        }
    }

    @Test
    void positionsOfStatementsInAScript() {
        List<Statement> all = SqlParser.parseAll("SELECT 1;\n\n  DROP TABLE t;\nSHOW TABLES");
        assertThat(all).extracting(Statement::pos).containsExactly(new Pos(1, 1, 1), new Pos(3, 3, 14), new Pos(4, 1, 28));
    }

    @Test
    void deepButBoundedNestingParses() {
        String sql = "SELECT " + "(".repeat(NestingGuard.MAX_DEPTH - 1) + "1" + ")".repeat(NestingGuard.MAX_DEPTH - 1);
        assertThat(sexp(((Statement.Select) SqlParser.parse(sql)).query().items().get(0).expr())).isEqualTo("1");
        String cases = "SELECT " + "CASE WHEN a THEN ".repeat(150) + "1" + " END".repeat(150);
        assertThat(SqlParser.parse(cases)).isInstanceOf(Statement.Select.class);
    }

    @Test
    void longAndOrChainsAreFlatAtAnyLength() {
        int n = 50_000;
        Expr or = ((Statement.Select) SqlParser.parse("SELECT * FROM t WHERE " + "a = 1 OR ".repeat(n) + "b")).query().where();
        assertThat(or).isInstanceOfSatisfying(Expr.Logical.class, l -> {
            assertThat(l.op()).isEqualTo("OR");
            assertThat(l.operands()).hasSize(n + 1);
        });
        Expr mixed = Ast.expr("a AND b OR c AND d OR ".repeat(n / 10) + "e");
        assertThat(((Expr.Logical) mixed).operands()).hasSize(2 * (n / 10) + 1)
                .allSatisfy(e -> assertThat(sexp(e)).matches("\\(AND [ac] [bd]\\)|e"));
    }

    @Test
    void otherChainsDeeperThanTheLimitAreOneClearError() {
        int n = 50_000; // the parser folds these without recursion; the depth check refuses them
        for (String sql : List.of("SELECT " + "a + ".repeat(n) + "a", "SELECT x" + "::int".repeat(n),
                "SELECT a" + " = a".repeat(n), "SELECT a" + " || 'x'".repeat(n), "SELECT a" + " IS NULL".repeat(n))) {
            assertThatThrownBy(() -> SqlParser.parse(sql)).as(sql.substring(0, 20))
                    .isInstanceOf(QueryException.class)
                    .hasMessageStartingWith("expression too deeply nested: " + (n + 1) + " levels at line 1, column ")
                    .hasMessageContaining("(limit " + ExpressionDepth.MAX_DEPTH + ";")
                    .satisfies(e -> assertThat(((QueryException) e).position()).isPositive());
        }
        String atLimit = "SELECT " + "a + ".repeat(ExpressionDepth.MAX_DEPTH - 1) + "a";
        assertThat(SqlParser.parse(atLimit)).isInstanceOf(Statement.Select.class);
        assertThatThrownBy(() -> SqlParser.parse("SELECT " + "a + ".repeat(ExpressionDepth.MAX_DEPTH) + "a"))
                .hasMessageStartingWith("expression too deeply nested: " + (ExpressionDepth.MAX_DEPTH + 1) + " levels");
        // the depth counts every expression of a statement, wherever it is
        String deep = "a + ".repeat(ExpressionDepth.MAX_DEPTH) + "a";
        for (String sql : List.of("SELECT 1 FROM t WHERE " + deep + " > 0", "SELECT f(1, " + deep + ")",
                "SELECT 1 FROM t ORDER BY " + deep, "INSERT INTO t VALUES (1, " + deep + ")", "DELETE FROM t WHERE " + deep + " > 0",
                "SELECT * FROM (SELECT " + deep + " FROM t) s", "SELECT CASE WHEN x THEN " + deep + " END")) {
            assertThatThrownBy(() -> SqlParser.parse(sql)).as(sql.substring(0, 20)).isInstanceOf(QueryException.class)
                    .hasMessageStartingWith("expression too deeply nested");
        }
    }

    private static int offsetOf(String sql, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = sql.indexOf('\n', offset) + 1;
        }
        return offset + column;
    }
}
