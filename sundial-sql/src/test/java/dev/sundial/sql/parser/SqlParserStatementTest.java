package dev.sundial.sql.parser;

import static dev.sundial.sql.parser.Ast.bin;
import static dev.sundial.sql.parser.Ast.call;
import static dev.sundial.sql.parser.Ast.col;
import static dev.sundial.sql.parser.Ast.item;
import static dev.sundial.sql.parser.Ast.lit;
import static dev.sundial.sql.parser.Ast.noPos;
import static dev.sundial.sql.parser.Ast.param;
import static dev.sundial.sql.parser.Ast.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.sql.parser.SelectQuery.OrderItem;
import dev.sundial.sql.parser.Statement.ColumnSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per statement kind: the AST of each, compared without positions. */
class SqlParserStatementTest {

    private static void assertAst(String sql, Object expected) {
        assertThat(noPos(SqlParser.parse(sql))).isEqualTo(noPos(expected));
    }

    private static SelectQuery select(List<SelectQuery.SelectItem> items, SelectQuery.FromItem from, Expr where) {
        return new SelectQuery(false, List.of(), items, from, where, List.of(), List.of(), null, List.of(), null, null,
                Pos.NONE);
    }

    private static SelectQuery.TableRef table(String name, String alias) {
        return new SelectQuery.TableRef(name, alias, Pos.NONE);
    }

