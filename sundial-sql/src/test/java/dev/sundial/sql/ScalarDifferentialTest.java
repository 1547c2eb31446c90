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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of the scalar functions and expression syntax of issue 11 against DuckDB (in
 * process): seeded random rows {@code t (ts, host TAG, s VARCHAR, v DOUBLE, n BIGINT)} with NULLs,
 * empty and accented strings, negative numbers and microsecond timestamps, and random queries
 * {@code SELECT host, e1, … FROM t [WHERE c] ORDER BY host, ts} whose expressions are rendered in
 * each dialect; results must agree row by row (doubles within 1e-9, as {@link DifferentialQueryTest}).
 *
 * <p><b>Generated</b> (where DuckDB and PostgreSQL agree): {@code substring} (both syntaxes, start ≥ 1),
 * {@code position … IN}/{@code strpos}, {@code replace} (non-empty pattern), {@code split_part}
 * (n ≥ 1), {@code left}/{@code right} (n ≥ 0), {@code lpad}/{@code rpad}, {@code trim} (all three
 * sides, default and given characters), {@code reverse}, {@code repeat}, {@code starts_with},
 * {@code concat_ws}, {@code length}, {@code upper}/{@code lower}, {@code nullif},
 * {@code IS [NOT] DISTINCT FROM}, {@code LIKE}/{@code ILIKE … ESCAPE}, E'…' strings (DuckDB gets the
 * decoded text), {@code mod}, {@code div} (DuckDB {@code //}), {@code sign}, {@code trunc(x)},
 * {@code greatest}/{@code least}, {@code ::date}, {@code to_char(ts, …)} against {@code strftime} and
 * {@code to_timestamp(text, …)} against {@code strptime} for the patterns with a strftime equivalent.
 *
 * <p><b>Not generated</b> (DuckDB differs from PostgreSQL or lacks the function, pinned by the unit
 * tests in {@code dev.sundial.sql.scalar} instead): substring with a start below 1 (DuckDB counts
 * from the end), negative split_part/left/right counts, LIKE without ESCAPE on a backslash (DuckDB has
 * no default escape), {@code initcap}, {@code to_char} of numbers, {@code width_bucket},
 * {@code log(b, x)}, {@code trunc(x, n)}, NUMERIC(p, s) (DuckDB's DECIMAL rounds differently at the
 * half), padded {@code Month}/{@code Day} names, division by zero (DuckDB gives NULL).
 *
 * <p>Replay: {@code -Dsundial.sql.seed=<seed>}; a failure prints the seed, the case and both SQL
 * texts. Single-threaded; each run owns its database.
 */
class ScalarDifferentialTest {
    private static final int DATASETS = 2;
    private static final int QUERIES_PER_DATASET = 1100;
    private static final String[] HOSTS = {"a", "b", "c", "d"};
    private static final String[] STRINGS = {"", "abc", "Hello World", "a,b,,c", "  padded  ", "xx_yy%zz", "héllo wörld",
        "ÄÖü-strasse", "The quick brown fox", "mixed CASE words-here", "aaa", "b", "a!%b", "x y z", "12,345,6"};
    private static final String[] NEEDLES = {"a", "o", "", "ll", "x", " ", ",", "é", "ab", "zz", "%"};
    private static final long BASE_MICROS = 1_704_067_200_000_000L; // 2024-01-01T00:00:00Z

    @TempDir
    Path dir;

    private static long sundialNanos;
    private static long duckNanos;

    /** An expression in both dialects and its Sundial result type. */
    private record X(String s, String d) {
        static X same(String text) {
            return new X(text, text);
        }
    }

    @Test
    void scalarFunctionsAgreeWithDuckDb() throws Exception {
        long seed = Long.getLong("sundial.sql.seed", System.nanoTime());
        System.out.println("ScalarDifferentialTest seed=" + seed + " (replay with -Dsundial.sql.seed=" + seed + ")");
        Random master = new Random(seed);
        int cases = 0;
        long rows = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = duck.createStatement()) {
                st.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
                st.execute("SET TimeZone = 'UTC'");
            }
            for (int d = 0; d < DATASETS; d++) {
                Random rnd = new Random(master.nextLong());
                try (Sundial db = Sundial.open(dir.resolve("db" + d), dev.sundial.SundialOptions.defaults()
                        .withBackgroundMaintenance(false))) {
                    load(db, duck, rnd, 40 + rnd.nextInt(80));
                    for (int q = 0; q < QUERIES_PER_DATASET; q++) {
                        rows += compare(db, duck, query(rnd), "seed=" + seed + " dataset=" + d + " case=" + q);
                        cases++;
                    }
                }
            }
        }
        System.out.println("ScalarDifferentialTest: " + cases + " cases agreed (" + rows + " rows); sundial ms "
                + sundialNanos / 1_000_000 + ", duckdb ms " + duckNanos / 1_000_000);
    }

    // ---- data -------------------------------------------------------------------------------

    private static void load(Sundial db, Connection duck, Random rnd, int count) throws Exception {
        drain(db, "CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, s VARCHAR, v DOUBLE, n BIGINT)"
                + " WITH (partition_by='day')");
        try (Statement st = duck.createStatement()) {
            st.execute("DROP TABLE IF EXISTS t");
            st.execute("CREATE TABLE t (ts TIMESTAMP, host VARCHAR, s VARCHAR, v DOUBLE, n BIGINT)");
        }
        StringBuilder insert = new StringBuilder("INSERT INTO t (ts, host, s, v, n) VALUES ");
        try (PreparedStatement ps = duck.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                // distinct timestamps (so host, ts is unique) spread over two years, microsecond precision
                long micros = BASE_MICROS + i * 200_000_000_000L + rnd.nextLong(100_000_000_000L);
                String host = HOSTS[rnd.nextInt(HOSTS.length)];
                String s = rnd.nextInt(8) == 0 ? null : STRINGS[rnd.nextInt(STRINGS.length)];
                Double v = rnd.nextInt(8) == 0 ? null : (rnd.nextInt(801) - 400) / 4.0;
                Long n = rnd.nextInt(8) == 0 ? null : (long) (rnd.nextInt(41) - 20);
                Instant ts = Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000);
                insert.append(i == 0 ? "" : ", ").append("('").append(ts).append("', '").append(host).append("', ")
                        .append(DifferentialQueryTest.lit(s)).append(", ").append(v).append(", ").append(n).append(')');
                ps.setObject(1, java.time.LocalDateTime.ofInstant(ts, java.time.ZoneOffset.UTC));
                ps.setString(2, host);
                ps.setObject(3, s);
                ps.setObject(4, v);
                ps.setObject(5, n);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        drain(db, insert.toString());
        if (rnd.nextBoolean()) {
            db.flush();
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

    private static QueryGen.Query query(Random rnd) {
        List<X> cols = new ArrayList<>();
        int k = 1 + rnd.nextInt(3);
        for (int i = 0; i < k; i++) {
            cols.add(switch (rnd.nextInt(4)) {
                case 0, 1 -> text(rnd);
                case 2 -> number(rnd);
                default -> time(rnd);
            });
        }
        StringBuilder s = new StringBuilder("SELECT host");
        StringBuilder d = new StringBuilder("SELECT host");
        for (X c : cols) {
            s.append(", ").append(c.s());
            d.append(", ").append(c.d());
        }
        s.append(" FROM t");
        d.append(" FROM t");
        if (rnd.nextInt(3) == 0) {
            X c = condition(rnd);
            s.append(" WHERE ").append(c.s());
            d.append(" WHERE ").append(c.d());
        }
        s.append(" ORDER BY host, ts");
        d.append(" ORDER BY host, ts");
        return new QueryGen.Query(s.toString(), d.toString());
    }

    private static String pick(Random rnd, String[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private static String lit(String s) {
        return DifferentialQueryTest.lit(s);
    }

    /** A text operand: the column, a literal, or an E'…' literal with escapes (DuckDB gets the decoded text). */
    private static X str(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> X.same(lit(pick(rnd, STRINGS)));
            case 1 -> new X("E'tab\\there\\x21\\u00e9'", "'tab\there!é'");
            case 2 -> X.same("upper(s)");
            default -> X.same("s");
        };
    }

    private static X text(Random rnd) {
        X a = str(rnd);
        X b = str(rnd);
        String needle = lit(pick(rnd, NEEDLES));
        String nonEmpty = lit(pick(rnd, new String[] {"a", "o", "ll", "x", " ", ",", "é", "ab", "zz"}));
        String other = lit(pick(rnd, STRINGS));
        int i = 1 + rnd.nextInt(6);
        int j = rnd.nextInt(6);
        return switch (rnd.nextInt(21)) {
            case 0 -> new X("substring(" + a.s() + ", " + i + ", " + j + ")", "substring(" + a.d() + ", " + i + ", " + j + ")");
            case 1 -> new X("substring(" + a.s() + " FROM " + i + " FOR " + j + ")", "substring(" + a.d() + ", " + i + ", " + j + ")");
            case 2 -> new X("substring(" + a.s() + " FROM " + i + ")", "substring(" + a.d() + ", " + i + ")");
            case 3 -> new X("position(" + needle + " IN " + a.s() + ")", "strpos(" + a.d() + ", " + needle + ")");
            case 4 -> new X("strpos(" + a.s() + ", " + needle + ")", "strpos(" + a.d() + ", " + needle + ")");
            case 5 -> new X("replace(" + a.s() + ", " + nonEmpty + ", " + needle + ")", "replace(" + a.d() + ", " + nonEmpty + ", " + needle + ")");
            case 6 -> new X("split_part(" + a.s() + ", " + nonEmpty + ", " + (j % 4 + 1) + ")",
                    "split_part(" + a.d() + ", " + nonEmpty + ", " + (j % 4 + 1) + ")");
            case 7 -> new X("left(" + a.s() + ", " + j + ")", "left(" + a.d() + ", " + j + ")");
            case 8 -> new X("right(" + a.s() + ", " + j + ")", "right(" + a.d() + ", " + j + ")");
            case 9 -> {
                String fn = j % 2 == 0 ? "lpad" : "rpad";
                yield i % 2 == 0
                        ? new X(fn + "(" + a.s() + ", " + (j * 3) + ")", fn + "(" + a.d() + ", " + (j * 3) + ", ' ')")
                        : new X(fn + "(" + a.s() + ", " + (j * 3) + ", " + nonEmpty + ")", fn + "(" + a.d() + ", " + (j * 3) + ", " + nonEmpty + ")");
            }
            case 10 -> {
                String side = new String[] {"LEADING", "TRAILING", "BOTH"}[j % 3];
                String fn = new String[] {"ltrim", "rtrim", "trim"}[j % 3];
                String chars = lit(new String[] {" ", "a ", "xz", "d-", "éh", "Tb"}[i - 1]);
                yield i % 2 == 0
                        ? new X("trim(" + side + " " + chars + " FROM " + a.s() + ")", fn + "(" + a.d() + ", " + chars + ")")
                        : new X("trim(" + side + " FROM " + a.s() + ")", fn + "(" + a.d() + ")");
            }
            case 11 -> new X("btrim(" + a.s() + ")", "trim(" + a.d() + ")");
            case 12 -> new X("reverse(" + a.s() + ")", "reverse(" + a.d() + ")");
            case 13 -> new X("repeat(" + a.s() + ", " + (j - 1) + ")", "repeat(" + a.d() + ", " + Math.max(0, j - 1) + ")");
            case 14 -> new X("concat_ws(" + nonEmpty + ", " + a.s() + ", host, NULL, " + b.s() + ")",
                    "concat_ws(" + nonEmpty + ", " + a.d() + ", host, NULL, " + b.d() + ")");
            case 15 -> new X("length(" + a.s() + ")", "length(" + a.d() + ")");
            case 16 -> new X("nullif(" + a.s() + ", " + other + ")", "nullif(" + a.d() + ", " + other + ")");
            case 17 -> new X("lower(" + a.s() + ") || '|' || " + b.s(), "lower(" + a.d() + ") || '|' || " + b.d());
            case 18 -> new X("CAST(starts_with(" + a.s() + ", " + needle + ") AS VARCHAR)",
                    "CAST(starts_with(" + a.d() + ", " + needle + ") AS VARCHAR)");
            case 19 -> new X("substr(" + a.s() + ", " + i + ")", "substr(" + a.d() + ", " + i + ")");
            default -> new X("CAST(" + a.s() + " IS DISTINCT FROM " + b.s() + " AS VARCHAR)",
                    "CAST(" + a.d() + " IS DISTINCT FROM " + b.d() + " AS VARCHAR)");
        };
    }

    private static X num(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> X.same("n");
            case 1 -> X.same("v");
            case 2 -> X.same(String.valueOf(rnd.nextInt(21) - 10));
            default -> X.same("(n - " + rnd.nextInt(5) + ")");
        };
    }

    private static X number(Random rnd) {
        X a = num(rnd);
        X b = num(rnd);
        int k = rnd.nextInt(9) - 4;
        int nonZero = k == 0 ? 3 : k;
        return switch (rnd.nextInt(9)) {
            case 0 -> new X("mod(n, " + nonZero + ")", "n % " + nonZero);
            case 1 -> new X("mod(v, " + nonZero + ")", "v % " + nonZero);
            case 2 -> new X("div(n, " + nonZero + ")", "n // " + nonZero);
            case 3 -> new X("sign(" + a.s() + ")", "sign(" + a.d() + ")");
            case 4 -> new X("trunc(v)", "trunc(v)");
            case 5 -> new X("greatest(" + a.s() + ", " + b.s() + ", " + k + ")", "greatest(" + a.d() + ", " + b.d() + ", " + k + ")");
            case 6 -> new X("least(" + a.s() + ", " + b.s() + ")", "least(" + a.d() + ", " + b.d() + ")");
            case 7 -> new X("nullif(n, " + k + ")", "nullif(n, " + k + ")");
            default -> new X("CAST(" + a.s() + " IS NOT DISTINCT FROM " + b.s() + " AS VARCHAR)",
                    "CAST(" + a.d() + " IS NOT DISTINCT FROM " + b.d() + " AS VARCHAR)");
        };
    }

    /** to_char/to_timestamp templates with their strftime/strptime equivalents. */
    private static final String[][] TEMPLATES = {
        {"YYYY-MM-DD HH24:MI:SS", "%Y-%m-%d %H:%M:%S"}, {"YYYY-MM-DD HH24:MI:SS.US", "%Y-%m-%d %H:%M:%S.%f"},
        {"DD/MM/YY HH12:MI AM", "%d/%m/%y %I:%M %p"}, {"Mon DD, YYYY", "%b %d, %Y"}, {"FMMonth YYYY", "%B %Y"},
        {"Dy HH24:MI:SS.MS", "%a %H:%M:%S.%g"}, {"FMDay DDD", "%A %j"}, {"IYYY-IW", "%G-%V"}, {"YYYYMMDDHH24MISS", "%Y%m%d%H%M%S"},
    };
    /** Templates to_timestamp reads back (a full date and time, no week or day-of-week fields). */
    private static final int[] READABLE = {0, 1, 2, 3, 8};

    private static X time(Random rnd) {
        switch (rnd.nextInt(5)) {
            case 0, 1: {
                String[] t = TEMPLATES[rnd.nextInt(TEMPLATES.length)];
                return new X("to_char(ts, '" + t[0] + "')", "strftime(ts, '" + t[1] + "')");
            }
            case 2: {
                String[] t = TEMPLATES[READABLE[rnd.nextInt(READABLE.length)]];
                return new X("CAST(to_timestamp(to_char(ts, '" + t[0] + "'), '" + t[0] + "') AS BIGINT)",
                        "epoch_ns(strptime(strftime(ts, '" + t[1] + "'), '" + t[1] + "'))");
            }
            case 3:
                return new X("CAST(ts::date AS BIGINT)", "epoch_ns(CAST(CAST(ts AS DATE) AS TIMESTAMP))");
            default:
                return new X("CAST(CAST(ts AS DATE) AS BIGINT)", "epoch_ns(CAST(CAST(ts AS DATE) AS TIMESTAMP))");
        }
    }

    private static X condition(Random rnd) {
        X a = str(rnd);
        String[][] patterns = {{"a!%b", "!"}, {"%!_%", "!"}, {"x#_y%", "#"}, {"%o%", "!"}, {"h_llo%", "$"}, {"%##%", "#"}};
        String[] p = patterns[rnd.nextInt(patterns.length)];
        String not = rnd.nextBoolean() ? "NOT " : "";
        return switch (rnd.nextInt(5)) {
            case 0 -> new X(a.s() + " " + not + "LIKE '" + p[0] + "' ESCAPE '" + p[1] + "'", a.d() + " " + not + "LIKE '" + p[0] + "' ESCAPE '" + p[1] + "'");
            case 1 -> new X(a.s() + " " + not + "ILIKE '" + p[0].toUpperCase(java.util.Locale.ROOT) + "' ESCAPE '" + p[1] + "'",
                    a.d() + " " + not + "ILIKE '" + p[0].toUpperCase(java.util.Locale.ROOT) + "' ESCAPE '" + p[1] + "'");
            case 2 -> new X("v IS " + not + "DISTINCT FROM n", "v IS " + not + "DISTINCT FROM n");
            case 3 -> new X("strpos(s, 'o') > 1", "strpos(s, 'o') > 1");
            default -> new X("mod(n, 3) = 1 OR split_part(s, ' ', 2) <> ''", "n % 3 = 1 OR split_part(s, ' ', 2) <> ''");
        };
    }

    // ---- comparison -------------------------------------------------------------------------

    private static long compare(Sundial db, Connection duck, QueryGen.Query q, String where) throws Exception {
        String context = where + "\n  sundial: " + q.sundial() + "\n  duckdb:  " + q.duck();
        List<List<Object>> actual = new ArrayList<>();
        List<ResultColumn> cols;
        long t0 = System.nanoTime();
        try (QueryResult r = db.sql(q.sundial())) {
            cols = r.columns();
            actual.addAll(DuckDbRows.of(r, cols));
        } catch (QueryException e) {
            throw new AssertionError("Sundial failed: " + e.getMessage() + "\n" + context, e);
        }
        long t1 = System.nanoTime();
        sundialNanos += t1 - t0;
        List<List<Object>> expected = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(q.duck())) {
            if (rs.getMetaData().getColumnCount() != cols.size()) {
                fail("column count " + cols.size() + " vs DuckDB " + rs.getMetaData().getColumnCount() + "\n" + context);
            }
            expected.addAll(DuckDbRows.of(rs, cols));
        }
        duckNanos += System.nanoTime() - t1;
        if (actual.size() != expected.size()) {
            fail("row count " + actual.size() + " vs DuckDB " + expected.size() + "\n" + context);
        }
        for (int r = 0; r < actual.size(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                SqlType type = cols.get(c).type();
                if (!DifferentialQueryTest.same(actual.get(r).get(c), expected.get(r).get(c), type)) {
                    fail("row " + r + " column " + c + ": " + actual.get(r) + " vs DuckDB " + expected.get(r) + "\n" + context);
                }
            }
        }
        return actual.size();
    }
}
