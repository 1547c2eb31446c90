package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joins on small hand-made tables: results of each kind (USING's merged columns, ASOF with and
 * without tolerance, QuestDB's implied form), EXPLAIN's operator and per-side pruning, and the
 * error messages (ambiguous column, unknown qualifier, memory limit, ASOF without a time
 * inequality). Each test owns a fresh database.
 */
class JoinSqlTest {
    @TempDir
    Path dir;

    private Sundial db;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(false));
        run("CREATE TIMESERIES TABLE trades (ts TIMESTAMP, sym VARCHAR TAG, px DOUBLE)");
        run("CREATE TIMESERIES TABLE quotes (ts TIMESTAMP, sym VARCHAR TAG, bid DOUBLE)");
        run("INSERT INTO trades (ts, sym, px) VALUES (10, 'a', 1.0), (20, 'a', 2.0), (25, 'b', 3.0), (5, 'a', 0.5), (30, 'c', 4.0)");
        run("INSERT INTO quotes (ts, sym, bid) VALUES (8, 'a', 10.0), (20, 'a', 20.0), (1, 'b', 30.0), (24, 'b', 31.0)");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private List<String> run(String sql) {
        List<String> rows = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < r.columns().size(); i++) {
                    b.append(i > 0 ? "|" : "").append(r.isNull(i) ? "null" : r.getString(i));
                }
                rows.add(b.toString());
            }
        }
        return rows;
    }

    private String error(String sql) {
        QueryException e = catchThrowableOfType(QueryException.class, () -> run(sql));
        assertThat(e).as("expected an error for %s", sql).isNotNull();
        assertThat(run("SELECT count(*) FROM trades")).containsExactly("5"); // still answers
        return e.getMessage();
    }

    @Test
    void innerLeftRightFullAndUsing() {
        assertThat(run("SELECT t.sym, t.px, q.bid FROM trades t JOIN quotes q ON t.sym = q.sym AND t.ts = q.ts ORDER BY 1, 2"))
                .containsExactly("a|2.0|20.0");
        assertThat(run("SELECT t.px, q.bid FROM trades t LEFT JOIN quotes q ON t.sym = q.sym AND t.ts = q.ts ORDER BY 1"))
                .containsExactly("0.5|null", "1.0|null", "2.0|20.0", "3.0|null", "4.0|null");
        assertThat(run("SELECT t.px, q.bid FROM trades t RIGHT OUTER JOIN quotes q ON t.sym = q.sym AND t.ts = q.ts ORDER BY 2"))
                .containsExactly("null|10.0", "2.0|20.0", "null|30.0", "null|31.0");
        assertThat(run("SELECT sym, ts, px, bid FROM trades FULL JOIN quotes USING (sym, ts) ORDER BY sym, ts"))
                .containsExactly("a|1970-01-01T00:00:00.000000005Z|0.5|null", "a|1970-01-01T00:00:00.000000008Z|null|10.0",
                        "a|1970-01-01T00:00:00.000000010Z|1.0|null", "a|1970-01-01T00:00:00.000000020Z|2.0|20.0",
                        "b|1970-01-01T00:00:00.000000001Z|null|30.0", "b|1970-01-01T00:00:00.000000024Z|null|31.0",
                        "b|1970-01-01T00:00:00.000000025Z|3.0|null", "c|1970-01-01T00:00:00.000000030Z|4.0|null");
        // USING merges: SELECT * shows sym and ts once, then the other columns of each side
        try (QueryResult r = db.sql("SELECT * FROM trades JOIN quotes USING (sym, ts)")) {
            assertThat(r.columns().stream().map(c -> c.name()).toList()).containsExactly("sym", "ts", "px", "bid");
        }
        try (QueryResult r = db.sql("SELECT q.*, t.px FROM trades t CROSS JOIN quotes q")) {
            assertThat(r.columns().stream().map(c -> c.name()).toList()).containsExactly("ts", "sym", "bid", "px");
        }
        assertThat(run("SELECT count(*) FROM trades, quotes")).containsExactly("20");
        assertThat(run("SELECT count(*) FROM trades t, quotes q WHERE t.sym = q.sym")).containsExactly("8");
        assertThat(run("SELECT t.px, q.bid FROM trades t JOIN quotes q ON t.sym = q.sym AND q.ts > t.ts ORDER BY 1, 2"))
                .containsExactly("0.5|10.0", "0.5|20.0", "1.0|20.0");
        assertThat(run("SELECT count(*) FROM (trades t JOIN quotes q USING (sym)) JOIN (SELECT sym AS s FROM trades) x ON x.s = sym"))
                .containsExactly("20");
    }

    @Test
    void asofJoin() {
        String on = " ON t.sym = q.sym AND t.ts >= q.ts";
        assertThat(run("SELECT t.ts, t.sym, q.bid FROM trades t ASOF JOIN quotes q" + on + " ORDER BY t.sym, t.ts"))
                .containsExactly("1970-01-01T00:00:00.000000010Z|a|10.0", "1970-01-01T00:00:00.000000020Z|a|20.0",
                        "1970-01-01T00:00:00.000000025Z|b|31.0");
        assertThat(run("SELECT t.px, q.bid FROM trades t ASOF LEFT JOIN quotes q" + on + " ORDER BY t.px"))
                .containsExactly("0.5|null", "1.0|10.0", "2.0|20.0", "3.0|31.0", "4.0|null");
        assertThat(run("SELECT t.px, q.bid FROM trades t ASOF LEFT JOIN quotes q ON t.sym = q.sym AND t.ts > q.ts ORDER BY t.px"))
                .containsExactly("0.5|null", "1.0|10.0", "2.0|10.0", "3.0|31.0", "4.0|null");
        // a match 2 ns old is within a tolerance of 2 ns, not of 1 ns
        assertThat(run("SELECT t.px, q.bid FROM trades t ASOF LEFT JOIN quotes q" + on + " TOLERANCE INTERVAL '2 nanoseconds' ORDER BY t.px"))
                .containsExactly("0.5|null", "1.0|10.0", "2.0|20.0", "3.0|31.0", "4.0|null");
        assertThat(run("SELECT t.px, q.bid FROM trades t ASOF JOIN quotes q" + on + " TOLERANCE INTERVAL '1 nanosecond' ORDER BY t.px"))
                .containsExactly("2.0|20.0", "3.0|31.0");
        // QuestDB's form: the tables' timestamps implied
        assertThat(run("SELECT t.px, q.bid FROM trades t ASOF JOIN quotes q ON (sym) ORDER BY t.px"))
                .containsExactly("1.0|10.0", "2.0|20.0", "3.0|31.0");
        assertThat(run("SELECT t.px, q.bid FROM trades t ASOF LEFT JOIN quotes q ORDER BY t.px"))
                .containsExactly("0.5|30.0", "1.0|10.0", "2.0|20.0", "3.0|31.0", "4.0|31.0"); // no keys: any symbol
    }

    @Test
    void explainShowsJoinAndPruningOfEachSide() {
        String plan = String.join("\n", run("EXPLAIN SELECT t.px, q.bid FROM trades t ASOF JOIN quotes q ON t.sym = q.sym AND t.ts >= q.ts"
                + " TOLERANCE INTERVAL '1 second' WHERE t.sym = 'a' AND t.ts >= TIMESTAMP '1970-01-01 00:00:00.000000010'"));
        assertThat(plan).contains("AsofJoin ASOF JOIN keys=[sym = sym] time: ts >= ts tolerance=");
        // the left side is pruned by the time range and the tag; the right by the tag the key equality implies
        assertThat(plan).contains("time range: [1970-01-01T00:00:00.000000010Z, +inf)");
        assertThat(plan.split("series: 1 of ", -1)).hasSize(3);
        String hash = String.join("\n", run("EXPLAIN SELECT * FROM trades t LEFT JOIN quotes q ON t.sym = q.sym AND q.bid > t.px"));
        assertThat(hash).contains("HashJoin LEFT JOIN keys=[sym = sym] filter=");
        // an ON conjunct on the NULL-extended side filters it first (its scan prunes); one on the preserved side cannot
        String on = String.join("\n", run("EXPLAIN SELECT * FROM trades t LEFT JOIN quotes q ON t.sym = q.sym AND q.sym = 'a'"
                + " AND t.sym = 'b'"));
        assertThat(on).contains("series: 3 of 3", "series: 1 of 2", "filter=sym = 'b'");
        assertThat(run("SELECT t.px, q.bid FROM trades t LEFT JOIN quotes q ON t.sym = q.sym AND q.sym = 'a' AND t.sym = 'b'"
                + " ORDER BY 1")).containsExactly("0.5|null", "1.0|null", "2.0|null", "3.0|null", "4.0|null");
    }

    @Test
    void errors() {
        assertThat(error("SELECT sym FROM trades t JOIN quotes q ON t.sym = q.sym")).contains("column reference \"sym\" is ambiguous");
        assertThat(error("SELECT x.sym FROM trades t JOIN quotes q ON t.sym = q.sym"))
                .contains("missing FROM-clause entry for table \"x\"");
        assertThat(error("SELECT x.* FROM trades t JOIN quotes q ON t.sym = q.sym")).contains("missing FROM-clause entry for table \"x\"");
        assertThat(error("SELECT * FROM trades t ASOF JOIN quotes q ON t.sym = q.sym"))
                .contains("ASOF JOIN needs a time inequality in ON, e.g. a.ts >= b.ts");
        assertThat(error("SELECT * FROM trades t ASOF JOIN quotes q ON t.sym = q.sym AND t.ts <= q.ts"))
                .contains("write the time condition as left >= right");
        assertThat(error("SELECT * FROM trades t JOIN quotes q")).contains("JOIN needs ON condition or USING");
        assertThat(error("SELECT * FROM trades NATURAL JOIN quotes")).contains("NATURAL JOIN is not supported");
        assertThat(error("SELECT * FROM trades JOIN trades ON true")).contains("table name \"trades\" specified more than once");
        assertThat(error("SELECT * FROM trades JOIN quotes USING (px)"))
                .contains("column \"px\" specified in USING clause does not exist in right table");
    }

    @Test
    void buildSideOverTheMemoryLimitFailsNamingTheSetting() throws Exception {
        db.close();
        db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(false).withQueryMemoryBytes(1 << 20));
        StringBuilder ins = new StringBuilder("INSERT INTO quotes (ts, sym, bid) VALUES ");
        for (int i = 0; i < 60_000; i++) {
            ins.append(i > 0 ? ", " : "").append('(').append(1000 + i).append(", 's").append(i % 7).append("', 1.5)");
        }
        run(ins.toString());
        assertThat(error("SELECT count(*) FROM trades t JOIN quotes q ON t.px = q.bid"))
                .contains("query needs more memory than its limit of 1 MiB", "hash join's build side",
                        "limits.query_memory_bytes on a server, SundialOptions.queryMemoryBytes embedded");
    }
}
