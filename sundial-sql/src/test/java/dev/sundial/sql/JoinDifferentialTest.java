package dev.sundial.sql;

import static org.assertj.core.api.Assertions.fail;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.Sundial;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of joins against DuckDB (in process): two seeded random tables {@code a} and
 * {@code b} (timestamp, tags host and dc, two value columns), written out of time order in several
 * INSERTs with flushes between some, with NULL tags and values and many duplicate join keys; then
 * random joins run on both and must agree row for row (every query orders by all its output
 * columns, so the row order is determined).
 *
 * <p><b>Covered:</b> INNER, LEFT, RIGHT, FULL and CROSS joins, comma joins, ON with equalities on
 * tags, timestamps and values (BIGINT = BIGINT, BIGINT = DOUBLE), residual conditions, non-equi
 * joins (nested loop), USING with its merged columns (and {@code SELECT *}), a three-way join, joins
 * of subqueries; WHERE conjuncts on either side and on both (the push-down cases: time ranges and
 * tags on a preserved side, on a NULL-extended side, IS NULL tests that must not be pushed);
 * aggregates over joins; ASOF JOIN and ASOF LEFT JOIN on host / host and dc / no key, with
 * {@code >=} and {@code >}, with and without TOLERANCE (DuckDB has none: its result is filtered,
 * or its right columns nulled, where the match is older than the tolerance). DuckDB's ASOF JOIN
 * matches NULL keys with each other; Sundial's, like every other join, matches a NULL key with
 * nothing, and DuckDB's result is corrected the same way.
 *
 * <p>Table {@code b}'s timestamps are unique, so every ASOF match is determined (DuckDB picks any
 * of equal-time rows). Timestamps are BIGINT epoch nanoseconds in DuckDB. Replay with
 * {@code -Dsundial.sql.seed=<seed>}; a failure prints the seed, the case and both SQL texts.
 */
class JoinDifferentialTest {
    private static final int DATASETS = 3;
    private static final int QUERIES_PER_DATASET = 600;
    private static final long BASE = 1_710_028_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final String[] HOSTS = {"h0", "h1", "h2", "h3", null};
    private static final String[] DCS = {"east", "west", null};

    @TempDir
    Path dir;

    private static long sundialNanos;
    private static long duckNanos;

