package dev.sundial.sql;

import static org.assertj.core.api.Assertions.fail;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of query composition against DuckDB (in process): WITH (chains, a WITH query
 * read twice, column lists, aggregates over a WITH query), UNION / INTERSECT / EXCEPT with and
 * without ALL, nested with and without parentheses (PostgreSQL precedence: INTERSECT first), ORDER
 * BY / LIMIT / OFFSET over a set operation, BIGINT with DOUBLE and NULL columns unified, and
 * subquery expressions: [NOT] IN over values with NULLs, [NOT] EXISTS and scalar subqueries, both
 * uncorrelated and correlated (equality on tags and values, plus an inequality).
 *
 * <p><b>Data</b>: two tables, {@code t (ts, host TAG, dc TAG, v DOUBLE, n BIGINT)} and
 * {@code u (ts, host TAG, w DOUBLE, k BIGINT)}, written in several out-of-order INSERTs with
 * rewrites of existing rows (upserts, modelled by {@link DifferentialQueryTest.UpsertModel}),
 * flushes between some, NULL tags and fields, and values from a small domain so that set
 * operations meet many duplicates. DuckDB gets the final rows, timestamps as BIGINT nanoseconds.
 *
 * <p>Every query ends with an ORDER BY of all its output columns, so rows compare in order (equal
 * rows are interchangeable). Never generated: integer division, scalar subqueries that may return
 * several rows, sums (DuckDB's are HUGEINT). Replay: {@code -Dsundial.sql.seed=<seed>}.
 */
class CompositionDifferentialTest {
    private static final int DATASETS = 2;
    private static final int QUERIES_PER_DATASET = 800;
    private static final long BASE = 1_710_028_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final String[] HOSTS = {"h0", "h1", "h2", "h3", "web", null};
    private static final String[] DCS = {"east", "west", null};

    @TempDir
    Path dir;

    private static long sundialNanos;
    private static long duckNanos;

    @Test
    void composedQueriesAgreeWithDuckDb() throws Exception {
        long seed = Long.getLong("sundial.sql.seed", System.nanoTime());
        System.out.println("CompositionDifferentialTest seed=" + seed + " (replay with -Dsundial.sql.seed=" + seed + ")");
        Random master = new Random(seed);
        int cases = 0;
        long rows = 0;
        long t0 = System.nanoTime();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = duck.createStatement()) {
                st.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
                st.execute("SET threads = 1"); // small queries: no gain from threads, less contention with the build
            }
            for (int d = 0; d < DATASETS; d++) {
                Random rnd = new Random(master.nextLong());
                try (Sundial db = Sundial.open(dir.resolve("db" + d), SundialOptions.defaults().withBackgroundMaintenance(false))) {
                    load(db, duck, rnd);
                    Gen gen = new Gen(rnd);
                    for (int q = 0; q < QUERIES_PER_DATASET; q++) {
                        rows += compare(db, duck, gen.next(), "seed=" + seed + " dataset=" + d + " case=" + q);
                        cases++;
                    }
                }
            }
        }
        System.out.println("CompositionDifferentialTest: " + cases + " cases agreed (" + rows + " rows) in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms; sundial ms " + sundialNanos / 1_000_000 + ", duckdb ms " + duckNanos / 1_000_000);
    }

    // ---- data

    private static void load(Sundial db, Connection duck, Random rnd) throws Exception {
        drain(db, "CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, dc VARCHAR TAG, v DOUBLE, n BIGINT) WITH (partition_by='hour')");
        drain(db, "CREATE TIMESERIES TABLE u (ts TIMESTAMP, host VARCHAR TAG, w DOUBLE, k BIGINT) WITH (partition_by='hour')");
        DifferentialQueryTest.UpsertModel tm = new DifferentialQueryTest.UpsertModel();
        DifferentialQueryTest.UpsertModel um = new DifferentialQueryTest.UpsertModel();
        for (String table : new String[] {"t", "u"}) {
            DifferentialQueryTest.UpsertModel m = table.equals("t") ? tm : um;
            int writes = 60 + rnd.nextInt(table.equals("t") ? 400 : 150);
            StringBuilder sql = new StringBuilder();
            int inBatch = 0;
            for (int i = 0; i < writes; i++) {
                String host = HOSTS[rnd.nextInt(HOSTS.length)];
                String dc = table.equals("t") ? DCS[rnd.nextInt(DCS.length)] : null;
                long ts = BASE + rnd.nextInt(3 * 3600) * SECOND * (rnd.nextBoolean() ? 1 : -1);
                if (!m.rows.isEmpty() && rnd.nextInt(6) == 0) {
                    List<Object> k = new ArrayList<>(m.rows.keySet()).get(rnd.nextInt(m.rows.size()));
                    host = (String) k.get(0);
                    dc = (String) k.get(1);
                    ts = (Long) k.get(2);
                }
                Double v = rnd.nextInt(6) == 0 ? null : (rnd.nextInt(9) - 4) / 2.0;
                Long n = rnd.nextInt(6) == 0 ? null : (long) (rnd.nextInt(7) - 3);
                if (v == null && n == null) {
                    n = 0L;
                }
                m.write(host, dc, ts, v, n);
                if (inBatch == 0) {
                    sql.append(table.equals("t") ? "INSERT INTO t (ts, host, dc, v, n) VALUES " : "INSERT INTO u (ts, host, w, k) VALUES ");
                } else {
                    sql.append(", ");
                }
                sql.append('(').append(ts).append(", ").append(DifferentialQueryTest.lit(host));
                if (table.equals("t")) {
                    sql.append(", ").append(DifferentialQueryTest.lit(dc));
                }
                sql.append(", ").append(v == null ? "NULL" : v.toString()).append(", ").append(n == null ? "NULL" : n.toString()).append(')');
                if (++inBatch >= 1 + rnd.nextInt(120) || i == writes - 1) {
                    drain(db, sql.toString());
                    sql.setLength(0);
                    inBatch = 0;
                    if (rnd.nextInt(3) == 0) {
                        db.flush();
                    }
                }
            }
        }
        try (Statement st = duck.createStatement()) {
            st.execute("DROP TABLE IF EXISTS t");
            st.execute("DROP TABLE IF EXISTS u");
            st.execute("CREATE TABLE t (ts BIGINT, host VARCHAR, dc VARCHAR, v DOUBLE, n BIGINT)");
            st.execute("CREATE TABLE u (ts BIGINT, host VARCHAR, w DOUBLE, k BIGINT)");
        }
        try (PreparedStatement ps = duck.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<List<Object>, Object[]> e : tm.rows.entrySet()) {
                ps.setLong(1, (Long) e.getKey().get(2));
                ps.setObject(2, e.getKey().get(0));
                ps.setObject(3, e.getKey().get(1));
                ps.setObject(4, e.getValue()[0]);
                ps.setObject(5, e.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = duck.prepareStatement("INSERT INTO u VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<List<Object>, Object[]> e : um.rows.entrySet()) {
                ps.setLong(1, (Long) e.getKey().get(2));
                ps.setObject(2, e.getKey().get(0));
                ps.setObject(3, e.getValue()[0]);
                ps.setObject(4, e.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void drain(Sundial db, String sql) {
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }

    // ---- queries

    /** Random composed queries; the same text runs on both engines. Deterministic for a Random. */
    static final class Gen {
        /** Column kinds that set operation inputs line up: text, number (BIGINT or DOUBLE). */
        private enum K { TEXT, NUM }

        private final Random rnd;

        Gen(Random rnd) {
            this.rnd = rnd;
        }

        private <T> T pick(List<T> l) {
            return l.get(rnd.nextInt(l.size()));
        }

        String next() {
            return switch (rnd.nextInt(10)) {
                case 0, 1, 2 -> setQuery();
                case 3, 4 -> withQuery();
                case 5, 6 -> inQuery();
                case 7 -> existsQuery();
                default -> scalarQuery();
            };
        }

        /** ORDER BY every output column (1..width), then maybe LIMIT/OFFSET. */
        private String orderAll(int width) {
            StringBuilder s = new StringBuilder(" ORDER BY ");
            for (int i = 1; i <= width; i++) {
                s.append(i > 1 ? ", " : "").append(i).append(rnd.nextInt(4) == 0 ? " DESC" : "");
            }
            if (rnd.nextInt(4) == 0) {
                s.append(" LIMIT ").append(rnd.nextInt(20));
                if (rnd.nextBoolean()) {
                    s.append(" OFFSET ").append(rnd.nextInt(5));
                }
            }
            return s.toString();
        }

        private List<K> shape() {
            return pick(List.of(List.of(K.TEXT), List.of(K.NUM), List.of(K.TEXT, K.NUM), List.of(K.NUM, K.TEXT),
                    List.of(K.TEXT, K.TEXT, K.NUM)));
        }

        /** One SELECT of the given column kinds from t or u (or without FROM). */
        private String select(List<K> shape) {
            int from = rnd.nextInt(12);
            if (from == 0) {
                List<String> cols = new ArrayList<>();
                for (K k : shape) {
                    cols.add(k == K.TEXT ? pick(List.of("'h1'", "'zz'", "NULL")) : pick(List.of("1", "0.5", "NULL", "-3")));
                }
                return "SELECT " + String.join(", ", cols);
            }
            boolean t = from % 2 == 1;
            List<String> cols = new ArrayList<>();
            for (K k : shape) {
                cols.add(k == K.TEXT ? (t ? pick(List.of("host", "dc", "host", "'h2'")) : pick(List.of("host", "host", "'h2'")))
                        : (t ? pick(List.of("n", "v", "n + 1", "n", "NULL")) : pick(List.of("k", "w", "k * 2", "NULL"))));
            }
            String s = "SELECT " + (rnd.nextInt(8) == 0 ? "DISTINCT " : "") + String.join(", ", cols) + " FROM " + (t ? "t" : "u");
            if (rnd.nextInt(3) > 0) {
                s += " WHERE " + predicate(t ? "t" : "u");
            }
            return s;
        }

        private String predicate(String table) {
            boolean t = table.equals("t");
            String num = t ? pick(List.of("n", "v")) : pick(List.of("k", "w"));
            return switch (rnd.nextInt(6)) {
                case 0 -> num + " > " + (rnd.nextInt(5) - 2);
                case 1 -> "host IN ('h0', 'h1', 'web')";
                case 2 -> num + " IS NOT NULL AND host <> 'h3'";
                case 3 -> "ts >= " + (BASE - rnd.nextInt(3600) * SECOND);
                case 4 -> "(" + num + " <= 0 OR host IS NULL)";
                default -> (t ? "dc = 'east'" : "k BETWEEN -1 AND 2");
            };
        }

        /** A set operation tree over SELECTs of one shape, depth at most {@code depth}. */
        private String setTree(List<K> shape, int depth) {
            if (depth == 0 || rnd.nextInt(3) == 0) {
                return select(shape);
            }
            String op = pick(List.of("UNION", "UNION", "INTERSECT", "EXCEPT")) + (rnd.nextBoolean() ? " ALL" : "");
            String left = setTree(shape, depth - 1);
            String right = setTree(shape, depth - 1);
            // parentheses around nested operations, or sometimes none (precedence decides)
            boolean parens = rnd.nextInt(4) > 0;
            return wrap(left, parens) + " " + op + " " + wrap(right, parens || !right.startsWith("SELECT") && right.contains(" UNION"));
        }

        private static String wrap(String q, boolean parens) {
            boolean compound = q.contains(" UNION ") || q.contains(" INTERSECT ") || q.contains(" EXCEPT ");
            return compound && parens ? "(" + q + ")" : q;
        }

        private String setQuery() {
            List<K> shape = shape();
            String body = setTree(shape, 1 + rnd.nextInt(3));
            if (!(body.contains(" UNION ") || body.contains(" INTERSECT ") || body.contains(" EXCEPT "))) {
                body = body + " UNION ALL " + select(shape);
            }
            return body + orderAll(shape.size());
        }

        private String withQuery() {
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    // a chain, the first read twice
                    List<K> shape = List.of(K.TEXT, K.NUM);
                    return "WITH a (x, y) AS (" + setOrSelect(shape) + "), b AS (SELECT x, y FROM a WHERE y IS NOT NULL) "
                            + "SELECT x, y FROM b " + pick(List.of("UNION", "UNION ALL", "EXCEPT", "INTERSECT ALL")) + " SELECT x, y FROM a"
                            + orderAll(2);
                }
                case 1 -> {
                    // an aggregate over a WITH query, compared with a scalar subquery over the same one
                    return "WITH s AS (SELECT host, max(n) AS top, count(*) AS c FROM t GROUP BY host) "
                            + "SELECT host, top, c FROM s WHERE c >= (SELECT avg(c) FROM s)" + orderAll(3);
                }
                case 2 -> {
                    // shadowing a table and a join-free self reference through IN
                    return "WITH u AS (SELECT host, n AS k FROM t WHERE n > 0) SELECT host, k FROM u WHERE host IN (SELECT host FROM u WHERE k > 1)"
                            + orderAll(2);
                }
                case 3 -> {
                    return "WITH a AS (SELECT ts, host, n FROM t WHERE " + predicate("t") + ") SELECT ts, host, n FROM a WHERE n > "
                            + (rnd.nextInt(5) - 2) + orderAll(3);
                }
                default -> {
                    // named columns: SELECT * over two columns of one name ("?column?") is ambiguous in Sundial
                    List<K> shape = shape();
                    List<String> names = List.of("c1", "c2", "c3").subList(0, shape.size());
                    return "WITH q (" + String.join(", ", names) + ") AS (" + setOrSelect(shape) + ") SELECT * FROM q" + orderAll(shape.size());
                }
            }
        }

        private String setOrSelect(List<K> shape) {
            return rnd.nextBoolean() ? select(shape) : setTree(shape, 2);
        }

        private String inQuery() {
            String[][] pairs = {{"host", "host"}, {"n", "k"}, {"v", "w"}, {"n", "w"}, {"v", "k"}, {"dc", "host"}};
            String[] p = pairs[rnd.nextInt(pairs.length)];
            String sub = "SELECT " + p[1] + " FROM u";
            switch (rnd.nextInt(4)) {
                case 0 -> sub += " WHERE " + p[1] + " IS NOT NULL";
                case 1 -> sub += " WHERE " + predicate("u");
                case 2 -> sub += " WHERE u.host = t.host"; // correlated
                default -> { }
            }
            if (rnd.nextInt(5) == 0) {
                sub += " UNION ALL SELECT NULL";
            }
            String not = rnd.nextBoolean() ? "NOT " : "";
            if (rnd.nextInt(4) == 0) {
                return "SELECT ts, host, dc, " + p[0] + " " + not + "IN (" + sub + ") FROM t" + orderAll(4);
            }
            return "SELECT ts, host, dc, n FROM t WHERE " + p[0] + " " + not + "IN (" + sub + ")" + orderAll(4);
        }

        private String existsQuery() {
            String cond = switch (rnd.nextInt(4)) {
                case 0 -> "u.host = t.host";
                case 1 -> "u.host = t.host AND u.k > t.n";
                case 2 -> "u.k = t.n";
                default -> predicate("u"); // uncorrelated
            };
            String not = rnd.nextBoolean() ? "NOT " : "";
            return "SELECT ts, host, dc, n FROM t WHERE " + not + "EXISTS (SELECT 1 FROM u WHERE " + cond + ")" + orderAll(4);
        }

        private String scalarQuery() {
            String sub = switch (rnd.nextInt(5)) {
                case 0 -> "(SELECT max(k) FROM u)";
                case 1 -> "(SELECT max(k) FROM u WHERE u.host = t.host)";
                case 2 -> "(SELECT count(*) FROM t t2 WHERE t2.host = t.host AND t2.dc = t.dc)";
                case 3 -> "(SELECT min(w) FROM u WHERE u.host = 'nope')";
                default -> "(SELECT avg(v) FROM t t2 WHERE t2.dc = t.dc)";
            };
            if (rnd.nextBoolean()) {
                return "SELECT ts, host, dc, " + sub + " FROM t" + orderAll(4);
            }
            String num = sub.contains("avg") || sub.contains("w)") ? "v" : "n";
            return "SELECT ts, host, dc, n FROM t WHERE " + num + pick(List.of(" = ", " < ", " >= ")) + sub + orderAll(4);
        }
    }

    // ---- comparison

    private static int compare(Sundial db, Connection duck, String sql, String where) throws Exception {
        String context = where + "\n  sql: " + sql;
        List<List<Object>> actual = new ArrayList<>();
        List<ResultColumn> cols;
        long t0 = System.nanoTime();
        try (QueryResult r = db.sql(sql)) {
            cols = r.columns();
            actual.addAll(DuckDbRows.of(r, cols));
        } catch (QueryException e) {
            throw new AssertionError("Sundial failed: " + e.getMessage() + "\n" + context, e);
        }
        long t1 = System.nanoTime();
        sundialNanos += t1 - t0;
        List<List<Object>> expected = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (rs.getMetaData().getColumnCount() != cols.size()) {
                fail("column count " + cols.size() + " vs DuckDB " + rs.getMetaData().getColumnCount() + "\n" + context);
            }
            expected.addAll(DuckDbRows.of(rs, cols));
        }
        duckNanos += System.nanoTime() - t1;
        if (actual.size() != expected.size()) {
            fail("row count " + actual.size() + " vs DuckDB " + expected.size() + "\n" + context + "\n  sundial: " + head(actual)
                    + "\n  duckdb:  " + head(expected));
        }
        for (int r = 0; r < actual.size(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                if (!DifferentialQueryTest.same(actual.get(r).get(c), expected.get(r).get(c), cols.get(c).type())) {
                    fail("row " + r + " column " + (c + 1) + ": " + actual.get(r) + " vs DuckDB " + expected.get(r) + "\n" + context
                            + "\n  sundial: " + head(actual) + "\n  duckdb:  " + head(expected));
                }
            }
        }
        return actual.size();
    }

    private static String head(List<List<Object>> rows) {
        return rows.size() <= 12 ? rows.toString() : rows.subList(0, 12) + " …";
    }
}
