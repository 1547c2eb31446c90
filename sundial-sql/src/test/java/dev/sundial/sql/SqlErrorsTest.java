package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User errors in SQL: each must be a {@link QueryException} whose message names the problem (and a
 * suggestion where one is close), whose position/line/column point at the offending token, and
 * after which the database still answers queries. Each test owns a fresh database.
 */
class SqlErrorsTest {
    @TempDir
    Path dir;

    private Sundial db;

    @BeforeEach
    void open() {
        try {
            db = Sundial.open(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        drain("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, usage DOUBLE, n BIGINT, s VARCHAR)"
                + " WITH (partition_by='day')");
        drain("INSERT INTO cpu (ts, host, usage, n, s) VALUES (1, 'a', 1.5, 2, 'x')");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void drain(String sql, Object... params) {
        try (QueryResult r = db.sql(sql, params)) {
            while (r.next()) {
                // drain
            }
        }
    }

    /**
     * Runs a failing statement; asserts the message contains every fragment and the position is the
     * first occurrence of {@code at}, or the end of the text when it is null (line and column derived
     * from it); then checks the database
     * still answers.
     */
    private QueryException assertError(String sql, String at, String... fragments) {
        QueryException e = catchThrowableOfType(QueryException.class, () -> drain(sql));
        assertThat(e).as("expected a QueryException for %s", sql).isNotNull();
        assertThat(e.getMessage()).contains(fragments);
        int offset = at == null ? sql.length() : sql.indexOf(at);
        assertThat(offset).as("test bug: %s not in %s", at, sql).isGreaterThanOrEqualTo(0);
        String before = sql.substring(0, offset);
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        int column = offset - before.lastIndexOf('\n');
        assertThat(e.position()).as(e.getMessage()).isEqualTo(offset + 1);
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
        assertThat(e.describe()).contains(e.getMessage()).contains("^");
        stillUsable();
        return e;
    }

    private void stillUsable() {
        try (QueryResult r = db.sql("SELECT count(*), max(usage) FROM cpu")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(0)).isEqualTo(1);
            assertThat(r.getDouble(1)).isEqualTo(1.5);
        }
    }

    @Test
    void unknownTableSuggestsTheClosestName() {
        assertError("SELECT * FROM cpux", "cpux", "table \"cpux\" does not exist", "did you mean \"cpu\"");
    }

    @Test
    void unknownColumnSuggestsTheClosestName() {
        assertError("SELECT host, usag FROM cpu", "usag", "column \"usag\" does not exist", "did you mean \"usage\"");
        assertError("SELECT host FROM cpu WHERE hots = 'a'", "hots", "column \"hots\" does not exist", "did you mean \"host\"");
        drain("CREATE TIMESERIES TABLE devops (ts TIMESTAMP, hostname VARCHAR TAG, os VARCHAR TAG, v DOUBLE)");
        // two edits from "os", but the only name that "host" begins
        assertError("SELECT host FROM devops", "host", "column \"host\" does not exist", "did you mean \"hostname\"");
    }

    @Test
    void unknownFunctionSuggestsTheClosestName() {
        assertError("SELECT maxx(usage) FROM cpu", "maxx", "function maxx() does not exist", "did you mean max()");
    }

    @Test
    void typeErrorsNameTheExpressionOnItsLine() {
        // As in PostgreSQL, an operator type error points at the operator.
        assertError("SELECT host,\n  usage + s FROM cpu", "+ s", "cannot apply operator +", "DOUBLE and VARCHAR",
                "usage + s");
        assertError("SELECT sum(s) FROM cpu", "s)", "cannot apply sum() to VARCHAR s");
        assertError("SELECT * FROM cpu WHERE usage", "usage", "WHERE must be a BOOLEAN", "usage is DOUBLE");
    }

    @Test
    void aggregateInWhereIsRejected() {
        assertError("SELECT host FROM cpu WHERE max(usage) > 1", "max(", "aggregate function max() is not allowed in WHERE");
    }

    @Test
    void nonGroupedColumnIsRejected() {
        assertError("SELECT host, usage FROM cpu GROUP BY host", "usage",
                "column \"usage\" must appear in the GROUP BY clause or be used in an aggregate function");
    }

    @Test
    void badIntervalsAreRejectedAtTheLiteral() {
        assertError("SELECT time_bucket('5 parsecs', ts) FROM cpu", "'5 parsecs'", "cannot parse interval '5 parsecs'",
                "unknown unit");
        assertError("SELECT time_bucket('0m', ts) FROM cpu", "'0m'", "cannot parse interval '0m'", "zero");
    }

    @Test
    void badCreateOptionsAreClearErrors() {
        // The error points at the option at fault; the message names option and value.
        String sql = "CREATE TIMESERIES TABLE x (ts TIMESTAMP, v DOUBLE) WITH (compression='zip')";
        QueryException e = assertError(sql, "compression=", "compression", "zip", "expected one of");
        assertThat(e.getMessage()).contains("gorilla");
        assertError("CREATE TIMESERIES TABLE x (ts TIMESTAMP, v DOUBLE) WITH (compression='auto', partition_by='fortnight')",
                "partition_by", "partition_by", "fortnight");
        assertError("CREATE TIMESERIES TABLE x (ts TIMESTAMP, v DOUBLE) WITH (bogus='1')", "bogus", "bogus",
                "unknown option");
        assertError("CREATE TIMESERIES TABLE x (ts TIMESTAMP, v DOUBLE) WITH (rollup_intervals='1m,1h', retention_5m='1d')",
                "retention_5m", "no rollup level 5m");
        // None of them created the table.
        assertError("SELECT * FROM x", "x", "table \"x\" does not exist");
    }

    @Test
    void negativeLimitAndOffsetAreRejected() {
        assertError("SELECT * FROM cpu LIMIT -1", "-1", "LIMIT must be a non-negative integer");
        assertError("SELECT * FROM cpu OFFSET -1", "-1", "OFFSET must be a non-negative integer");
    }

    @Test
    void wrongParameterCountIsRejected() {
        QueryException e = catchThrowableOfType(QueryException.class, () -> drain("SELECT * FROM cpu WHERE n = $1"));
        assertThat(e.getMessage()).contains("takes 1 parameter(s), got 0");
        // Not tied to one token: no position.
        assertThat(e.position()).isZero();
        e = catchThrowableOfType(QueryException.class, () -> drain("SELECT * FROM cpu WHERE n = $1", 1L, 2L));
        assertThat(e.getMessage()).contains("takes 1 parameter(s), got 2");
        stillUsable();
        try (QueryResult r = db.sql("SELECT usage FROM cpu WHERE n = $1", 2L)) {
            assertThat(r.next()).isTrue();
            assertThat(r.getDouble(0)).isEqualTo(1.5);
        }
    }

    @Test
    void syntaxErrorsPointAtTheUnexpectedToken() {
        assertError("SELECT FROM", "FROM", "syntax error", "unexpected 'FROM'");
        assertError("SELECT host\nFROM cpu\nWHERE usage >", null, "syntax error", "unexpected end of input");
    }

    @Test
    void insertErrors() {
        assertError("INSERT INTO cpu (ts, host, usage) VALUES (1, 'a')", "1, 'a'", "3 target column(s) (ts, host, usage) but 2 value(s)");
        assertError("INSERT INTO cpu (ts, host, usage) VALUES (1, 'a', 'abc')", "'abc'", "cannot cast 'abc' to DOUBLE");
        // Table and column names point at themselves.
        assertError("INSERT INTO cpuu (ts) VALUES (1)", "cpuu", "did you mean \"cpu\"");
        assertError("INSERT INTO cpu (ts, host, nope) VALUES (1, 'a', 2)", "nope", "column \"nope\" does not exist");
        assertError("DROP TABLE cpux", "cpux", "table \"cpux\" does not exist");
        assertError("DESCRIBE cpux", "cpux", "table \"cpux\" does not exist");
    }

    @Test
    void runtimeErrorsLeaveTheDatabaseUsable() {
        QueryException e = catchThrowableOfType(QueryException.class, () -> drain("SELECT n / (n - 2) FROM cpu"));
        assertThat(e.getMessage()).contains("division by zero");
        stillUsable();
    }

    @Test
    void gapfillFunctionsWithoutArgumentsAreArityErrors() {
        // Found by SqlAnalyzerFuzzTest: the default column name of locf() read a missing argument.
        assertError("SELECT locf() FROM cpu", "locf", "locf");
        assertError("SELECT interpolate() FROM cpu", "interpolate", "interpolate");
    }

    @Test
    void deleteWhereMustBeBoolean() {
        // Found by SqlAnalyzerFuzzTest: DELETE's WHERE was not type-checked (ClassCastException).
        assertError("DELETE FROM cpu WHERE 1", "1", "WHERE must be a BOOLEAN condition", "BIGINT");
    }
}