    private static Map<String, String> options(String... keysAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    @Test
    void selectWithEveryClause() {
        SelectQuery q = query("""
                SELECT DISTINCT ON (host) host, avg(usage) AS u FROM cpu c
                WHERE timestamp >= '2024-01-01' LATEST BY host, region
                GROUP BY host, 2 HAVING count(*) > 1
                ORDER BY u DESC NULLS LAST, host LIMIT 10 OFFSET 5;""");
        SelectQuery expected = new SelectQuery(true, List.of(col("host")),
                List.of(item(col("host"), null), item(call("avg", col("usage")), "u")),
                table("cpu", "c"),
                bin(">=", col("timestamp"), lit("2024-01-01")),
                List.of(col("host"), col("region")),
                List.of(col("host"), lit(2L)),
                bin(">", new Expr.Call("count", List.of(), false, true, Pos.NONE), lit(1L)),
                List.of(new OrderItem(col("u"), true, false, Pos.NONE), new OrderItem(col("host"), false, null, Pos.NONE)),
                lit(10L), lit(5L), Pos.NONE);
        assertThat(noPos(q)).isEqualTo(noPos(expected));
    }

    @Test
    void aTableQualifiedByPublicIsTheTableAndOtherSchemasStayInItsName() {
        assertThat(noPos(query("SELECT * FROM public.cpu").from())).isEqualTo(noPos(table("cpu", null)));
        assertThat(noPos(query("SELECT * FROM PUBLIC.cpu AS c").from())).isEqualTo(noPos(table("cpu", "c")));
        assertThat(noPos(query("SELECT * FROM \"public\".\"Cpu\" c").from())).isEqualTo(noPos(table("Cpu", "c")));
        assertThat(noPos(query("SELECT * FROM pg_catalog.pg_type").from())).isEqualTo(noPos(table("pg_catalog.pg_type", null)));
    }

    @Test
    void selectWithoutFrom() {
        assertAst("SELECT 1", new Statement.Select(select(List.of(item(lit(1L), null)), null, null), Pos.NONE));
    }

    @Test
    void selectStarAndQualifiedStar() {
        SelectQuery q = query("SELECT *, t.* FROM cpu AS t");
        assertThat(q.items()).extracting(i -> noPos(i.expr()))
                .containsExactly(noPos(new Expr.Star(null, Pos.NONE)), noPos(new Expr.Star("t", Pos.NONE)));
        assertThat(noPos(q.from())).isEqualTo(noPos(table("cpu", "t")));
    }

    @Test
    void plainDistinct() {
        SelectQuery q = query("SELECT DISTINCT host FROM cpu");
        assertThat(q.distinct()).isTrue();
        assertThat(q.distinctOn()).isEmpty();
    }

    @Test
    void latestByRightAfterFromQuestDbStyle() {
        SelectQuery q = query("SELECT * FROM cpu LATEST BY host");
        assertThat(noPos(q.latestBy())).isEqualTo(noPos(List.of(col("host"))));
        assertThat(noPos(q.from())).isEqualTo(noPos(table("cpu", null)));
        SelectQuery filtered = query("SELECT * FROM cpu LATEST BY host WHERE region = 'eu'");
        assertThat(noPos(filtered.latestBy())).isEqualTo(noPos(List.of(col("host"))));
        assertThat(noPos(filtered.where())).isEqualTo(noPos(bin("=", col("region"), lit("eu"))));
    }

    @Test
    void limitAndOffsetInEitherOrder() {
        SelectQuery a = query("SELECT x FROM t LIMIT 3 OFFSET 4");
        SelectQuery b = query("SELECT x FROM t OFFSET 4 LIMIT 3");
        assertThat(noPos(a)).isEqualTo(noPos(b));
        assertThat(noPos(a.limit())).isEqualTo(noPos(lit(3L)));
        assertThat(noPos(a.offset())).isEqualTo(noPos(lit(4L)));
        SelectQuery offsetOnly = query("SELECT x FROM t OFFSET 4");
        assertThat(offsetOnly.limit()).isNull();
        assertThat(noPos(offsetOnly.offset())).isEqualTo(noPos(lit(4L)));
    }

    @Test
    void subqueryInFrom() {
        SelectQuery q = query("SELECT max(m) FROM (SELECT host, avg(v) AS m FROM cpu GROUP BY host) AS s");
        SelectQuery.Subquery sub = (SelectQuery.Subquery) q.from();
        assertThat(sub.alias()).isEqualTo("s");
        assertThat(((SelectQuery) sub.query()).groupBy()).hasSize(1);
        assertThat(((SelectQuery.Subquery) query("SELECT * FROM (SELECT 1) s").from()).alias()).isEqualTo("s");
        assertThat(((SelectQuery.Subquery) query("SELECT * FROM (SELECT 1)").from()).alias()).isNull();
    }

    @Test
    void implicitAliases() {
        SelectQuery q = query("SELECT v value, count(*) AS count, 1 AS \"Order\", 2 AS from FROM m t");
        assertThat(q.items()).extracting(SelectQuery.SelectItem::alias).containsExactly("value", "count", "Order", "from");
        assertThat(((SelectQuery.TableRef) q.from()).alias()).isEqualTo("t");
    }

    @Test
    void explainAndExplainAnalyze() {
        Statement e = SqlParser.parse("EXPLAIN SELECT 1");
        assertThat(e).isInstanceOfSatisfying(Statement.Explain.class, x -> {
            assertThat(x.analyze()).isFalse();
            assertThat(x.statement()).isInstanceOf(Statement.Select.class);
        });
        Statement a = SqlParser.parse("explain analyze DELETE FROM cpu");
        assertThat(a).isInstanceOfSatisfying(Statement.Explain.class, x -> {
            assertThat(x.analyze()).isTrue();
            assertThat(x.statement()).isInstanceOf(Statement.Delete.class);
        });
    }

    @Test
    void createTimeseriesTable() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("partition_by", "DAY");
        options.put("retention_raw", "30d");
        options.put("rollups", "1m");
        options.put("wal.sync", "batch");
        options.put("chunk_rows", "1000");
        options.put("ratio", "-0.5");
        options.put("compress", "true");
        assertAst("""
                CREATE TIMESERIES TABLE IF NOT EXISTS Cpu (
                  timestamp TIMESTAMP, host VARCHAR TAG, "Region" VARCHAR(32) TAG, usage DOUBLE PRECISION,
                  n BIGINT, ok BOOLEAN, note TEXT, rack SYMBOL, f FLOAT, i INT, b BOOL, s STRING,
                  tz TIMESTAMP WITH TIME ZONE, ii INTEGER
                ) WITH (partition_by = 'DAY', retention_raw = '30d', rollups = '1m', wal.sync = batch,
                        chunk_rows = 1000, ratio = -0.5, compress = TRUE)""",
                new Statement.CreateTable("cpu", true, List.of(
                        new ColumnSpec("timestamp", "TIMESTAMP", false, Pos.NONE),
                        new ColumnSpec("host", "VARCHAR", true, Pos.NONE),
                        new ColumnSpec("Region", "VARCHAR", true, Pos.NONE),
                        new ColumnSpec("usage", "DOUBLE", false, Pos.NONE),
                        new ColumnSpec("n", "BIGINT", false, Pos.NONE),
                        new ColumnSpec("ok", "BOOLEAN", false, Pos.NONE),
                        new ColumnSpec("note", "TEXT", false, Pos.NONE),
                        new ColumnSpec("rack", "VARCHAR", true, Pos.NONE),
                        new ColumnSpec("f", "FLOAT", false, Pos.NONE),
                        new ColumnSpec("i", "INT", false, Pos.NONE),
                        new ColumnSpec("b", "BOOL", false, Pos.NONE),
                        new ColumnSpec("s", "STRING", false, Pos.NONE),
                        new ColumnSpec("tz", "TIMESTAMPTZ", false, Pos.NONE),
                        new ColumnSpec("ii", "INTEGER", false, Pos.NONE)), options, Pos.NONE));
    }

