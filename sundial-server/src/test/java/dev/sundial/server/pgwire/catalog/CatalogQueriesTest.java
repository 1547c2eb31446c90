package dev.sundial.server.pgwire.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's recognition rules on a real database, without the wire: what goes to the engine,
 * what is answered, and what is refused.
 */
class CatalogQueriesTest {
    @TempDir
    Path dir;
    Sundial db;
    CatalogQueries q;
    LinkedHashMap<String, String> params = new LinkedHashMap<>();

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir);
        db.sql("CREATE TABLE cpu (timestamp TIMESTAMP, host VARCHAR TAG, usage DOUBLE)").close();
        db.sql("CREATE TABLE mem (timestamp TIMESTAMP, used BIGINT)").close();
        params.put("TimeZone", "UTC");
        q = new CatalogQueries(new ClientSession("alice", "metrics", 42, params, db.session()));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    static List<String> rows(PreparedQuery p, Object... params) {
        List<String> out = new ArrayList<>();
        try (QueryResult r = p.execute(params)) {
            while (r.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < r.columns().size(); i++) {
                    sb.append(i > 0 ? "|" : "").append(r.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    @Test
    void engineStatementsAreLeftToTheEngine() {
        for (String sql : List.of("SELECT 1", "SHOW rollups", "SHOW TABLES", "SELECT version FROM cpu", "SELECT 1 AS version",
                "SELECT host, max(usage) FROM cpu GROUP BY host", "INSERT INTO cpu VALUES ('2024-01-01T00:00:00Z', 'a', 1)", "")) {
            assertThat(q.prepare(sql)).as(sql).isNull();
        }
        assertThat(CatalogQueries.mayBeCatalog("INSERT INTO t VALUES ('pg_x')")).isFalse();
        assertThat(CatalogQueries.mayBeCatalog("/* c */ -- d\n  select * from pg_type")).isTrue();
        assertThat(CatalogQueries.mayBeCatalog("SELECT host FROM cpu")).isFalse();
        assertThat(CatalogQueries.mayBeCatalog("SHOW TimeZone")).isTrue();
        assertThat(q.prepare("SELECT $1234567 FROM pg_type")).as("left to the engine to report").isNull();
    }

    @Test
    void numbersThatAreNotWholeWhereOneIsNeededAreRefusedNotAnInternalError() {
        for (String sql : List.of("SELECT relname FROM pg_catalog.pg_class ORDER BY 1.5",
                "SELECT relname FROM pg_catalog.pg_class LIMIT 99999999999999999999")) {
            assertThatThrownBy(() -> rows(q.prepare(sql))).as(sql).isInstanceOf(UnsupportedCatalogQuery.class)
                    .hasMessageContaining("whole number");
        }
        assertThat(rows(q.prepare("SELECT relname FROM pg_catalog.pg_class WHERE relnamespace = 99999999999999999999"))).isEmpty();
        assertThat(rows(q.prepare("SELECT relname FROM pg_catalog.pg_class WHERE relnamespace = 2200 ORDER BY 1 LIMIT 1")))
                .containsExactly("cpu");
    }

    @Test
    void sessionFunctionsAndShow() {
        assertThat(rows(q.prepare("SELECT current_user, current_database(), pg_catalog.current_schema(), pg_backend_pid()")))
                .containsExactly("alice|metrics|public|42");
        assertThat(rows(q.prepare("show timezone"))).containsExactly("UTC");
        assertThat(rows(q.prepare("SELECT current_setting('server_version_num')::int / 100 AS v"))).containsExactly("1600");
        assertThatThrownBy(() -> q.prepare("SELECT current_setting('no_such_thing')")).isInstanceOf(UnsupportedCatalogQuery.class)
                .hasMessageContaining("no_such_thing");
        assertThatThrownBy(() -> q.prepare("SELECT version(), now()")).isInstanceOf(UnsupportedCatalogQuery.class);
        PreparedQuery app = q.prepare("SELECT current_setting('application_name')");
        assertThat(rows(app)).containsExactly("");
        params.put("application_name", "grafana"); // as SET application_name does on the connection
        assertThat(rows(app)).as("evaluated at each execution").containsExactly("grafana");
        assertThat(rows(q.prepare("SHOW application_name"))).containsExactly("grafana");
    }

    @Test
    void psqlPatternsSelectTables() {
        PreparedQuery p = q.prepare("""
                SELECT n.nspname as "Schema", c.relname as "Name",
                  CASE c.relkind WHEN 'r' THEN 'table' END as "Type", pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
                FROM pg_catalog.pg_class c
                     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace -- a comment
                WHERE c.relkind IN ('r','p','')
                  AND c.relname OPERATOR(pg_catalog.~) '^(c.*)$' COLLATE pg_catalog.default
                ORDER BY 1,2;""");
        assertThat(rows(p)).containsExactly("public|cpu|table|sundial");
    }

    @Test
    void oneRelationQueriesBindParametersAndDescribeWithoutThem() {
        PreparedQuery p = q.prepare("SELECT typname, typlen FROM pg_catalog.pg_type WHERE oid = $1");
        assertThat(p.parameterCount()).isEqualTo(1);
        assertThat(rows(p, 1186L)).containsExactly("interval|16");
        assertThat(rows(p, "19")).containsExactly("name|64");
        assertThat(rows(p, (Object) null)).as("Describe before Bind runs with NULL").isEmpty();
        assertThat(rows(q.prepare("SELECT column_name FROM information_schema.columns WHERE table_name IN ('mem', 'x')"
                + " ORDER BY ordinal_position DESC"))).containsExactly("used", "timestamp");
        assertThat(rows(q.prepare("SELECT relname FROM pg_class WHERE relname LIKE 'm%'"))).containsExactly("mem");
        assertThatThrownBy(() -> q.prepare("SELECT relfrozenxid FROM pg_class")).isInstanceOf(UnsupportedCatalogQuery.class)
                .hasMessageContaining("relfrozenxid");
    }

    /** DBeaver's forms: {@code alias.*} beside columns, boolean columns, {@code 1 = 1}; an alias of no relation is refused. */
    @Test
    void oneRelationQueriesTakeStarsBesideColumnsAndBooleanConditions() {
        PreparedQuery p = q.prepare("SELECT db.oid, db.* FROM pg_catalog.pg_database db WHERE 1 = 1 AND datallowconn AND NOT datistemplate");
        List<String> got = rows(p);
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).startsWith("16383|16383|metrics|");
        assertThat(rows(q.prepare("SELECT datname FROM pg_database WHERE datistemplate"))).isEmpty();
        assertThat(rows(q.prepare("SELECT datname FROM pg_database WHERE NOT datallowconn"))).isEmpty();
        assertThat(rows(q.prepare("SELECT r.rolname, r.rolcanlogin FROM pg_catalog.pg_roles r ORDER BY 1")))
                .containsExactly("alice|true", "sundial|false");
        assertThatThrownBy(() -> q.prepare("SELECT x.oid FROM pg_catalog.pg_database db")).isInstanceOf(UnsupportedCatalogQuery.class);
        assertThatThrownBy(() -> q.prepare("SELECT datname FROM pg_database WHERE 1 = 0")).isInstanceOf(UnsupportedCatalogQuery.class);
    }

    @Test
    void alwaysEmptyCatalogsGiveNoRowsOnlyWhereTheyDecide() {
        assertThat(rows(q.prepare("SELECT i.indexrelid, c.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c"
                + " ON c.oid = i.indrelid UNION ALL SELECT conname, NULL FROM pg_catalog.pg_constraint"))).isEmpty();
        assertThat(rows(q.prepare("SELECT c.relname FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i WHERE c.oid = i.inhparent")))
                .isEmpty();
        // a subquery in FROM or JOIN that is empty by the same rule (pgjdbc's getPrimaryKeys, getBestRowIdentifier)
        assertThat(rows(q.prepare("SELECT r.n FROM (SELECT con.conname AS n FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c"
                + " ON c.oid = con.conrelid) r ORDER BY 1"))).isEmpty();
        assertThat(rows(q.prepare("SELECT a.attname FROM pg_catalog.pg_attribute a JOIN (SELECT i.indrelid FROM pg_catalog.pg_index i) i"
                + " ON i.indrelid = a.attrelid"))).isEmpty();
        assertThatThrownBy(() -> q.prepare("SELECT r.relname FROM (SELECT c.relname FROM pg_catalog.pg_class c) r"))
                .as("a subquery with rows is not guessed empty").isInstanceOf(UnsupportedCatalogQuery.class);
        // a LEFT JOIN keeps pg_class's rows, with NULL for the empty catalog's columns
        assertThat(rows(q.prepare("SELECT c.relname, i.indexrelid FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_index i"
                + " ON i.indrelid = c.oid ORDER BY 1"))).containsExactly("cpu|null", "mem|null");
        // … but a LEFT JOIN of a catalog with rows is a join Sundial does not compute: refused
        assertThatThrownBy(() -> q.prepare("SELECT c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = c.relnamespace")).isInstanceOf(UnsupportedCatalogQuery.class).hasMessageContaining("pg_catalog.pg_class");
        // nor a condition on the empty catalog's columns
        assertThatThrownBy(() -> q.prepare("SELECT c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_index i"
                + " ON i.indrelid = c.oid WHERE i.indisprimary")).isInstanceOf(UnsupportedCatalogQuery.class);
    }

    @Test
    void tableOidsAreStableAndFollowTheLiveTables() throws Exception {
        PreparedQuery p = q.prepare("SELECT oid, relname FROM pg_catalog.pg_class ORDER BY relname");
        List<String> before = rows(p);
        assertThat(before).hasSize(2);
        db.sql("CREATE TABLE disk (timestamp TIMESTAMP, free BIGINT)").close();
        List<String> after = rows(p);
        assertThat(after).hasSize(3).contains(before.get(0), before.get(1));
        db.sql("DROP TABLE cpu").close();
        assertThat(rows(p)).hasSize(2).noneMatch(r -> r.endsWith("|cpu"));
    }

    @Test
    void tokensAreNormalizedWhateverTheLayout() {
        SqlTokens a = SqlTokens.of("SELECT  x.a,E'l1\\nl2' /* c */ FROM\n t -- end\n;");
        assertThat(a.normalized()).isEqualTo("select x.a, 'l1\nl2' from t");
        assertThat(SqlTokens.of("SELECT 'it''s', \"Mixed\"\"Q\" FROM t WHERE f(1) AND g IN ($2)").normalized())
                .isEqualTo("select 'it''s', \"Mixed\"\"Q\" from t where f(1) and g in ($2)");
        assertThat(SqlTokens.of("SELECT 'open")).isNull();
        assertThat(ClientQueries.quoteIdent("cpu_1")).isEqualTo("cpu_1");
        assertThat(ClientQueries.quoteIdent("Cpu")).isEqualTo("\"Cpu\"");
        assertThat(ClientQueries.parseIdent("public.\"My.T\"")).containsExactly("public", "My.T");
        assertThat(ClientQueries.parseIdent("CPU")).containsExactly("cpu");
        assertThat(ClientQueries.sizePretty(10_239)).isEqualTo("10239 bytes");
        assertThat(ClientQueries.sizePretty(10_240)).isEqualTo("10 kB");
        assertThat(ClientQueries.sizePretty(1_536 * 1024)).isEqualTo("1536 kB");
        assertThat(ClientQueries.sizePretty(25L << 20)).isEqualTo("25 MB");
    }
}
