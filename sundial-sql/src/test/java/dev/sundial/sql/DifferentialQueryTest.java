package dev.sundial.sql;

import static org.assertj.core.api.Assertions.fail;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.Sundial;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of the SQL engine against DuckDB (in process, {@code jdbc:duckdb:}): seeded
 * random tables and random queries from the supported subset run on both, and the results must
 * agree row by row.
 *
 * <p><b>Data.</b> Each dataset is written to Sundial in several {@code INSERT}s, out of time order,
 * with duplicate (series, timestamp) pairs, missing tags and NULL fields, with {@code db.flush()}
 * between some inserts so rows live in overlapping segments and in the in-memory head. Sundial
 * upserts per (series, timestamp), last write wins per field and a NULL field keeps the older value;
 * {@link UpsertModel} applies that in write order and DuckDB gets only the final rows. DuckDB keeps
 * the timestamp as BIGINT epoch nanoseconds (Sundial compares integers with timestamps as epoch
 * nanoseconds, so time filters are the same text), and {@code time_bucket} becomes
 * {@code ts - (((ts - origin) % w) + w) % w} with TimescaleDB's default origin 2000-01-03.
 *
 * <p><b>Comparison.</b> Same column count and row count; BIGINT, TIMESTAMP, VARCHAR and BOOLEAN
 * values exactly; DOUBLE values within relative tolerance 1e-9, or absolute 1e-9 when both are
 * near 0 (stddev/variance are computed differently); NULL equals only NULL. Every query orders by
 * a unique key (all group keys, or series + time) so the row order is determined.
 *
 * <p><b>Covered:</b> filters on time ranges, tags (=, &lt;&gt;, IN, NOT IN, LIKE, NOT LIKE, IS NULL),
 * values (comparisons, BETWEEN, IS NULL), AND/OR/NOT, arithmetic and a few scalar functions; GROUP
 * BY tags, value columns and {@code time_bucket} (with and without origin, by expression or ordinal); min, max,
 * sum, avg, count, count(*), count(DISTINCT), stddev, variance, percentile, first/last (only when
 * grouping by the whole series key, where time is unique); HAVING; ORDER BY with NULLS FIRST/LAST;
 * LIMIT/OFFSET; SELECT DISTINCT; {@code extract}/{@code date_part} of every field of the timestamp, of
 * {@code to_timestamp(seconds)} spread over 1843–2096 and of either {@code AT TIME ZONE} a named zone
 * (DuckDB: {@code timezone(zone, timestamptz)} in a UTC session), also as GROUP BY keys and in WHERE,
 * Grafana's {@code floor(extract(epoch from ts)/w)*w} bucket and {@code ts BETWEEN 'ISO' AND 'ISO'},
 * {@code to_timestamp} values compared as epoch nanoseconds. DuckDB runs with PostgreSQL's default NULL
 * order. DuckDB's timestamps hold microseconds and its sub-minute fields are whole numbers, so
 * Sundial's are compared through {@code floor()}.
 *
 * <p><b>Avoided dialect differences</b> (never generated): division and modulo by zero (DuckDB
 * gives NULL, Sundial raises), integer division is written {@code //} for DuckDB (its {@code /}
 * is floating), BIGINT overflow (values are small), month buckets (pinned in SqlSemanticsTest),
 * NaN and -0.0 (pinned there too). Doubles are multiples of 1/4 so sums are exact.
 *
 * <p>Replay: {@code -Dsundial.sql.seed=<seed>}; a failure prints the seed, the case number and
 * both SQL texts. Runs single-threaded; each test owns its database.
 */
class DifferentialQueryTest {
    private static final int DATASETS = 3;
    private static final int QUERIES_PER_DATASET = 700;
    private static final long ORIGIN_2000_01_03 = 946_857_600_000_000_000L;
    private static final long BASE = 1_710_028_800_000_000_000L; // 2024-03-10T00:00:00Z
    private static final long SECOND = 1_000_000_000L;
    private static final long SPAN = 5 * 3600 * SECOND;
    private static final String[] HOSTS = {"h0", "h1", "h2", "h3", "h10", "web-1", null};
    private static final String[] DCS = {"east", "west", null};