    @Test
    void randomJoinsAgreeWithDuckDb() throws Exception {
        long seed = Long.getLong("sundial.sql.seed", System.nanoTime());
        System.out.println("JoinDifferentialTest seed=" + seed + " (replay with -Dsundial.sql.seed=" + seed + ")");
        Random master = new Random(seed);
        int cases = 0;
        long rows = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = duck.createStatement()) {
                st.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
            }
            for (int d = 0; d < DATASETS; d++) {
                Random rnd = new Random(master.nextLong());
                try (Sundial db = Sundial.open(dir.resolve("db" + d), dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
                    load(db, duck, rnd, "a", "v", "n", 20 + rnd.nextInt(150), false);
                    load(db, duck, rnd, "b", "w", "k", 20 + rnd.nextInt(150), true);
                    for (int q = 0; q < QUERIES_PER_DATASET; q++) {
                        String[] sql = query(rnd);
                        rows += compare(db, duck, sql, "seed=" + seed + " dataset=" + d + " case=" + q);
                        cases++;
                    }
                }
            }
        }
        System.out.println("JoinDifferentialTest: " + cases + " cases agreed (" + rows + " rows); sundial ms " + sundialNanos / 1_000_000
                + ", duckdb ms " + duckNanos / 1_000_000);
    }

    // ---- data -------------------------------------------------------------------------------

    private static void load(Sundial db, Connection duck, Random rnd, String table, String dbl, String lng, int rows,
                             boolean uniqueTs) throws Exception {
        run(db, "CREATE TIMESERIES TABLE " + table + " (ts TIMESTAMP, host VARCHAR TAG, dc VARCHAR TAG, " + dbl + " DOUBLE, "
                + lng + " BIGINT) WITH (partition_by='hour')");
        try (Statement st = duck.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (ts BIGINT, host VARCHAR, dc VARCHAR, " + dbl + " DOUBLE, " + lng + " BIGINT)");
        }
        Set<List<Object>> seriesTs = new HashSet<>();
        Set<Long> used = new HashSet<>();
        StringBuilder insert = new StringBuilder();
        int inBatch = 0;
        try (PreparedStatement ps = duck.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                String host = HOSTS[rnd.nextInt(HOSTS.length)];
                String dc = DCS[rnd.nextInt(DCS.length)];
                long ts = BASE + rnd.nextInt(400) * SECOND * (rnd.nextInt(8) == 0 ? 10 : 1);
                if (!seriesTs.add(java.util.Arrays.asList(host, dc, ts)) || (uniqueTs && !used.add(ts))) {
                    continue; // one row per series and time (Sundial would upsert), b's times unique
                }
                Double v = rnd.nextInt(6) == 0 ? null : (rnd.nextInt(41) - 20) / 4.0;
                Long n = rnd.nextInt(6) == 0 ? null : (long) rnd.nextInt(8);
                insert.append(inBatch == 0 ? "INSERT INTO " + table + " (ts, host, dc, " + dbl + ", " + lng + ") VALUES " : ", ")
                        .append('(').append(ts).append(", ").append(DifferentialQueryTest.lit(host)).append(", ")
                        .append(DifferentialQueryTest.lit(dc)).append(", ").append(v).append(", ").append(n).append(')');
                inBatch++;
                ps.setLong(1, ts);
                ps.setObject(2, host);
                ps.setObject(3, dc);
                ps.setObject(4, v);
                ps.setObject(5, n);
                ps.addBatch();
                if (inBatch >= 1 + rnd.nextInt(60)) {
                    run(db, insert.toString());
                    insert.setLength(0);
                    inBatch = 0;
                    if (rnd.nextInt(3) == 0) {
                        db.flush();
                    }
                }
            }
            if (inBatch > 0) {
                run(db, insert.toString());
            }
            ps.executeBatch();
        }
    }

    private static void run(Sundial db, String sql) {
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }

    // ---- queries ----------------------------------------------------------------------------

    private static final String[] KINDS = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "INNER JOIN", "LEFT OUTER JOIN"};

    /** {Sundial SQL, DuckDB SQL}. */
    private static String[] query(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0, 1, 2, 3 -> onJoin(rnd);
            case 4 -> usingJoin(rnd);
            case 5 -> crossJoin(rnd);
            case 6 -> threeWay(rnd);
            default -> asof(rnd);
        };
    }

    private static String[] same(String sql) {
        return new String[] {sql, sql};
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static String timeBound(Random rnd, String side) {
        return side + ".ts " + pick(rnd, ">=", "<", ">", "<=") + " " + (BASE + rnd.nextInt(400) * SECOND);
    }

    /** A WHERE conjunct on a, on b, or on both (with IS NULL tests that must stay above an outer join). */
    private static String conjunct(Random rnd) {
        String s = pick(rnd, "a", "b");
        return switch (rnd.nextInt(9)) {
            case 0 -> timeBound(rnd, s);
            case 1 -> s + ".host = " + DifferentialQueryTest.lit(HOSTS[rnd.nextInt(HOSTS.length - 1)]);
            case 2 -> s + ".dc IN ('east', 'x')";
            case 3 -> s + ".host IS NULL";
            case 4 -> (s.equals("a") ? "a.v" : "b.w") + " > " + (rnd.nextInt(9) - 4);
            case 5 -> "(a.n IS NULL OR b.k > 3)";
            case 6 -> "a.v < b.w";
            case 7 -> s + ".dc IS NOT NULL";
            default -> s + ".host LIKE 'h%'";
        };
    }

    private static String where(Random rnd) {
        int n = rnd.nextInt(4);
        if (n == 0) {
            return "";
        }
        List<String> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(conjunct(rnd));
        }
        return " WHERE " + String.join(" AND ", c);
    }

    private static String[] onJoin(Random rnd) {
        List<String> conds = new ArrayList<>();
        if (rnd.nextInt(3) > 0) {
            conds.add("a.host = b.host");
        }
        if (rnd.nextBoolean()) {
            conds.add("a.dc = b.dc");
        }
        if (rnd.nextInt(3) == 0) {
            conds.add("a.ts = b.ts");
        }
        if (rnd.nextInt(4) == 0) {
            conds.add(pick(rnd, "a.n = b.k", "a.n = b.w", "a.v = b.w"));
        }
        if (rnd.nextInt(3) == 0 || conds.isEmpty()) {
            conds.add(pick(rnd, "a.v < b.w", "a.ts <= b.ts", "b.k > 2", "a.n IS NOT NULL", "a.ts > b.ts"));
        }
        String kind = KINDS[rnd.nextInt(KINDS.length)];
        String select = rnd.nextInt(5) == 0
                ? "SELECT a.host, count(*), count(b.w), sum(a.n)"
                : "SELECT a.ts, a.host, a.dc, a.v, b.ts, b.host, b.dc, b.w, b.k";
        String group = select.contains("count") ? " GROUP BY a.host" : "";
        String from = rnd.nextInt(6) == 0 ? "(SELECT * FROM a WHERE n IS NOT NULL) a" : "a";
        String sql = select + " FROM " + from + " " + kind + " b ON " + String.join(" AND ", conds) + where(rnd) + group;
        return same(sql + orderAll(sql));
    }

    private static String[] usingJoin(Random rnd) {
        String cols = pick(rnd, "host", "host, dc", "ts", "dc, ts", "host, dc, ts");
        String kind = KINDS[rnd.nextInt(KINDS.length)];
        String select = rnd.nextBoolean() ? "SELECT *" : "SELECT host, a.host, b.dc, v, w, a.ts, b.ts";
        if (!cols.contains("host") && select.startsWith("SELECT host")) {
            select = "SELECT a.host, b.host, v, w";
        }
        String rest = " FROM a " + kind + " b USING (" + cols + ")" + where(rnd);
        if (!select.equals("SELECT *")) {
            return same(select + rest + orderAll(select + rest));
        }
        // PostgreSQL's order for *: the USING columns, then a's others, then b's (DuckDB orders them otherwise)
        List<String> merged = List.of(cols.split(", "));
        List<String> duckCols = new ArrayList<>(merged);
        for (String c : List.of("ts", "host", "dc", "v", "n")) {
            if (!merged.contains(c)) {
                duckCols.add("a." + c);
            }
        }
        for (String c : List.of("ts", "host", "dc", "w", "k")) {
            if (!merged.contains(c)) {
                duckCols.add("b." + c);
            }
        }
        String duckSelect = "SELECT " + String.join(", ", duckCols);
        String order = orderAll(duckSelect + rest);
        return new String[] {select + rest + order, duckSelect + rest + order};
    }

    private static String[] crossJoin(Random rnd) {
        String from = pick(rnd, "a CROSS JOIN b", "a, b");
        String sql = "SELECT a.host, b.dc, count(*), sum(b.k), min(a.v) FROM " + from + where(rnd) + " GROUP BY a.host, b.dc";
        return same(sql + orderAll(sql));
    }

    private static String[] threeWay(Random rnd) {
        String k1 = pick(rnd, "JOIN", "LEFT JOIN", "FULL JOIN");
        String k2 = pick(rnd, "JOIN", "LEFT JOIN", "RIGHT JOIN");
        String sql = "SELECT a.ts, a.host, b.w, c.v FROM a " + k1 + " b ON a.host = b.host AND a.ts = b.ts " + k2
                + " a AS c ON c.dc = b.dc AND c.n = b.k" + where(rnd);
        return same(sql + orderAll(sql));
    }

    private static String[] asof(Random rnd) {
        String keys = pick(rnd, "a.host = b.host AND ", "a.host = b.host AND a.dc = b.dc AND ", "", "b.host = a.host AND ");
        String op = rnd.nextInt(3) == 0 ? ">" : ">=";
        boolean left = rnd.nextBoolean();
        String ineq = rnd.nextBoolean() ? "a.ts " + op + " b.ts" : "b.ts " + (op.equals(">") ? "<" : "<=") + " a.ts";
        long tolSeconds = rnd.nextInt(3) == 0 ? -1 : 1 + rnd.nextInt(30);
        List<String> conds = new ArrayList<>();
        for (int i = rnd.nextInt(3); i > 0; i--) {
            conds.add(pick(rnd, timeBound(rnd, "a"), "a.host = 'h1'", "a.dc = 'west'", "a.v > 0", "a.host IS NULL"));
        }
        String where = conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds);
        String on = " ON " + keys + ineq;
        String join = left ? " ASOF LEFT JOIN " : " ASOF JOIN ";
        String sundial = "SELECT a.ts, a.host, a.dc, a.v, b.ts, b.host, b.w FROM a" + join + "b" + on
                + (tolSeconds >= 0 ? " TOLERANCE INTERVAL '" + tolSeconds + " seconds'" : "") + where;
        // DuckDB's ASOF matches NULL keys with each other (as IS NOT DISTINCT FROM); in Sundial, as in
        // its other joins, a NULL key matches nothing: DuckDB's result is corrected like for TOLERANCE
        List<String> ok = new ArrayList<>();
        if (keys.contains("host")) {
            ok.add("a.host IS NOT NULL");
        }
        if (keys.contains("dc")) {
            ok.add("a.dc IS NOT NULL");
        }
        if (tolSeconds >= 0) {
            ok.add("a.ts - b.ts <= " + tolSeconds * SECOND);
        }
        String duck;
        if (ok.isEmpty()) {
            duck = "SELECT a.ts, a.host, a.dc, a.v, b.ts, b.host, b.w FROM a" + join + "b" + on + where;
        } else if (!left) {
            String all = String.join(" AND ", ok);
            duck = "SELECT a.ts, a.host, a.dc, a.v, b.ts, b.host, b.w FROM a" + join + "b" + on
                    + (where.isEmpty() ? " WHERE " + all : where + " AND " + all);
        } else {
            String all = String.join(" AND ", ok);
            duck = "SELECT a.ts, a.host, a.dc, a.v, CASE WHEN " + all + " THEN b.ts END, CASE WHEN " + all + " THEN b.host END, "
                    + "CASE WHEN " + all + " THEN b.w END FROM a" + join + "b" + on + where;
        }
        String order = " ORDER BY 1, 2, 3, 4, 5, 6, 7";
        return new String[] {sundial + order, duck + order};
    }

    /** ORDER BY every output column (1, 2, …), counted from the select list of {@code sql}. */
    private static String orderAll(String sql) {
        String list = sql.substring("SELECT ".length(), sql.indexOf(" FROM "));
        int n;
        if (list.equals("*")) {
            n = -1;
        } else {
            n = 1;
            int depth = 0;
            for (char ch : list.toCharArray()) {
                depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
                if (ch == ',' && depth == 0) {
                    n++;
                }
            }
        }
        if (n < 0) {
            return " ORDER BY ALL_COLUMNS";
        }
        StringBuilder b = new StringBuilder(" ORDER BY ");
        for (int i = 1; i <= n; i++) {
            b.append(i > 1 ? ", " : "").append(i);
        }
        return b.toString();
    }

    // ---- comparison -------------------------------------------------------------------------

    private static long compare(Sundial db, Connection duck, String[] sql, String where) throws Exception {
        String s = sql[0];
        String d = sql[1];
        List<List<Object>> actual = new ArrayList<>();
        List<ResultColumn> cols;
        String context = where + "\n  sundial: " + s + "\n  duckdb:  " + d;
        long t0 = System.nanoTime();
        try {
            cols = sundialColumns(db, s);
            if (s.endsWith(" ORDER BY ALL_COLUMNS")) {
                String ordered = " ORDER BY " + String.join(", ", java.util.stream.IntStream.rangeClosed(1, cols.size())
                        .mapToObj(Integer::toString).toList());
                s = s.replace(" ORDER BY ALL_COLUMNS", ordered);
                d = d.replace(" ORDER BY ALL_COLUMNS", ordered);
                context = where + "\n  sundial: " + s + "\n  duckdb:  " + d;
            }
            try (QueryResult r = db.sql(s)) {
                actual.addAll(DuckDbRows.of(r, cols));
            }
        } catch (QueryException e) {
            throw new AssertionError("Sundial failed: " + e.getMessage() + "\n" + context, e);
        }
        long t1 = System.nanoTime();
        sundialNanos += t1 - t0;
        List<List<Object>> expected = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(d)) {
            if (rs.getMetaData().getColumnCount() != cols.size()) {
                fail("column count " + cols.size() + " vs DuckDB " + rs.getMetaData().getColumnCount() + "\n" + context);
            }
            expected.addAll(DuckDbRows.of(rs, cols));
        }
        duckNanos += System.nanoTime() - t1;
        if (actual.size() != expected.size()) {
            fail("row count " + actual.size() + " vs DuckDB " + expected.size() + "\n" + context + "\n  sundial rows: "
                    + head(actual) + "\n  duckdb rows:  " + head(expected));
        }
        for (int r = 0; r < actual.size(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                if (!DifferentialQueryTest.same(actual.get(r).get(c), expected.get(r).get(c), cols.get(c).type())) {
                    fail("row " + r + " column " + c + " (" + cols.get(c).name() + "): " + actual.get(r) + " vs DuckDB "
                            + expected.get(r) + "\n" + context);
                }
            }
        }
        return actual.size();
    }

    private static List<ResultColumn> sundialColumns(Sundial db, String sql) {
        String probe = sql.replace(" ORDER BY ALL_COLUMNS", "") + " LIMIT 0";
        try (QueryResult r = db.sql(probe)) {
            return r.columns();
        }
    }

    private static String head(List<List<Object>> rows) {
        return rows.size() <= 10 ? rows.toString() : rows.subList(0, 10) + " …";
    }
}
