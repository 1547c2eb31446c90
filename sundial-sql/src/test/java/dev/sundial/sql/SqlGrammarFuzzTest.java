package dev.sundial.sql;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Jazzer fuzz target over the grammar grown by issue 11: joins (JOIN, LEFT/FULL/CROSS, ASOF JOIN
 * with TOLERANCE, USING), WITH, UNION/INTERSECT/EXCEPT, IN/EXISTS/scalar subqueries, window
 * functions (OVER, PARTITION BY, ROWS/RANGE frames, WINDOW), FILTER and WITHIN GROUP, the scalar
 * functions and syntax (substring/position/trim forms, to_char/to_timestamp, E'…' strings,
 * IS DISTINCT FROM, LIKE … ESCAPE, NUMERIC(p, s) and ::date casts) and AT TIME ZONE / SET timezone.
 * The property is {@link SqlAnalyzerFuzzTest}'s, on its small real table {@code t (ts, host TAG,
 * dc TAG, v DOUBLE, n BIGINT, b BOOLEAN, s VARCHAR)}: any input parses, analyzes, plans and
 * executes to a drained result or fails with a {@link dev.sundial.QueryException} (syntax errors
 * included) with a position; anything else (another exception, a stack overflow, over 20 s) is a
 * finding. Constructs a branch does not have yet are syntax errors there, which is allowed.
 *
 * <p>{@code grammarTokens} strings together whole constructs (so most inputs get past the parser);
 * {@code grammarText} mutates raw text from the seeds in {@code SqlGrammarFuzzTestInputs/grammarText/}
 * with the keyword dictionary below. Plain {@code mvn test} replays the seeds and the regression
 * inputs kept next to them; {@code JAZZER_FUZZ=1 mvn -pl sundial-sql test -Dtest=SqlGrammarFuzzTest}
 * fuzzes each target for its maxDuration.
 */