    @Test
    void createPlainTableWithoutOptions() {
        assertAst("create table t (a double)", new Statement.CreateTable("t", false,
                List.of(new ColumnSpec("a", "DOUBLE", false, Pos.NONE)), Map.of(), Pos.NONE));
    }

    @Test
    void createTableOptionsKeepTheirOrder() {
        Statement.CreateTable c = (Statement.CreateTable) SqlParser.parse("CREATE TABLE t (a INT) WITH (z = 1, a = 2, m = 3)");
        assertThat(c.options().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void alterTableSet() {
        assertAst("ALTER TABLE cpu SET (retention_raw = '7d', Compression = gorilla)",
                new Statement.AlterTableSet("cpu", options("retention_raw", "7d", "compression", "gorilla"), Pos.NONE));
    }

    @Test
    void alterTableAddColumn() {
        assertAst("ALTER TABLE cpu ADD COLUMN IF NOT EXISTS dc VARCHAR TAG",
                new Statement.AlterTableAddColumn("cpu", new ColumnSpec("dc", "VARCHAR", true, Pos.NONE), true, Pos.NONE));
        assertAst("ALTER TABLE cpu ADD temp DOUBLE",
                new Statement.AlterTableAddColumn("cpu", new ColumnSpec("temp", "DOUBLE", false, Pos.NONE), false, Pos.NONE));
        // a column may be called "column"
        assertAst("ALTER TABLE cpu ADD column BIGINT",
                new Statement.AlterTableAddColumn("cpu", new ColumnSpec("column", "BIGINT", false, Pos.NONE), false, Pos.NONE));
    }

    @Test
    void dropTable() {
        assertAst("DROP TABLE IF EXISTS cpu;", new Statement.DropTable("cpu", true, Pos.NONE));
        assertAst("DROP TABLE \"My Table\"", new Statement.DropTable("My Table", false, Pos.NONE));
    }

    @Test
    void showTables() {
        assertAst("SHOW TABLES", new Statement.ShowTables(Pos.NONE));
    }

    @Test
    void maintenanceAndSessionSettings() {
        assertAst("CALL maintenance()", new Statement.Call("maintenance", Pos.NONE, Pos.NONE));
        assertAst("call Maintenance();", new Statement.Call("maintenance", Pos.NONE, Pos.NONE));
        assertAst("SHOW MAINTENANCE", new Statement.ShowMaintenance(Pos.NONE));
        Statement off = new Statement.SetSetting("rollups", "off", Pos.NONE, Pos.NONE, Pos.NONE);
        assertAst("SET rollups = off", off);
        assertAst("SET ROLLUPS TO off", off);
        assertAst("SET rollups TO 'off'", off);
        assertAst("SET rollups = on", new Statement.SetSetting("rollups", "on", Pos.NONE, Pos.NONE, Pos.NONE));
        assertAst("SET \"Rollups\" = DEFAULT", new Statement.SetSetting("Rollups", "DEFAULT", Pos.NONE, Pos.NONE, Pos.NONE));
        assertAst("SHOW rollups", new Statement.ShowSetting("rollups", Pos.NONE, Pos.NONE));
        assertAst("SHOW TABLES", new Statement.ShowTables(Pos.NONE));
    }

    @Test
    void describeInThreeSpellings() {
        Statement expected = new Statement.Describe("cpu", Pos.NONE);
        assertAst("DESCRIBE cpu", expected);
        assertAst("desc CPU", expected);
        assertAst("SHOW COLUMNS FROM cpu", expected);
    }

    @Test
    void insertWithAndWithoutColumns() {
        assertAst("INSERT INTO cpu (timestamp, host, usage) VALUES ('2024-01-01T00:00:00Z', 'a', 1.5), (?, ?, NULL)",
                new Statement.Insert("cpu", List.of("timestamp", "host", "usage"), List.of(
                        List.of(lit("2024-01-01T00:00:00Z"), lit("a"), lit(1.5)),
                        List.of(param(1), param(2), lit(null))), Pos.NONE));
        assertAst("INSERT INTO cpu VALUES (1, -2)", new Statement.Insert("cpu", List.of(),
                List.of(List.of(lit(1L), new Expr.Unary("-", lit(2L), Pos.NONE))), Pos.NONE));
    }

    @Test
    void deleteWithAndWithoutWhere() {
        assertAst("DELETE FROM cpu WHERE timestamp < now() - INTERVAL '30 days'",
                new Statement.Delete("cpu", bin("<", col("timestamp"),
                        bin("-", call("now"), new Expr.TypedLiteral("INTERVAL", "30 days", Pos.NONE))), Pos.NONE));
        assertAst("DELETE FROM cpu", new Statement.Delete("cpu", null, Pos.NONE));
    }

    @Test
    void scriptsSplitOnTopLevelSemicolons() {
        List<Statement> all = SqlParser.parseAll("""
                -- a script
                CREATE TABLE t (a INT);;
                INSERT INTO t VALUES (?);
                /* ; inside a comment */ SELECT 'a;b', ? FROM t;
                """);
        assertThat(all).hasSize(3);
        assertThat(all.get(0)).isInstanceOf(Statement.CreateTable.class);
        Statement.Select select = (Statement.Select) all.get(2);
        assertThat(noPos(select.query().items().get(0).expr())).isEqualTo(noPos(lit("a;b")));
        // ? numbering restarts in each statement
        assertThat(noPos(select.query().items().get(1).expr())).isEqualTo(noPos(param(1)));
        assertThat(select.pos().line()).isEqualTo(4);
        assertThat(SqlParser.parseAll("")).isEmpty();
        assertThat(SqlParser.parseAll(" ; ;")).isEmpty();
        assertThat(SqlParser.parseAll("SELECT 1")).hasSize(1);
    }

    @Test
    void keywordsAreSortedUpperCaseWords() {
        List<String> keywords = SqlParser.keywords();
        assertThat(keywords).contains("SELECT", "LATEST", "TIMESERIES", "INTERVAL", "CURRENT_TIMESTAMP").isSorted()
                .allMatch(k -> k.matches("[A-Z][A-Z0-9_]*")).doesNotHaveDuplicates();
    }
}
