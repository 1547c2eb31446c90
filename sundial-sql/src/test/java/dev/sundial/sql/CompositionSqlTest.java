package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.Sundial;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WITH, set operations and subquery expressions on a small fixed table: results that pin the
 * semantics (NULLs in IN, a WITH query read twice, ORDER BY over a UNION, type unification), the
 * error messages of each mistake, and the operators EXPLAIN shows. {@code CompositionDifferentialTest}
 * covers the same constructs on random data against DuckDB.
 */
class CompositionSqlTest {
    @TempDir
    Path dir;

    private Sundial db;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir);
        drain("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT) WITH (partition_by='day')");
        drain("INSERT INTO cpu (ts, host, v, n) VALUES (1, 'a', 1.5, 1), (2, 'a', 2.5, 2), (3, 'b', NULL, 3), (4, 'c', 4.0, NULL)");
        drain("CREATE TIMESERIES TABLE mem (ts TIMESTAMP, host VARCHAR TAG, used BIGINT) WITH (partition_by='day')");
        drain("INSERT INTO mem (ts, host, used) VALUES (1, 'a', 10), (2, 'b', 20), (3, NULL, 30)");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void drain(String sql) {
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }

    private List<String> rows(String sql) {
        List<String> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            List<ResultColumn> cols = r.columns();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < cols.size(); i++) {
                    row.add(r.isNull(i) ? "NULL" : r.getString(i));
                }
                out.add(String.join("|", row));
            }
        }
        return out;
    }

    private List<ResultColumn> columns(String sql) {
        try (QueryResult r = db.sql(sql)) {
            return r.columns();
        }
    }

    private QueryException error(String sql) {
        QueryException e = catchThrowableOfType(QueryException.class, () -> drain(sql));
        assertThat(e).as("expected an error for %s", sql).isNotNull();
        assertThat(rows("SELECT count(*) FROM cpu")).containsExactly("4"); // still answers
        return e;
    }

    // ---- WITH

    @Test
    void withQueriesChainShadowTablesAndRenameColumns() {
        assertThat(rows("WITH a AS (SELECT host, v FROM cpu WHERE v > 2), b (h, x) AS (SELECT host, v * 2 FROM a) "
                + "SELECT h, x FROM b ORDER BY h")).containsExactly("a|5.0", "c|8.0");
        // a WITH query named like a table shadows it
        assertThat(rows("WITH cpu AS (SELECT 42 AS n) SELECT n FROM cpu")).containsExactly("42");
        assertThat(rows("WITH x AS (SELECT host FROM cpu) SELECT x.host FROM x AS x WHERE x.host = 'b'")).containsExactly("b");
    }

    @Test
    void aWithQueryReadTwiceGivesTheSameRowsBothTimes() {
        assertThat(rows("WITH s AS (SELECT host, n FROM cpu ORDER BY n DESC LIMIT 2) "
                + "SELECT host, n FROM s UNION ALL SELECT host, n FROM s ORDER BY 2, 1"))
                .containsExactly("b|3", "b|3", "c|NULL", "c|NULL"); // DESC puts NULLs first
        assertThat(rows("WITH m AS (SELECT max(n) AS top FROM cpu) SELECT host FROM cpu WHERE n = (SELECT top FROM m) "
                + "UNION SELECT 'x' FROM m")).containsExactlyInAnyOrder("b", "x");
    }

    @Test
    void withQueriesNestInSubqueriesAndInnerNamesShadowOuterOnes() {
        assertThat(rows("WITH a AS (SELECT 1 AS x) SELECT (WITH a AS (SELECT 2 AS x) SELECT x FROM a), x FROM a")).containsExactly("2|1");
        assertThat(rows("SELECT s.x FROM (WITH a AS (SELECT 3 AS x) SELECT x FROM a) s")).containsExactly("3");
        // read by the main query and by a subquery that runs while the statement is analyzed: computed once
        assertThat(rows("WITH h AS (SELECT DISTINCT host FROM cpu) SELECT host FROM h WHERE host IN (SELECT host FROM h WHERE host <> 'c') "
                + "ORDER BY host")).containsExactly("a", "b");
    }

    @Test
    void parametersReachSubqueriesAndSetOperations() {
        List<String> out = new ArrayList<>();
        try (QueryResult r = db.sql("SELECT host FROM cpu WHERE n IN (SELECT n FROM cpu WHERE n > $1) UNION SELECT 'p' || $1 ORDER BY 1", 1L)) {
            while (r.next()) {
                out.add(r.getString(0));
            }
        }
        assertThat(out).containsExactly("a", "b", "p1");
    }

    // ---- set operations

    @Test
    void setOperationsFollowPostgresqlPrecedenceAndDuplicates() {
        assertThat(rows("SELECT host FROM cpu UNION SELECT host FROM mem ORDER BY host")).containsExactly("a", "b", "c", "NULL");
        assertThat(rows("SELECT host FROM cpu UNION ALL SELECT host FROM mem ORDER BY 1 NULLS FIRST"))
                .containsExactly("NULL", "a", "a", "a", "b", "b", "c");
        assertThat(rows("SELECT host FROM cpu INTERSECT SELECT host FROM mem ORDER BY host")).containsExactly("a", "b");
        assertThat(rows("SELECT host FROM cpu INTERSECT ALL SELECT host FROM cpu WHERE n < 3 ORDER BY host")).containsExactly("a", "a");
        assertThat(rows("SELECT host FROM cpu EXCEPT SELECT host FROM mem")).containsExactly("c");
        assertThat(rows("SELECT host FROM cpu EXCEPT ALL SELECT host FROM mem ORDER BY host")).containsExactly("a", "c");
        // INTERSECT binds tighter: c ∪ (a ∩ b)
        assertThat(rows("SELECT 'c' UNION SELECT host FROM cpu INTERSECT SELECT host FROM mem ORDER BY 1")).containsExactly("a", "b", "c");
        assertThat(rows("(SELECT 'c' UNION SELECT host FROM cpu) INTERSECT SELECT host FROM mem ORDER BY 1")).containsExactly("a", "b");
        // NULL rows match NULL rows
        assertThat(rows("SELECT host FROM mem INTERSECT SELECT NULL")).containsExactly("NULL");
        assertThat(rows("SELECT host FROM cpu UNION SELECT host FROM mem ORDER BY host DESC LIMIT 2 OFFSET 1")).containsExactly("c", "b");
    }

    @Test
    void setOperationColumnsTakeTheCommonType() {
        List<ResultColumn> cols = columns("SELECT n, NULL AS x FROM cpu UNION SELECT v, 'text' FROM cpu");
        assertThat(cols.get(0).type()).isEqualTo(SqlType.DOUBLE);
        assertThat(cols.get(0).name()).isEqualTo("n");
        assertThat(cols.get(1).type()).isEqualTo(SqlType.VARCHAR);
        assertThat(rows("SELECT 1 UNION SELECT 1.0 UNION SELECT NULL ORDER BY 1")).containsExactly("1.0", "NULL");
    }

    // ---- subquery expressions

    @Test
    void inAndNotInFollowSqlNullSemantics() {
        assertThat(rows("SELECT ts FROM cpu WHERE host IN (SELECT host FROM mem) ORDER BY ts")).containsExactly(
                rows("SELECT ts FROM cpu WHERE host IN ('a', 'b') ORDER BY ts").toArray(new String[0]));
        // mem.host holds a NULL: NOT IN is never true
        assertThat(rows("SELECT ts FROM cpu WHERE host NOT IN (SELECT host FROM mem)")).isEmpty();
        assertThat(rows("SELECT ts FROM cpu WHERE host NOT IN (SELECT host FROM mem WHERE host IS NOT NULL)")).hasSize(1);
        // over no rows: IN is false and NOT IN true, even for a NULL
        assertThat(rows("SELECT NULL IN (SELECT host FROM mem WHERE used > 100), NULL NOT IN (SELECT host FROM mem WHERE used > 100)"))
                .containsExactly("false|true");
        assertThat(rows("SELECT 'zz' IN (SELECT host FROM mem), 'a' IN (SELECT host FROM mem)")).containsExactly("NULL|true");
        // BIGINT against DOUBLE values
        assertThat(rows("SELECT host FROM cpu WHERE v IN (SELECT used / 5 FROM mem) ORDER BY host")).containsExactly("c");
    }

    @Test
    void existsAndScalarSubqueries() {
        assertThat(rows("SELECT EXISTS (SELECT 1 FROM mem WHERE used > 25), NOT EXISTS (SELECT 1 FROM mem WHERE used > 25)"))
                .containsExactly("true|false");
        assertThat(rows("SELECT host, (SELECT max(used) FROM mem) - n FROM cpu WHERE n = (SELECT min(n) FROM cpu)"))
                .containsExactly("a|29");
        assertThat(rows("SELECT (SELECT used FROM mem WHERE used > 100)")).containsExactly("NULL");
        // a scalar subquery bounds the time range like a literal
        assertThat(rows("SELECT count(*) FROM cpu WHERE ts > (SELECT max(ts) FROM mem)")).containsExactly("1");
    }

    @Test
    void correlatedExistsInAndScalarSubqueriesRunPerOuterValue() {
        assertThat(rows("SELECT ts FROM cpu c WHERE EXISTS (SELECT 1 FROM mem m WHERE m.host = c.host) ORDER BY ts"))
                .containsExactly(rows("SELECT ts FROM cpu WHERE host IN ('a', 'b') ORDER BY ts").toArray(new String[0]));
        assertThat(rows("SELECT ts FROM cpu c WHERE NOT EXISTS (SELECT 1 FROM mem m WHERE m.host = c.host) ORDER BY ts"))
                .hasSize(1);
        assertThat(rows("SELECT host, (SELECT sum(used) FROM mem WHERE mem.host = cpu.host) FROM cpu ORDER BY ts"))
                .containsExactly("a|10", "a|10", "b|20", "c|NULL");
        assertThat(rows("SELECT ts FROM cpu WHERE n IN (SELECT used / 10 FROM mem WHERE mem.host = cpu.host) ORDER BY ts"))
                .containsExactly(rows("SELECT ts FROM cpu WHERE n = 1").toArray(new String[0]));
    }

    // ---- errors

    @Test
    void mistakesGetClearErrors() {
        assertThat(error("SELECT host, n FROM cpu UNION SELECT host FROM mem").getMessage())
                .contains("each UNION query must have the same number of columns: the first has 2, query 2 has 1");
        assertThat(error("SELECT n FROM cpu EXCEPT SELECT host FROM mem").getMessage())
                .contains("EXCEPT types BIGINT and VARCHAR cannot be matched in column 1");
        assertThat(error("SELECT (SELECT used FROM mem)").getMessage())
                .contains("more than one row returned by a subquery used as an expression");
        assertThat(error("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r").getMessage())
                .contains("WITH RECURSIVE is not supported");
        assertThat(error("WITH x AS (SELECT host FROM cpu) SELECT x.nope FROM x").getMessage())
                .contains("column \"x.nope\" does not exist in WITH query \"x\"");
        assertThat(error("WITH x (a, b) AS (SELECT host FROM cpu) SELECT * FROM x").getMessage())
                .contains("WITH query \"x\" has 1 columns available but 2 columns specified");
        assertThat(error("SELECT 1 WHERE 1 IN (SELECT 1, 2)").getMessage()).contains("subquery has too many columns");
        assertThat(error("SELECT host, count(*) FROM cpu GROUP BY host HAVING count(*) > (SELECT count(*) FROM mem m WHERE m.host = cpu.host)")
                .getMessage()).contains("correlated subqueries are not supported in an aggregated query: the subquery uses outer column cpu.host");
        assertThat(error("SELECT 1 UNION SELECT 2 ORDER BY 3").getMessage()).contains("ORDER BY position 3 is not in the UNION result");
        assertThat(error("DELETE FROM cpu WHERE host IN (SELECT host FROM mem)").getMessage())
                .contains("subqueries are only supported in SELECT statements");
        assertThat(error("WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a").getMessage())
                .contains("WITH query name \"a\" specified more than once");
        StringBuilder deep = new StringBuilder("SELECT 1");
        for (int i = 0; i < 120; i++) {
            deep.append(i % 2 == 0 ? " UNION SELECT 1" : " EXCEPT SELECT 2");
        }
        assertThat(error(deep.toString()).getMessage()).contains("set operations nested too deeply");
        // a long chain of one operator is one node, however long
        assertThat(rows("SELECT 1" + " UNION ALL SELECT 1".repeat(2000) + " ORDER BY 1 LIMIT 1")).containsExactly("1");
    }

    // ---- EXPLAIN

    @Test
    void explainShowsTheNewOperators() {
        String plan = String.join("\n", rows("EXPLAIN SELECT host FROM cpu UNION ALL SELECT host FROM mem"));
        assertThat(plan).contains("Append (UNION ALL) of 2 inputs");
        plan = String.join("\n", rows("EXPLAIN SELECT host FROM cpu UNION SELECT host FROM mem"));
        assertThat(plan).contains("Distinct on 1 column(s)", "Append (UNION ALL) of 2 inputs");
        plan = String.join("\n", rows("EXPLAIN SELECT host FROM cpu INTERSECT ALL SELECT host FROM mem"));
        assertThat(plan).contains("HashSetOp INTERSECT ALL of 2 inputs");
        plan = String.join("\n", rows("EXPLAIN SELECT host FROM cpu EXCEPT SELECT host FROM mem"));
        assertThat(plan).contains("HashSetOp EXCEPT of 2 inputs");
        plan = String.join("\n", rows("EXPLAIN WITH s AS (SELECT host FROM cpu) SELECT * FROM s UNION SELECT * FROM s"));
        assertThat(plan).contains("CTE Scan s (materialized once");
        // the IN subquery ran before planning: the scan prunes through the tag index
        plan = String.join("\n", rows("EXPLAIN SELECT * FROM cpu WHERE host IN (SELECT host FROM mem WHERE used = 10)"));
        assertThat(plan).contains("series: 1 of 3 (tag index");
    }
}
