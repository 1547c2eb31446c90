package dev.sundial.sql;

import static org.assertj.core.api.Assertions.fail;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of window functions, FILTER and WITHIN GROUP against DuckDB (in process):
 * seeded random tables (NULL tags and values, many equal values so RANGE frames have peers, rows
 * written out of time order across flushes) and random queries run on both; results must agree row
 * by row.
 *
 * <p><b>Queries.</b> (1) Rows with 1–3 window functions: every ranking, offset and value function,
 * and count/sum/avg/min/max/stddev/variance/percentile/first/last as window aggregates (some with
 * FILTER), over random windows: PARTITION BY subsets of the tags, ORDER BY the timestamp, a value
 * or several keys ASC/DESC with NULLS FIRST/LAST, default frames, ROWS frames with random offsets
 * (empty ones included), RANGE frames with numeric offsets over a BIGINT or DOUBLE and with
 * INTERVAL offsets over the timestamp; some under a WHERE that makes a tag subset name one series
 * (the streaming plan) and some not (the sorting plan). (2) Window functions over GROUP BY groups
 * ({@code sum(count(*)) OVER ()}, ranks of aggregates, moving sums of groups). (3) Aggregates with
 * FILTER and percentile_cont / percentile_disc WITHIN GROUP (ASC and DESC).
 *
 * <p><b>Determinism.</b> Functions that see the order among peers (row_number, lag, ROWS frames,
 * first_value …) get a total order: the window's ORDER BY is extended by the series key and time
 * unless the partition is one series ordered by time. RANGE offset frames take whole peer groups,
 * so they need no tie-break. Every query orders its output by a unique key. DOUBLE values agree
 * within 1e-9 relative (1e-6 for variances, which are computed differently).
 *
 * <p>DuckDB keeps the timestamp as BIGINT nanoseconds, so a RANGE of INTERVAL '5 minutes' is a
 * RANGE of 300000000000 there; Sundial's first(v, ts) / last(v, ts) are DuckDB's arg_min / arg_max
 * over non-NULL v. Replay: {@code -Dsundial.window.seed=<seed>}.
 */
class WindowDifferentialTest {
    private static final int DATASETS = 2;
    private static final int QUERIES_PER_DATASET = 600;
    private static final long BASE = 1_710_028_800_000_000_000L; // 2024-03-10T00:00:00Z
    private static final long SECOND = 1_000_000_000L;
    private static final String[] HOSTS = {"h0", "h1", "h2", "h3", null};
    private static final String[] DCS = {"east", "west", null};

    @TempDir
    Path dir;

    private long rowsCompared;
    private long sundialNanos;
    private long duckNanos;

    record Query(String sundial, String duck) {
    }