    @TempDir
    Path dir;

    private static long sundialNanos;
    private static long duckNanos;
    private static long rowsCompared;

    @Test
    void randomQueriesAgreeWithDuckDb() throws Exception {
        long seed = Long.getLong("sundial.sql.seed", System.nanoTime());
        System.out.println("DifferentialQueryTest seed=" + seed + " (replay with -Dsundial.sql.seed=" + seed + ")");
        Random master = new Random(seed);
        int cases = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = duck.createStatement()) {
                // PostgreSQL's defaults, which Sundial follows: NULLS LAST for ASC, FIRST for DESC.
                st.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
                // Sundial reads timestamps in UTC: so does DuckDB's date_part of a TIMESTAMPTZ in a UTC session
                st.execute("SET TimeZone = 'UTC'");
            }
            for (int d = 0; d < DATASETS; d++) {
                Random rnd = new Random(master.nextLong());
                Path dbDir = dir.resolve("db" + d);
                try (Sundial db = Sundial.open(dbDir, dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
                    load(db, duck, rnd, 200 + rnd.nextInt(1500));
                    QueryGen gen = new QueryGen(rnd);
                    for (int q = 0; q < QUERIES_PER_DATASET; q++) {
                        QueryGen.Query query = gen.next();
                        compare(db, duck, query, seed, d, q);
                        cases++;
                    }
                }
            }
        }
        System.out.println("DifferentialQueryTest: " + cases + " cases agreed (" + rowsCompared + " rows); sundial ms " + sundialNanos / 1_000_000
                + ", duckdb ms " + duckNanos / 1_000_000);
    }

    // ---- data -------------------------------------------------------------------------------

    /** Final row per (host, dc, ts) after upserts: a later non-NULL field replaces the older. */
    static final class UpsertModel {
        final Map<List<Object>, Object[]> rows = new LinkedHashMap<>();

        void write(String host, String dc, long ts, Double v, Long n) {
            List<Object> key = java.util.Arrays.asList(host, dc, ts);
            Object[] row = rows.get(key);
            if (row == null) {
                rows.put(key, new Object[] {v, n});
                return;
            }
            if (v != null) {
                row[0] = v;
            }
            if (n != null) {
                row[1] = n;
            }
        }
    }

    private static void load(Sundial db, Connection duck, Random rnd, int writes) throws Exception {
        drain(db, "CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, dc VARCHAR TAG, v DOUBLE, n BIGINT)"
                + " WITH (partition_by='hour')");
        UpsertModel model = new UpsertModel();
        List<long[]> usedTs = new ArrayList<>();
        StringBuilder insert = new StringBuilder();
        int inBatch = 0;
        int flushes = 0;
        for (int i = 0; i < writes; i++) {
            String host = HOSTS[rnd.nextInt(HOSTS.length)];
            String dc = DCS[rnd.nextInt(DCS.length)];
            long ts;
            if (!model.rows.isEmpty() && rnd.nextInt(5) == 0) {
                // Rewrite an existing (series, ts): the upsert path.
                List<Object> k = new ArrayList<>(model.rows.keySet()).get(rnd.nextInt(model.rows.size()));
                host = (String) k.get(0);
                dc = (String) k.get(1);
                ts = (Long) k.get(2);
            } else if (!usedTs.isEmpty() && rnd.nextInt(6) == 0) {
                ts = usedTs.get(rnd.nextInt(usedTs.size()))[0]; // same ts, maybe another series
            } else {
                ts = randomTs(rnd);
            }
            usedTs.add(new long[] {ts});
            Double v = rnd.nextInt(6) == 0 ? null : (rnd.nextInt(801) - 400) / 4.0;
            Long n = rnd.nextInt(6) == 0 ? null : (long) (rnd.nextInt(2001) - 1000);
            if (v == null && n == null) {
                n = (long) rnd.nextInt(10);
            }
            model.write(host, dc, ts, v, n);
            insert.append(inBatch == 0 ? "INSERT INTO t (ts, host, dc, v, n) VALUES " : ", ")
                    .append('(').append(ts).append(", ").append(lit(host)).append(", ").append(lit(dc)).append(", ")
                    .append(v == null ? "NULL" : v.toString()).append(", ").append(n == null ? "NULL" : n.toString())
                    .append(')');
            inBatch++;
            if (inBatch >= 1 + rnd.nextInt(300) || i == writes - 1) {
                drain(db, insert.toString());
                insert.setLength(0);
                inBatch = 0;
                if (rnd.nextInt(4) == 0 && flushes++ < 6 && i < writes - 1) {
                    db.flush();
                }
            }
        }
        try (Statement st = duck.createStatement()) {
            st.execute("DROP TABLE IF EXISTS t");
            st.execute("CREATE TABLE t (ts BIGINT, host VARCHAR, dc VARCHAR, v DOUBLE, n BIGINT)");
        }
        try (PreparedStatement ps = duck.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<List<Object>, Object[]> e : model.rows.entrySet()) {
                ps.setLong(1, (Long) e.getKey().get(2));
                ps.setObject(2, e.getKey().get(0));
                ps.setObject(3, e.getKey().get(1));
                ps.setObject(4, e.getValue()[0]);
                ps.setObject(5, e.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long randomTs(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> BASE + rnd.nextLong(SPAN / (60 * SECOND)) * 60 * SECOND; // minute boundaries
            case 1 -> BASE + rnd.nextLong(SPAN / SECOND) * SECOND;
            case 2 -> BASE - 3600 * SECOND + rnd.nextLong(SPAN); // nanosecond precision, an hour earlier
            default -> BASE + rnd.nextLong(SPAN);
        };
    }

    static String lit(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }

    private static void drain(Sundial db, String sql) {
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }

    // ---- comparison -------------------------------------------------------------------------

    private static void compare(Sundial db, Connection duck, QueryGen.Query q, long seed, int dataset, int index)
            throws Exception {
        String where = "seed=" + seed + " dataset=" + dataset + " case=" + index + "\n  sundial: " + q.sundial()
                + "\n  duckdb:  " + q.duck();
        List<List<Object>> expected = new ArrayList<>();
        List<ResultColumn> cols;
        List<List<Object>> actual = new ArrayList<>();
        long t0 = System.nanoTime();
        try (QueryResult r = db.sql(q.sundial())) {
            cols = r.columns();
            actual.addAll(DuckDbRows.of(r, cols));
        } catch (QueryException e) {
            throw new AssertionError("Sundial failed: " + e.getMessage() + "\n" + where, e);
        }
        long t1 = System.nanoTime();
        sundialNanos += t1 - t0;
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(q.duck())) {
            if (rs.getMetaData().getColumnCount() != cols.size()) {
                fail("column count " + cols.size() + " vs DuckDB " + rs.getMetaData().getColumnCount() + "\n" + where);
            }
            expected.addAll(DuckDbRows.of(rs, cols));
        }
        duckNanos += System.nanoTime() - t1;
        rowsCompared += actual.size();
        if (actual.size() != expected.size()) {
            fail("row count " + actual.size() + " vs DuckDB " + expected.size() + "\n" + where + "\n  sundial rows: "
                    + head(actual) + "\n  duckdb rows:  " + head(expected));
        }
        for (int r = 0; r < actual.size(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                if (!same(actual.get(r).get(c), expected.get(r).get(c), cols.get(c).type())) {
                    fail("row " + r + " column " + c + " (" + cols.get(c).name() + "): " + actual.get(r) + " vs DuckDB "
                            + expected.get(r) + "\n" + where);
                }
            }
        }
    }

    private static String head(List<List<Object>> rows) {
        return rows.size() <= 10 ? rows.toString() : rows.subList(0, 10) + " …";
    }

    static boolean same(Object a, Object b, SqlType type) {
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
            return diff <= 1e-9 || diff <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
        }
        return Objects.equals(a, b);
    }
}
