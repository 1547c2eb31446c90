package dev.sundial.sql.window;

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
 * Mistakes with window functions, FILTER and WITHIN GROUP: each a {@link QueryException} saying
 * what is wrong or unsupported, placed at the offending token, after which the database still
 * answers; and the constructs a reserved OVER / FILTER / WINDOW keeps from being read as aliases.
 */
class WindowErrorsTest {
    @TempDir
    Path dir;

    private Sundial db;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir);
        drain("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, usage DOUBLE, n BIGINT) WITH (partition_by='day')");
        drain("INSERT INTO cpu (ts, host, usage, n) VALUES (1, 'a', 1.5, 2)");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void drain(String sql) {
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }

    /** Asserts the error's message fragments and that it points at the first occurrence of {@code at}. */
    private void assertError(String sql, String at, String... fragments) {
        QueryException e = catchThrowableOfType(QueryException.class, () -> drain(sql));
        assertThat(e).as("expected a QueryException for %s", sql).isNotNull();
        assertThat(e.getMessage()).contains(fragments);
        int offset = sql.indexOf(at);
        assertThat(offset).as("test bug: %s not in %s", at, sql).isGreaterThanOrEqualTo(0);
        assertThat(e.position()).as(e.getMessage()).isEqualTo(offset + 1);
        try (QueryResult r = db.sql("SELECT count(*) FROM cpu")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void unsupportedFramesSaySo() {
        assertError("SELECT sum(n) OVER (ORDER BY ts GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM cpu", "GROUPS",
                "window frames with GROUPS are not supported");
        assertError("SELECT sum(n) OVER (ORDER BY ts ROWS 1 PRECEDING EXCLUDE TIES) FROM cpu", "EXCLUDE",
                "window frames with EXCLUDE are not supported");
        assertError("SELECT sum(n) OVER (ORDER BY ts, host RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM cpu", "RANGE",
                "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
        assertError("SELECT sum(n) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM cpu", "1 PRECEDING)",
                "frame starting from current row cannot have preceding rows");
        assertError("SELECT sum(n) OVER (ORDER BY ts ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM cpu", "UNBOUNDED",
                "frame start cannot be UNBOUNDED FOLLOWING");
        assertError("SELECT sum(n) OVER (ORDER BY n ROWS -1 PRECEDING) FROM cpu", "-1", "frame offset must not be negative");
        assertError("SELECT sum(n) OVER (ORDER BY ts RANGE BETWEEN 5 PRECEDING AND CURRENT ROW) FROM cpu", "5",
                "a RANGE offset over a TIMESTAMP must be an INTERVAL");
    }

    @Test
    void windowFunctionsOnlyWhereAllowed() {
        assertError("SELECT host FROM cpu WHERE row_number() OVER () > 1", "row_number", "window functions are not allowed in WHERE");
        assertError("SELECT count(*) FROM cpu GROUP BY rank() OVER (ORDER BY ts)", "rank", "window functions are not allowed in GROUP BY");
        assertError("SELECT host, count(*) FROM cpu GROUP BY host HAVING sum(count(*)) OVER () > 1", "sum(count",
                "window functions are not allowed in HAVING");
        assertError("SELECT sum(row_number() OVER ()) OVER () FROM cpu", "row_number", "window function calls cannot be nested");
        assertError("SELECT sum(rank() OVER (ORDER BY ts)) FROM cpu", "rank", "aggregate function calls cannot contain window function calls");
        assertError("SELECT host, usage, sum(n) OVER (PARTITION BY host) FROM cpu GROUP BY host", "usage", "must appear in the GROUP BY");
    }

    @Test
    void namesAndArguments() {
        assertError("SELECT sum(n) OVER w FROM cpu", "w FROM", "window \"w\" does not exist");
        assertError("SELECT sum(n) OVER w FROM cpu WINDOW v AS (ORDER BY ts)", "w FROM", "window \"w\" does not exist", "defined: v");
        assertError("SELECT lower(host) OVER () FROM cpu", "lower", "OVER specified, but lower() is not a window function nor an aggregate function");
        assertError("SELECT count(DISTINCT n) OVER () FROM cpu", "count", "DISTINCT is not implemented for window functions");
        assertError("SELECT ntile(0) OVER () FROM cpu", "0", "argument of ntile must be greater than zero");
        assertError("SELECT nth_value(n, 0) OVER () FROM cpu", "0)", "argument of nth_value must be greater than zero");
        assertError("SELECT rate(usage) OVER (PARTITION BY host) FROM cpu", "rate", "needs one ascending TIMESTAMP in the window's ORDER BY");
        assertError("SELECT row_number() FILTER (WHERE n > 1) OVER () FROM cpu", "> 1", "FILTER is not implemented for non-aggregate window functions");
        assertError("SELECT lower(host) FILTER (WHERE n > 1) FROM cpu", "lower", "FILTER specified, but lower() is not an aggregate function");
        assertError("SELECT avg(n) WITHIN GROUP (ORDER BY n) FROM cpu", "avg", "WITHIN GROUP specified, but avg() is not an ordered-set aggregate");
        assertError("SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY n) FROM cpu", "1.5", "percentile value 1.5 is not between 0 and 1");
        assertError("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) OVER () FROM cpu", "percentile_cont",
                "OVER is not supported for ordered-set aggregate percentile_cont()");
        assertError("SELECT histogram(usage, 10, 0, 4) FROM cpu", "10", "histogram() needs a minimum below its maximum");
        assertError("SELECT average(usage) FROM cpu", "average", "average() takes time_weight(method, ts, value)");
        assertError("SELECT time_weighted_avg(usage, ts, 'cubic') FROM cpu", "'cubic'", "must be 'LOCF' or 'LINEAR'");
    }

    @Test
    void overFilterAndWindowAreNeverAliases() {
        // each parses as the construct, not as "avg(x) AS over" followed by garbage
        assertError("SELECT avg(usage) OVER (PARTITION BY host ORDER BY ts ROWS BETWEEN 1 PRECEDING) FROM cpu", ") FROM",
                "syntax error");
        try (QueryResult r = db.sql("SELECT avg(usage) OVER (PARTITION BY host), count(*) FILTER (WHERE n > 0) OVER w"
                + " FROM cpu WINDOW w AS (ORDER BY ts)")) {
            assertThat(r.columns()).hasSize(2);
            assertThat(r.columns().get(0).name()).isEqualTo("avg");
            assertThat(r.next()).isTrue();
            assertThat(r.getDouble(0)).isEqualTo(1.5);
            assertThat(r.getLong(1)).isEqualTo(1);
        }
        // the frame words stay usable as column names
        drain("CREATE TIMESERIES TABLE f (ts TIMESTAMP, rows DOUBLE, range DOUBLE, current DOUBLE, row DOUBLE)");
        drain("SELECT rows, range, current, row FROM f");
    }
}