    @Test
    void randomWindowQueriesAgreeWithDuckDb() throws Exception {
        long seed = Long.getLong("sundial.window.seed", System.nanoTime());
        System.out.println("WindowDifferentialTest seed=" + seed + " (replay with -Dsundial.window.seed=" + seed + ")");
        Random master = new Random(seed);
        int cases = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = duck.createStatement()) {
                st.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
            }
            for (int d = 0; d < DATASETS; d++) {
                Random rnd = new Random(master.nextLong());
                try (Sundial db = Sundial.open(dir.resolve("db" + d), SundialOptions.defaults().withBackgroundMaintenance(false))) {
                    load(db, duck, rnd, 100 + rnd.nextInt(600));
                    for (int q = 0; q < QUERIES_PER_DATASET; q++) {
                        Query query = switch (rnd.nextInt(10)) {
                            case 0, 1 -> groupedQuery(rnd);
                            case 2 -> filterQuery(rnd);
                            default -> rowsQuery(rnd);
                        };
                        compare(db, duck, query, seed, d, q);
                        cases++;
                    }
                }
            }
        }
        System.out.println("WindowDifferentialTest: " + cases + " cases agreed (" + rowsCompared + " rows); sundial ms "
                + sundialNanos / 1_000_000 + ", duckdb ms " + duckNanos / 1_000_000);
    }

    // ---- data -------------------------------------------------------------------------------

    private static void load(Sundial db, Connection duck, Random rnd, int rows) throws Exception {
        drain(db, "CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, dc VARCHAR TAG, v DOUBLE, n BIGINT)"
                + " WITH (partition_by='hour')");
        try (Statement st = duck.createStatement()) {
            st.execute("DROP TABLE IF EXISTS t");
            st.execute("CREATE TABLE t (ts BIGINT, host VARCHAR, dc VARCHAR, v DOUBLE, n BIGINT)");
        }
        Set<List<Object>> keys = new HashSet<>();
        List<Object[]> all = new ArrayList<>();
        while (all.size() < rows) {
            String host = HOSTS[rnd.nextInt(HOSTS.length)];
            String dc = DCS[rnd.nextInt(DCS.length)];
            // few distinct seconds: equal timestamps across series, and RANGE peers
            long ts = BASE + (rnd.nextInt(4) == 0 ? rnd.nextInt(20) * 60 : rnd.nextInt(3 * 3600)) * SECOND;
            if (!keys.add(java.util.Arrays.asList(host, dc, ts))) {
                continue;
            }
            Double v = rnd.nextInt(7) == 0 ? null : (rnd.nextInt(81) - 40) / 4.0;
            Long n = rnd.nextInt(7) == 0 ? null : (long) (rnd.nextInt(21) - 10);
            all.add(new Object[] {ts, host, dc, v, n});
        }
        Collections.shuffle(all, rnd);
        StringBuilder insert = new StringBuilder();
        int flushes = 0;
        for (int i = 0; i < all.size(); i++) {
            Object[] r = all.get(i);
            insert.append(insert.isEmpty() ? "INSERT INTO t (ts, host, dc, v, n) VALUES " : ", ").append('(').append(r[0]).append(", ")
                    .append(DifferentialQueryTest.lit((String) r[1])).append(", ").append(DifferentialQueryTest.lit((String) r[2]))
                    .append(", ").append(r[3] == null ? "NULL" : r[3].toString()).append(", ").append(r[4] == null ? "NULL" : r[4].toString())
                    .append(')');
            if (rnd.nextInt(100) == 0 || i == all.size() - 1) {
                drain(db, insert.toString());
                insert.setLength(0);
                if (rnd.nextInt(3) == 0 && flushes++ < 4) {
                    db.flush();
                }
            }
        }
        try (PreparedStatement ps = duck.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
            for (Object[] r : all) {
                for (int c = 0; c < 5; c++) {
                    ps.setObject(c + 1, r[c]);
                }
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

    // ---- queries ----------------------------------------------------------------------------

    /** A window as both dialects write it, and whether its order among rows is total. */
    record Window(String sundial, String duck) {
    }

    private static final String[] WHERES = {"", "", "", " WHERE dc = 'east'", " WHERE v > 0", " WHERE host IN ('h1', 'h2')",
        " WHERE dc = 'west' AND host IS NOT NULL"};

    private static Query rowsQuery(Random rnd) {
        String where = WHERES[rnd.nextInt(WHERES.length)];
        int k = 1 + rnd.nextInt(3);
        StringBuilder s = new StringBuilder("SELECT host, dc, ts, v, n");
        StringBuilder d = new StringBuilder("SELECT host, dc, ts, v, n");
        for (int i = 0; i < k; i++) {
            String[] f = windowFunction(rnd, false);
            s.append(", ").append(f[0]);
            d.append(", ").append(f[1]);
        }
        s.append(" FROM t").append(where).append(" ORDER BY host, dc, ts");
        d.append(" FROM t").append(where).append(" ORDER BY host, dc, ts");
        return new Query(s.toString(), d.toString());
    }

    /** {sundial, duckdb} text of one random window function call with its window. */
    private static String[] windowFunction(Random rnd, boolean grouped) {
        List<String> parts = new ArrayList<>();
        if (grouped) {
            if (rnd.nextBoolean()) {
                parts.add("host");
            }
        } else {
            if (rnd.nextInt(3) > 0) {
                parts.add("host");
            }
            if (rnd.nextInt(3) > 0) {
                parts.add("dc");
            }
        }
        String partition = parts.isEmpty() ? "" : "PARTITION BY " + String.join(", ", parts) + " ";
        boolean oneSeries = parts.contains("host") && parts.contains("dc");
        int kind = rnd.nextInt(grouped ? 4 : 7);
        // ORDER BY keys (Sundial text, DuckDB text, single column usable for RANGE offsets)
        String[] orders = grouped
                ? new String[] {"host", "sum(n)", "count(*)", "min(v) DESC", "count(*) DESC NULLS LAST"}
                : new String[] {"ts", "n", "v", "ts DESC", "n DESC", "v NULLS FIRST", "n DESC NULLS LAST", "n, v", "v DESC, ts"};
        String order = orders[rnd.nextInt(orders.length)];
        String tiebreak = grouped ? ", host" : ", host, dc, ts";
        boolean total = grouped ? order.startsWith("host") : oneSeries && order.startsWith("ts");
        String fn;
        String dfn;
        String frame = "";
        String dframe = "";
        boolean needsTotal;
        String arg = grouped ? pick(rnd, "sum(n)", "count(*)", "avg(v)", "max(n)") : pick(rnd, "v", "n");
        String numArg = grouped ? pick(rnd, "sum(n)", "count(v)", "min(v)") : pick(rnd, "v", "n", "v * 2 + n");
        switch (kind) {
            case 0 -> { // ranking: any order
                String r = pick(rnd, "rank()", "dense_rank()", "percent_rank()", "cume_dist()");
                fn = dfn = r;
                needsTotal = false;
            }
            case 1 -> { // row order functions
                int off = 1 + rnd.nextInt(3);
                String r = switch (rnd.nextInt(6)) {
                    case 0 -> "row_number()";
                    case 1 -> "ntile(" + (1 + rnd.nextInt(5)) + ")";
                    case 2 -> "lag(" + arg + ")";
                    case 3 -> "lead(" + arg + ", " + off + ")";
                    case 4 -> "lag(" + arg + ", " + off + ", " + (grouped ? "-1" : "0") + ")";
                    default -> "lead(" + arg + ", " + off + ", -5)";
                };
                fn = dfn = r;
                needsTotal = true;
            }
            case 2 -> { // value functions over frames
                String r = pick(rnd, "first_value(" + arg + ")", "last_value(" + arg + ")", "nth_value(" + arg + ", " + (1 + rnd.nextInt(3)) + ")");
                fn = dfn = r;
                String[] fr = rowsFrame(rnd);
                frame = dframe = fr[0];
                needsTotal = true;
            }
            case 3 -> { // aggregates with ROWS frames or the default frame
                String[] a = aggregate(rnd, numArg, grouped);
                fn = a[0];
                dfn = a[1];
                if (rnd.nextInt(3) > 0) {
                    String[] fr = rowsFrame(rnd);
                    frame = dframe = fr[0];
                    needsTotal = true;
                } else {
                    needsTotal = false; // the default RANGE frame takes whole peer groups
                    if (rnd.nextInt(3) == 0) {
                        frame = dframe = " RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
                    } else if (rnd.nextInt(3) == 0) {
                        frame = dframe = " RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING";
                    }
                }
                if (a[2] != null && !needsTotal) {
                    needsTotal = true; // first/last: ties in time between series
                }
            }
            case 4, 5 -> { // aggregates over RANGE offset frames (one ORDER BY key, whole peer groups)
                String[] a = aggregate(rnd, numArg, false);
                String col = pick(rnd, "ts", "n", "v");
                boolean desc = rnd.nextBoolean();
                String[] lo = rangeOffset(rnd, col);
                String[] hi = rangeOffset(rnd, col);
                String[][] bounds = rangeBounds(rnd, lo, hi);
                order = col + (desc ? " DESC" : "") + (rnd.nextInt(4) == 0 ? " NULLS FIRST" : "");
                String[] r = a;
                if (a[2] != null) { // first/last need a total order: not with RANGE offsets
                    r = new String[] {"count(*)", "count(*)", null};
                }
                String s = (partition + "ORDER BY " + order + " RANGE BETWEEN " + bounds[0][0] + " AND " + bounds[1][0]).trim();
                String dd = (partition + "ORDER BY " + order + " RANGE BETWEEN " + bounds[0][1] + " AND " + bounds[1][1]).trim();
                return new String[] {r[0] + " OVER (" + s + ")", r[1] + " OVER (" + dd + ")"};
            }
            default -> { // delta: the previous row
                fn = "delta(" + arg + ")";
                dfn = "(" + arg + " - lag(" + arg + "))";
                needsTotal = true;
                String o = (partition + "ORDER BY " + order + (total ? "" : tiebreak)).trim();
                return new String[] {fn + " OVER (" + o + ")", "(" + arg + " - lag(" + arg + ") OVER (" + o + "))"};
            }
        }
        boolean noOrder = !needsTotal && rnd.nextInt(5) == 0 && frame.isEmpty();
        String o = noOrder ? "" : "ORDER BY " + order + (needsTotal && !total ? tiebreak : "");
        if (noOrder && kind == 1) {
            o = "ORDER BY " + order + tiebreak;
        }
        String s = (partition + o + frame).trim();
        String dd = (partition + o + dframe).trim();
        return new String[] {fn + " OVER (" + s + ")", dfn + " OVER (" + dd + ")"};
    }

    /** {sundial, duckdb, "first/last" or null} of a random aggregate of {@code x}. */
    private static String[] aggregate(Random rnd, String x, boolean grouped) {
        String filter = rnd.nextInt(4) == 0 ? (grouped ? " FILTER (WHERE count(*) > 1)" : " FILTER (WHERE n > 0)") : "";
        return switch (rnd.nextInt(grouped ? 9 : 12)) {
            case 0 -> new String[] {"count(*)" + filter, "count(*)" + filter, null};
            case 1 -> new String[] {"count(" + x + ")" + filter, "count(" + x + ")" + filter, null};
            case 2 -> new String[] {"sum(" + x + ")" + filter, "sum(" + x + ")" + filter, null};
            case 3 -> new String[] {"avg(" + x + ")" + filter, "avg(" + x + ")" + filter, null};
            case 4 -> new String[] {"min(" + x + ")" + filter, "min(" + x + ")" + filter, null};
            case 5 -> new String[] {"max(" + x + ")" + filter, "max(" + x + ")" + filter, null};
            case 6 -> new String[] {"stddev(" + x + ")" + filter, "stddev_samp(" + x + ")" + filter, null};
            case 7 -> new String[] {"var_pop(" + x + ")" + filter, "var_pop(" + x + ")" + filter, null};
            case 8 -> new String[] {"median(" + x + ")", "median(" + x + ")", null};
            case 9 -> new String[] {"percentile(" + x + ", 0.25)", "quantile_cont(" + x + ", 0.25)", null};
            case 10 -> new String[] {"first(v, ts)", "arg_min(v, ts) FILTER (WHERE v IS NOT NULL)", "first"};
            default -> new String[] {"last(v, ts)", "arg_max(v, ts) FILTER (WHERE v IS NOT NULL)", "last"};
        };
    }

    private static String[] rowsFrame(Random rnd) {
        int a = rnd.nextInt(4);
        int b = rnd.nextInt(4);
        // cases 4 and 5 are never inverted (start after end): DuckDB 1.4 counts such a frame negative
        String f = switch (rnd.nextInt(8)) {
            case 0 -> " ROWS BETWEEN " + a + " PRECEDING AND " + b + " FOLLOWING";
            case 1 -> " ROWS " + a + " PRECEDING";
            case 2 -> " ROWS BETWEEN UNBOUNDED PRECEDING AND " + b + " FOLLOWING";
            case 3 -> " ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING";
            case 4 -> " ROWS BETWEEN " + Math.min(a, b) + " FOLLOWING AND " + Math.max(a, b) + " FOLLOWING";
            case 5 -> " ROWS BETWEEN " + Math.max(a, b) + " PRECEDING AND " + Math.min(a, b) + " PRECEDING";
            case 6 -> " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
            default -> " ROWS UNBOUNDED PRECEDING";
        };
        return new String[] {f};
    }

    /** {sundial, duckdb} offset of a RANGE bound over {@code col}. */
    private static String[] rangeOffset(Random rnd, String col) {
        return switch (col) {
            case "ts" -> {
                int minutes = 1 + rnd.nextInt(30); // INTERVAL literals are never zero in Sundial
                yield new String[] {"INTERVAL '" + minutes + " minutes'", String.valueOf(minutes * 60 * SECOND)};
            }
            // never 0: DuckDB 1.4 takes a RANGE bound of 0 PRECEDING/FOLLOWING row by row instead of
            // with the current row's peers (PostgreSQL and Sundial include the peers)
            case "n" -> {
                String o = String.valueOf(1 + rnd.nextInt(3));
                yield new String[] {o, o};
            }
            default -> {
                String o = String.valueOf((1 + rnd.nextInt(11)) / 4.0);
                yield new String[] {o, o};
            }
        };
    }

    /** Random {start, end} bounds, each {sundial, duckdb}, in a valid combination. */
    private static String[][] rangeBounds(Random rnd, String[] lo, String[] hi) {
        return switch (rnd.nextInt(6)) {
            case 0 -> new String[][] {{lo[0] + " PRECEDING", lo[1] + " PRECEDING"}, {"CURRENT ROW", "CURRENT ROW"}};
            case 1 -> new String[][] {{lo[0] + " PRECEDING", lo[1] + " PRECEDING"}, {hi[0] + " FOLLOWING", hi[1] + " FOLLOWING"}};
            case 2 -> new String[][] {{"CURRENT ROW", "CURRENT ROW"}, {hi[0] + " FOLLOWING", hi[1] + " FOLLOWING"}};
            case 3 -> new String[][] {{"UNBOUNDED PRECEDING", "UNBOUNDED PRECEDING"}, {hi[0] + " PRECEDING", hi[1] + " PRECEDING"}};
            case 4 -> new String[][] {{lo[0] + " FOLLOWING", lo[1] + " FOLLOWING"}, {"UNBOUNDED FOLLOWING", "UNBOUNDED FOLLOWING"}};
            default -> {
                // the start at least as far back as the end: DuckDB 1.4 counts an inverted RANGE frame negative
                if (Double.parseDouble(lo[1]) < Double.parseDouble(hi[1])) {
                    String[] t = lo;
                    lo = hi;
                    hi = t;
                }
                yield new String[][] {{lo[0] + " PRECEDING", lo[1] + " PRECEDING"}, {hi[0] + " PRECEDING", hi[1] + " PRECEDING"}};
            }
        };
    }

    private static Query groupedQuery(Random rnd) {
        String where = WHERES[rnd.nextInt(WHERES.length)];
        StringBuilder s = new StringBuilder("SELECT host, count(*), sum(n)");
        StringBuilder d = new StringBuilder("SELECT host, count(*), sum(n)");
        int k = 1 + rnd.nextInt(2);
        for (int i = 0; i < k; i++) {
            String[] f = rnd.nextInt(4) == 0 ? new String[] {"sum(count(*)) OVER ()", "sum(count(*)) OVER ()"} : windowFunction(rnd, true);
            s.append(", ").append(f[0]);
            d.append(", ").append(f[1]);
        }
        s.append(" FROM t").append(where).append(" GROUP BY host ORDER BY host");
        d.append(" FROM t").append(where).append(" GROUP BY host ORDER BY host");
        return new Query(s.toString(), d.toString());
    }

    private static Query filterQuery(Random rnd) {
        String where = WHERES[rnd.nextInt(WHERES.length)];
        String key = pick(rnd, "host", "dc");
        List<String[]> items = new ArrayList<>();
        int k = 1 + rnd.nextInt(4);
        for (int i = 0; i < k; i++) {
            String cond = pick(rnd, "v > 0", "n < 3", "host = 'h1'", "v IS NULL", "n BETWEEN -2 AND 4");
            String dir = rnd.nextBoolean() ? " DESC" : "";
            // DuckDB 1.4 ignores DESC at q = 0 and 1 (PostgreSQL and Sundial take the first / last in that order)
            double q = dir.isEmpty() ? rnd.nextInt(21) / 20.0 : (1 + rnd.nextInt(19)) / 20.0;
            // percentile_disc takes row ceil(q * n) in double arithmetic as PostgreSQL does (0.55 * 20 is
            // 11.000000000000002, row 12), DuckDB exactly (row 11): eighths make q * n exact
            double qd = dir.isEmpty() ? rnd.nextInt(9) / 8.0 : (1 + rnd.nextInt(7)) / 8.0;
            items.add(switch (rnd.nextInt(8)) {
                case 0 -> new String[] {"count(*) FILTER (WHERE " + cond + ")"};
                case 1 -> new String[] {"sum(n) FILTER (WHERE " + cond + ")"};
                case 2 -> new String[] {"avg(v) FILTER (WHERE " + cond + ")"};
                case 3 -> new String[] {"max(v) FILTER (WHERE " + cond + ")"};
                case 4 -> new String[] {"count(DISTINCT n) FILTER (WHERE " + cond + ")"};
                case 5 -> new String[] {"percentile_cont(" + q + ") WITHIN GROUP (ORDER BY v" + dir + ")"};
                case 6 -> new String[] {"percentile_disc(" + qd + ") WITHIN GROUP (ORDER BY n" + dir + ")"};
                default -> new String[] {"percentile_disc(" + qd + ") WITHIN GROUP (ORDER BY v" + dir + ") FILTER (WHERE " + cond + ")"};
            });
        }
        StringBuilder s = new StringBuilder("SELECT " + key);
        for (String[] it : items) {
            s.append(", ").append(it[0]);
        }
        s.append(" FROM t").append(where).append(" GROUP BY ").append(key).append(" ORDER BY ").append(key);
        return new Query(s.toString(), s.toString());
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    // ---- comparison -------------------------------------------------------------------------

    private void compare(Sundial db, Connection duck, Query q, long seed, int dataset, int index) throws Exception {
        String where = "seed=" + seed + " dataset=" + dataset + " case=" + index + "\n  sundial: " + q.sundial()
                + "\n  duckdb:  " + q.duck();
        List<List<Object>> actual = new ArrayList<>();
        List<ResultColumn> cols;
        long t0 = System.nanoTime();
        try (QueryResult r = db.sql(q.sundial())) {
            cols = r.columns();
            actual.addAll(DuckDbRows.of(r, cols));
        } catch (QueryException e) {
            throw new AssertionError("Sundial failed: " + e.getMessage() + "\n" + where, e);
        }
        long t1 = System.nanoTime();
        sundialNanos += t1 - t0;
        List<List<Object>> expected = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(q.duck())) {
            if (rs.getMetaData().getColumnCount() != cols.size()) {
                fail("column count " + cols.size() + " vs DuckDB " + rs.getMetaData().getColumnCount() + "\n" + where);
            }
            expected.addAll(DuckDbRows.of(rs, cols));
        }
        duckNanos += System.nanoTime() - t1;
        rowsCompared += actual.size();
        if (actual.size() != expected.size()) {
            fail("row count " + actual.size() + " vs DuckDB " + expected.size() + "\n" + where);
        }
        boolean debug = Boolean.getBoolean("sundial.window.debug");
        for (int r = 0; r < actual.size(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                if (!same(actual.get(r).get(c), expected.get(r).get(c), cols.get(c).type())) {
                    fail("row " + r + " column " + c + " (" + cols.get(c).name() + "): " + actual.get(r) + " vs DuckDB "
                            + expected.get(r) + "\n" + where + (debug ? "\n  sundial rows: " + actual + "\n  duckdb rows:  " + expected : ""));
                }
            }
        }
    }

    private static boolean same(Object a, Object b, SqlType type) {
        if (a == null || b == null) {
            return a == b;
        }
        if (type == SqlType.DOUBLE) {
            double x = (Double) a;
            double y = (Double) b;
            if (Double.compare(x, y) == 0 || x == y) {
                return true;
            }
            double diff = Math.abs(x - y);
            return diff <= 1e-6 || diff <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
        }
        return Objects.equals(a, b);
    }
}
