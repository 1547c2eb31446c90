package dev.sundial.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sundial.QueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shapes the parser gives query composition: set operations with PostgreSQL's precedence and
 * n-ary chains, ORDER BY / LIMIT attached to the whole set operation, WITH, subquery expressions,
 * and the new reserved words never read as aliases.
 */
class SqlParserCompositionTest {
    private static QueryExpr query(String sql) {
        Statement s = SqlParser.parse(sql);
        return s instanceof Statement.Compound c ? c.query() : ((Statement.Select) s).query();
    }

    /** A compact text of the set operation tree: (UNION ALL s s s), a SELECT as s. */
    private static String shape(QueryExpr q) {
        return switch (q) {
            case SelectQuery s -> "s";
            case QueryExpr.With w -> "(WITH " + w.ctes().stream().map(QueryExpr.Cte::name).toList() + " " + shape(w.body()) + ")";
            case QueryExpr.SetOperation o -> "(" + o.op() + (o.all() ? " ALL" : "")
                    + o.inputs().stream().map(i -> " " + shape(i)).reduce("", String::concat) + (o.sorted() ? " sorted" : "") + ")";
        };
    }

    @Test
    void intersectBindsTighterAndChainsOfOneOperatorAreOneNode() {
        assertThat(shape(query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3"))).isEqualTo("(UNION s (INTERSECT s s))");
        assertThat(shape(query("SELECT 1 INTERSECT SELECT 2 UNION SELECT 3"))).isEqualTo("(UNION (INTERSECT s s) s)");
        assertThat(shape(query("SELECT 1 EXCEPT SELECT 2 EXCEPT SELECT 3"))).isEqualTo("(EXCEPT s s s)");
        assertThat(shape(query("SELECT 1 UNION ALL SELECT 2 UNION SELECT 3"))).isEqualTo("(UNION (UNION ALL s s) s)");
        assertThat(shape(query("SELECT 1 EXCEPT (SELECT 2 EXCEPT SELECT 3)"))).isEqualTo("(EXCEPT s (EXCEPT s s))");
        assertThat(shape(query("SELECT 1 UNION DISTINCT SELECT 2"))).isEqualTo("(UNION s s)");
    }

    @Test
    void orderByAndLimitApplyToTheWholeSetOperation() {
        QueryExpr.SetOperation o = (QueryExpr.SetOperation) query("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 DESC LIMIT 5 OFFSET 2");
        assertThat(o.orderBy()).hasSize(1);
        assertThat(o.limit()).isNotNull();
        assertThat(o.offset()).isNotNull();
        assertThat(((SelectQuery) o.inputs().get(1)).orderBy()).isEmpty();
        // a parenthesized input keeps its own
        o = (QueryExpr.SetOperation) query("(SELECT a FROM t ORDER BY a LIMIT 3) UNION ALL SELECT b FROM u");
        assertThat(((SelectQuery) o.inputs().get(0)).limit()).isNotNull();
        assertThat(o.sorted()).isFalse();
        // a plain SELECT is still a Statement.Select with its ORDER BY
        assertThat(SqlParser.parse("SELECT a FROM t ORDER BY a LIMIT 1")).isInstanceOf(Statement.Select.class);
        assertThat(((Statement.Select) SqlParser.parse("(SELECT a FROM t) ORDER BY a")).query().orderBy()).hasSize(1);
    }

    @Test
    void withDefinesNamesAndColumns() {
        QueryExpr.With w = (QueryExpr.With) query("WITH a (x, y) AS (SELECT 1, 2), b AS (SELECT x FROM a) SELECT * FROM b UNION SELECT 3");
        assertThat(w.ctes()).extracting(QueryExpr.Cte::name).containsExactly("a", "b");
        assertThat(w.ctes().get(0).columns()).containsExactly("x", "y");
        assertThat(shape(w)).isEqualTo("(WITH [a, b] (UNION s s))");
        QueryException e = catchThrowableOfType(QueryException.class, () -> SqlParser.parse("WITH RECURSIVE r AS (SELECT 1) SELECT 1"));
        assertThat(e.getMessage()).contains("column 6", "WITH RECURSIVE is not supported");
    }

    @Test
    void subqueryExpressions() {
        SelectQuery q = (SelectQuery) query("SELECT (SELECT max(v) FROM t), x NOT IN (SELECT y FROM u), NOT EXISTS (SELECT 1) FROM w");
        assertThat(q.items().get(0).expr()).isInstanceOf(Expr.ScalarSubquery.class);
        assertThat(((Expr.InSubquery) q.items().get(1).expr()).negated()).isTrue();
        assertThat(((Expr.Unary) q.items().get(2).expr()).operand()).isInstanceOf(Expr.Exists.class);
        // a list of values is still an IN list; a column may still be called exists
        assertThat(((SelectQuery) query("SELECT x IN ((SELECT 1), 2) FROM t")).items().get(0).expr()).isInstanceOf(Expr.InList.class);
        assertThat(((SelectQuery) query("SELECT exists FROM t")).items().get(0).expr()).isInstanceOf(Expr.ColumnRef.class);
    }

    @Test
    void setOperatorsAreNeverAliases() {
        QueryExpr.SetOperation o = (QueryExpr.SetOperation) query("SELECT avg(x) FROM t union SELECT 1 INTERSECT all SELECT 2 EXCEPT SELECT 3");
        assertThat(shape(o)).isEqualTo("(EXCEPT (UNION s (INTERSECT ALL s s)) s)");
        SelectQuery first = (SelectQuery) ((QueryExpr.SetOperation) o.inputs().get(0)).inputs().get(0);
        assertThat(first.items().get(0).alias()).isNull();
        assertThat(((SelectQuery.TableRef) first.from()).alias()).isNull();
        SelectQuery second = (SelectQuery) ((QueryExpr.SetOperation) query("SELECT x FROM t AS a UNION SELECT 1")).inputs().get(0);
        assertThat(((SelectQuery.TableRef) second.from()).alias()).isEqualTo("a");
        assertThat(((SelectQuery) query("SELECT 1 AS union")).items().get(0).alias()).isEqualTo("union");
        assertThat(((SelectQuery) query("SELECT all, recursive FROM t")).items()).hasSize(2);
        assertThat(List.of(SqlParser.keywords().contains("UNION"), SqlParser.keywords().contains("INTERSECT"))).containsOnly(true);
    }
}
