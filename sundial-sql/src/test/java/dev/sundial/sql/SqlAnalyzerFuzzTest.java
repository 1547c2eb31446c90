package dev.sundial.sql;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer fuzz test of the whole SQL path (parser, analyzer, planner, executor) on a small real
 * database: any text ends in a drained result or a {@link QueryException}, never another
 * exception, and within a bounded time (the statement timeout is 2 s; an input taking over 20 s
 * is reported as a hang). The database (one table {@code t} with rows in a flushed segment and in
 * the head) is shared by all inputs and rebuilt when an input dropped the table. Under plain
 * {@code mvn test} the seeds in {@code SqlAnalyzerFuzzTestInputs/anySql/} and the empty input are
 * replayed; {@code JAZZER_FUZZ=1} fuzzes for real. {@code tokenSql} strings together the
 * dialect's tokens so that more inputs reach the analyzer, planner and executor.
 */
class SqlAnalyzerFuzzTest {
    private static Sundial db;

    /** SQL built from the dialect's tokens: gets past the parser far more often than raw text. */
    private static final String[] TOKENS = {
        "SELECT", "FROM", "t", "WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "OFFSET", "DESC", "ASC",
        "JOIN", "LEFT JOIN", "FULL JOIN", "CROSS JOIN", "ASOF JOIN", "ASOF LEFT JOIN", "ON", "USING (host)", "t a", "t b",
        "a.ts", "b.ts", "a.host", "b.v", "a.*", "TOLERANCE", "a.ts >= b.ts", "a.host = b.host",
        "NULLS FIRST", "NULLS LAST", "DISTINCT", "DISTINCT ON (host)", "LATEST BY", "AND", "OR", "NOT", "IS NULL",
        "IS NOT NULL", "IN", "LIKE", "~", "BETWEEN", "CAST(", "AS", "DOUBLE", "BIGINT", "VARCHAR", "TIMESTAMP",
        "BOOLEAN", "::", "(", ")", ",", "*", "+", "-", "/", "%", "=", "<>", "<", ">=", "||", "ts", "host", "dc", "v",
        "n", "b", "s", "1", "0", "-1", "2.5", "'NaN'", "NULL", "true", "'a'", "'%a%'", "'5m'", "'1 month'",
        "'2024-01-01'", "INTERVAL '1 hour'", "9223372036854775807", "$1", "time_bucket(", "time_bucket_gapfill(",
        "date_trunc('week',", "locf(", "interpolate(", "count(*)", "count(", "sum(", "avg(", "min(", "max(",
        "first(", "last(", "stddev(", "variance(", "percentile(", "median(", "coalesce(", "greatest(", "round(",
        "abs(", "now()", "CASE WHEN", "THEN", "ELSE", "END", "EXPLAIN", "EXPLAIN ANALYZE", "INSERT INTO t (ts, v)",
        "VALUES", "DELETE FROM t", "SHOW TABLES",
    };

    @FuzzTest(maxDuration = "60s")
    void tokenSql(FuzzedDataProvider data) throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = data.consumeInt(1, 40);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            sb.append(TOKENS[data.consumeInt(0, TOKENS.length - 1)]).append(' ');
        }
        check(sb.toString(), data.consumeBoolean());
    }

    @FuzzTest(maxDuration = "60s")
    void anySql(FuzzedDataProvider data) throws IOException {
        boolean withParam = data.consumeBoolean();
        check(data.consumeRemainingAsString(), withParam);
    }

    static void check(String sql, boolean withParam) throws IOException {
        Sundial database = database();
        long start = System.nanoTime();
        try (QueryResult r = withParam ? database.sql(sql, 1L) : database.sql(sql)) {
            int columns = r.columns().size();
            long rows = 0;
            while (r.next()) {
                for (int i = 0; i < columns; i++) {
                    r.getObject(i);
                }
                if (++rows > 1_000_000) {
                    break; // enough: a cross product of constants may be long but is not a bug
                }
            }
        } catch (QueryException expected) {
            if (expected.line() < 0 || expected.column() < 0 || expected.position() < 0) {
                throw new IllegalStateException("bad position in " + expected.getMessage());
            }
            expected.describe();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis > 20_000) {
            throw new IllegalStateException("statement took " + millis + " ms: " + sql);
        }
        if (database.table("t") == null) {
            fill(database);
        }
    }

    private static synchronized Sundial database() throws IOException {
        if (db == null) {
            Path dir = Files.createTempDirectory("sundial-sql-fuzz");
            db = Sundial.open(dir, SundialOptions.defaults().withQueryTimeoutMillis(2_000)
                    .withQueryMemoryBytes(64L << 20));
            fill(db);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        return db;
    }

    private static void fill(Sundial d) throws IOException {
        drain(d, "CREATE TIMESERIES TABLE IF NOT EXISTS t (ts TIMESTAMP, host VARCHAR TAG, dc VARCHAR TAG,"
                + " v DOUBLE, n BIGINT, b BOOLEAN, s VARCHAR) WITH (partition_by='hour')");
        drain(d, "INSERT INTO t (ts, host, dc, v, n, b, s) VALUES ('2024-01-01 00:00:00', 'a', 'east', 1.5, 1, true, 'x'),"
                + " ('2024-01-01 00:05:00', 'a', NULL, NULL, 2, false, NULL), ('2024-01-01 01:00:00', 'b', 'west', 'NaN', -3, NULL, 'y'),"
                + " ('2024-01-01 02:30:00', NULL, 'west', -0.0, 9223372036854775807, true, 'zz')");
        d.flush();
        drain(d, "INSERT INTO t (ts, host, v, n) VALUES ('2024-01-01 00:05:00', 'a', 7, NULL), ('2024-01-01 03:00:00', 'c', 2.25, 4)");
    }

    private static void drain(Sundial d, String sql) {
        try (QueryResult r = d.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }
}