class SqlGrammarFuzzTest {
    /** Constructs of all six parts of issue 11, and the basics they combine with. */
    private static final String[] CONSTRUCTS = {
        // basics
        "SELECT", "*", "FROM t", "FROM", "t", "WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT 3", "OFFSET 1", "DESC", "ASC",
        "NULLS FIRST", "DISTINCT", "AS", "x", "y", "ts", "host", "dc", "v", "n", "b", "s", "a.ts", "b.v", "t.host", "(", ")", ",",
        "+", "-", "*", "/", "%", "=", "<>", "<", ">=", "||", "AND", "OR", "NOT", "IS NULL", "IN", "BETWEEN", "1", "0", "-1",
        "2.5", "'a'", "'%a%'", "NULL", "true", "'2024-01-01'", "INTERVAL '1 hour'", "'1 second'", "CASE WHEN", "THEN", "ELSE",
        "END", "count(*)", "sum(", "avg(", "min(", "max(", "first(", "last(", "time_bucket('1h', ts)", "EXPLAIN", "EXPLAIN ANALYZE",
        "$1", "::", "CAST(", "DOUBLE", "BIGINT", "VARCHAR", "TIMESTAMP",
        // (1) joins
        "JOIN", "INNER JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "FULL OUTER JOIN", "CROSS JOIN", "ASOF JOIN", "LEFT ASOF JOIN",
        "t a", "t AS b", "ON", "USING (host)", "a.host = b.host", "a.ts >= b.ts", "TOLERANCE INTERVAL '1 second'", "LATERAL",
        // (2) WITH, set operations, subqueries
        "WITH", "w AS (SELECT * FROM t)", "w", "UNION", "UNION ALL", "INTERSECT", "EXCEPT", "IN (SELECT n FROM t)",
        "EXISTS (SELECT 1 FROM t)", "(SELECT max(v) FROM t)", "NOT EXISTS (", "RECURSIVE",
        // (3) windows, time-series functions, aggregate syntax
        "OVER (", "OVER ()", "OVER w", "PARTITION BY host", "ORDER BY ts", "ROWS BETWEEN", "RANGE BETWEEN", "GROUPS BETWEEN",
        "UNBOUNDED PRECEDING", "1 PRECEDING", "CURRENT ROW", "UNBOUNDED FOLLOWING", "INTERVAL '5 minutes' PRECEDING",
        "WINDOW w AS (PARTITION BY host ORDER BY ts)", "row_number()", "rank()", "dense_rank()", "lag(v)", "lead(v, 1)",
        "first_value(v)", "last_value(v)", "nth_value(v, 2)", "delta(v)", "rate(v)", "derivative(v, '1s')", "histogram(v, 0, 10, 5)",
        "time_weight(", "FILTER (WHERE v > 0)", "WITHIN GROUP (ORDER BY v)", "percentile_cont(0.5)", "percentile_disc(0.9)",
        // (4) scalars and expression syntax
        "substring(s FROM 2 FOR 3)", "substring(s FROM '(.)')", "substring(", "FOR", "position('a' IN s)", "strpos(s, 'a')",
        "trim(LEADING 'x' FROM s)", "trim(BOTH FROM s)", "TRAILING", "replace(s, 'a', 'b')", "split_part(s, ',', -1)",
        "left(s, -2)", "right(", "lpad(s, 5, '*')", "rpad(", "repeat(s, 3)", "initcap(s)", "reverse(s)", "starts_with(s, 'x')",
        "concat_ws('-', s, host)", "nullif(v, 0)", "mod(n, 3)", "div(n, 0)", "trunc(v, 1)", "log(2, v)", "width_bucket(v, 0, 10, 4)",
        "to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US')", "to_char(v, 'FM999,999.00')", "to_char(ts, 'FMDay \"the\" DDth')",
        "to_timestamp('2024-01-31 10:00', 'YYYY-MM-DD HH24:MI')", "to_timestamp(s, 'YYYY')", "to_date('05 Dec 2000', 'DD Mon YYYY')",
        "extract(epoch FROM ts)", "date_part('dow', ts)", "E'a\\tb\\x41\\u00e9'", "E'\\'", "U&'x'", "IS DISTINCT FROM",
        "IS NOT DISTINCT FROM", "LIKE 'a!%' ESCAPE '!'", "ILIKE", "ESCAPE ''", "::numeric(5,2)", "::decimal", "::date", "::time",
        "CAST(v AS NUMERIC(3, 1))", "greatest(v, n)", "least(", "sign(v)", "power(v, 2)", "sqrt(", "ln(", "exp(",
        // (5) time zones
        "AT TIME ZONE 'Europe/Paris'", "AT TIME ZONE 'UTC'", "timezone('America/New_York', ts)", "SET timezone = 'Europe/Paris'",
        "SET TIME ZONE 'UTC'", "SHOW timezone", "time_bucket('1 day', ts, 'Europe/Paris')", "date_trunc('day', ts, 'Asia/Kolkata')",
        // (6) statements touched by honest counts
        "INSERT INTO t (ts, host, v) VALUES ('2024-01-01', 'a', 1)", "DELETE FROM t WHERE v > 100",
    };

    @FuzzTest(maxDuration = "60s")
    void grammarTokens(FuzzedDataProvider data) throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = data.consumeInt(1, 40);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            sb.append(CONSTRUCTS[data.consumeInt(0, CONSTRUCTS.length - 1)]).append(' ');
        }
        SqlAnalyzerFuzzTest.check(sb.toString(), data.consumeBoolean());
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"SELECT", "FROM", "WHERE", "JOIN", "ASOF", "TOLERANCE", "USING", "WITH", "UNION", "INTERSECT", "EXCEPT",
        "EXISTS", "OVER", "PARTITION", "ROWS", "RANGE", "WINDOW", "FILTER", "WITHIN GROUP", "PRECEDING", "FOLLOWING",
        "SUBSTRING", "POSITION", "TRIM", "LEADING", "BOTH", "FOR", "ESCAPE", "DISTINCT FROM", "NUMERIC", "DECIMAL", "E'\\",
        "\\u", "\\x", "to_char", "to_timestamp", "'FM9.99'", "'HH24:MI'", "AT TIME ZONE", "::date"})
    void grammarText(FuzzedDataProvider data) throws IOException {
        boolean withParam = data.consumeBoolean();
        SqlAnalyzerFuzzTest.check(data.consumeRemainingAsString(), withParam);
    }
}
