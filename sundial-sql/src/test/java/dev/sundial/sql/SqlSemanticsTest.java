package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinned SQL semantics with hand-computed expected results: NULLs and empty input in aggregates,
 * bucket boundaries and calendar buckets, integer vs double arithmetic, overflow and division
 * errors, NULL ordering defaults and tie order, upserts counted once (also across a flush), LATEST
 * BY vs DISTINCT ON, gap filling, push-down from chunk statistics, NaN, pattern matching and IN
 * with NULL. Each test owns a fresh database.
 */
class SqlSemanticsTest {
    @TempDir
    Path dir;

    private Sundial db;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir);
        run("CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT, s VARCHAR)"
                + " WITH (partition_by='day')");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void run(String sql, Object... params) {
        rows(sql, params);
    }

    private List<List<Object>> rows(String sql, Object... params) {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql, params)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    row.add(r.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void emptyInputWithoutGroupByGivesOneRowWithCountZeroAndNulls() {
        assertThat(rows("SELECT count(*), count(v), count(DISTINCT host), min(v), max(v), sum(n), avg(v),"
                + " first(v, ts), last(v, ts), stddev(v), variance(v), percentile(v, 0.5) FROM t"))
                .containsExactly(row(0L, 0L, 0L, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void emptyInputWithGroupByGivesNoRows() {
        assertThat(rows("SELECT host, count(*) FROM t GROUP BY host")).isEmpty();
        run("INSERT INTO t (ts, host, v) VALUES (1, 'a', 1)");
        assertThat(rows("SELECT host, count(*) FROM t WHERE v > 5 GROUP BY host")).isEmpty();
    }

    @Test
    void allNullGroupGivesNullForEveryAggregateButCount() {
        run("INSERT INTO t (ts, host, v, n) VALUES (1, 'a', NULL, 1), (2, 'a', NULL, 2), (3, 'b', 4, 3)");
        assertThat(rows("SELECT host, count(*), count(v), count(DISTINCT v), min(v), max(v), sum(v), avg(v),"
                + " first(v, ts), last(v, ts), stddev(v), variance(v), percentile(v, 0.5) FROM t"
                + " GROUP BY host ORDER BY host"))
                .containsExactly(
                        row("a", 2L, 0L, 0L, null, null, null, null, null, null, null, null, null),
                        row("b", 1L, 1L, 1L, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, null, null, 4.0));
    }

    @Test
    void aggregatesSkipNulls() {
        run("INSERT INTO t (ts, host, v, n) VALUES (1, 'a', 1, NULL), (2, 'a', NULL, 5), (3, 'a', 3, 7), (4, 'a', 8, NULL)");
        // v: 1, 3, 8 -> mean 4, sample variance ((9 + 1 + 16) / 2) = 13; first/last by ts skip NULL.
        assertThat(rows("SELECT count(v), sum(v), avg(v), variance(v), min(n), sum(n), first(n, ts), last(n, ts),"
                + " percentile(v, 0.25) FROM t"))
                .containsExactly(row(3L, 12.0, 4.0, 13.0, 5L, 12L, 5L, 7L, 2.0));
    }

    @Test
    void bucketStartIsInclusiveAndEndExclusive() {
        // 2024-01-01T00:05:00Z is a 5-minute boundary (the default origin 2000-01-03 is aligned).
        run("INSERT INTO t (ts, host, v) VALUES ('2024-01-01 00:04:59.999999999', 'a', 1),"
                + " ('2024-01-01 00:05:00', 'a', 2), ('2024-01-01 00:09:59', 'a', 3), ('2024-01-01 00:10:00', 'a', 4)");
        assertThat(rows("SELECT time_bucket('5m', ts) AS b, count(*), sum(v) FROM t GROUP BY b ORDER BY b"))
                .containsExactly(
                        row(at("2024-01-01T00:00:00Z"), 1L, 1.0),
                        row(at("2024-01-01T00:05:00Z"), 2L, 5.0),
                        row(at("2024-01-01T00:10:00Z"), 1L, 4.0));
    }

    @Test
    void weekBucketsStartOnMondayFromTheDefaultOrigin() {
        // 2024-01-07 is a Sunday, 2024-01-08 a Monday.
        run("INSERT INTO t (ts, host, v) VALUES ('2024-01-07 23:59:59', 'a', 1), ('2024-01-08 00:00:00', 'a', 2)");
        assertThat(rows("SELECT time_bucket('1 week', ts) FROM t ORDER BY ts"))
                .containsExactly(row(at("2024-01-01T00:00:00Z")), row(at("2024-01-08T00:00:00Z")));
        assertThat(rows("SELECT date_trunc('week', ts) FROM t ORDER BY ts"))
                .containsExactly(row(at("2024-01-01T00:00:00Z")), row(at("2024-01-08T00:00:00Z")));
    }

    @Test
    void monthBucketsFollowTheCalendarIncludingLeapFebruary() {
        run("INSERT INTO t (ts, host, v) VALUES ('2024-01-31 12:00:00', 'a', 1), ('2024-02-01 00:00:00', 'a', 2),"
                + " ('2024-02-29 23:59:59', 'a', 3), ('2024-03-01 00:00:00', 'a', 4), ('2023-02-28 10:00:00', 'a', 5)");
        assertThat(rows("SELECT time_bucket('1 month', ts) AS m, count(*), sum(v) FROM t GROUP BY m ORDER BY m"))
                .containsExactly(
                        row(at("2023-02-01T00:00:00Z"), 1L, 5.0),
                        row(at("2024-01-01T00:00:00Z"), 1L, 1.0),
                        row(at("2024-02-01T00:00:00Z"), 2L, 5.0),
                        row(at("2024-03-01T00:00:00Z"), 1L, 4.0));
        // Three-month buckets count from 2000-01-01: Jan-Mar, then Apr-Jun.
        assertThat(rows("SELECT DISTINCT time_bucket('3 months', ts) AS q FROM t ORDER BY q"))
                .containsExactly(row(at("2023-01-01T00:00:00Z")), row(at("2024-01-01T00:00:00Z")));
        assertThat(rows("SELECT date_trunc('month', ts) FROM t WHERE v = 3"))
                .containsExactly(row(at("2024-02-01T00:00:00Z")));
    }

    @Test
    void originArgumentShiftsBuckets() {
        run("INSERT INTO t (ts, host, v) VALUES ('2024-01-31 12:10:00', 'a', 1), ('2024-01-31 12:40:00', 'a', 2)");
        assertThat(rows("SELECT time_bucket('1 hour', ts, '2024-01-31 00:30:00') FROM t ORDER BY ts"))
                .containsExactly(row(at("2024-01-31T11:30:00Z")), row(at("2024-01-31T12:30:00Z")));
        // An origin after the data works too: buckets extend backwards from it.
        assertThat(rows("SELECT time_bucket('1 hour', ts, '2030-01-01 00:15:00') FROM t ORDER BY ts"))
                .containsExactly(row(at("2024-01-31T11:15:00Z")), row(at("2024-01-31T12:15:00Z")));
    }

    @Test
    void timestampsBeforeTheEpochBucketDownwards() {
        run("INSERT INTO t (ts, host, v) VALUES (-1, 'a', 1)");
        assertThat(rows("SELECT time_bucket('1s', ts) FROM t")).containsExactly(row(at("1969-12-31T23:59:59Z")));
    }

    @Test
    void integerDivisionTruncatesAndDoubleDivisionDoesNot() {
        assertThat(rows("SELECT 7 / 2, 7 / 2.0, 7.0 / 2, -7 / 2, -7 % 2, 7 % -2"))
                .containsExactly(row(3L, 3.5, 3.5, -3L, -1L, 1L));
        run("INSERT INTO t (ts, host, n) VALUES (1, 'a', 7)");
        assertThat(rows("SELECT n / 2, n / 2.0, n * 1.5 FROM t")).containsExactly(row(3L, 3.5, 10.5));
    }

    @Test
    void bigintOverflowIsAnError() {
        assertThatThrownBy(() -> rows("SELECT 9223372036854775807 + 1"))
                .isInstanceOf(QueryException.class).hasMessageContaining("bigint out of range");
        run("INSERT INTO t (ts, host, n) VALUES (1, 'a', 9223372036854775807), (2, 'a', 1)");
        assertThatThrownBy(() -> rows("SELECT n + 1 FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("bigint out of range");
        assertThatThrownBy(() -> rows("SELECT sum(n) FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> rows("SELECT host, sum(n) FROM t GROUP BY host"))
                .isInstanceOf(QueryException.class).hasMessageContaining("out of range");
        // After an error the database answers the next query.
        assertThat(rows("SELECT count(*) FROM t")).containsExactly(row(2L));
    }

    @Test
    void bigintSumOverflowAfterFlushIsAnErrorToo() throws Exception {
        run("INSERT INTO t (ts, host, n) VALUES (1, 'a', 9223372036854775807)");
        db.flush();
        run("INSERT INTO t (ts, host, n) VALUES (2, 'a', 9223372036854775807)");
        db.flush();
        assertThatThrownBy(() -> rows("SELECT sum(n) FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("out of range");
    }

    @Test
    void divisionByZeroIsAnError() {
        assertThatThrownBy(() -> rows("SELECT 1 / 0")).isInstanceOf(QueryException.class)
                .hasMessageContaining("division by zero");
        assertThatThrownBy(() -> rows("SELECT 1.0 / 0.0")).isInstanceOf(QueryException.class)
                .hasMessageContaining("division by zero");
        run("INSERT INTO t (ts, host, n) VALUES (1, 'a', 7)");
        assertThatThrownBy(() -> rows("SELECT n / 0 FROM t")).isInstanceOf(QueryException.class)
                .hasMessageContaining("division by zero");
        assertThatThrownBy(() -> rows("SELECT n % (n - 7) FROM t")).isInstanceOf(QueryException.class)
                .hasMessageContaining("division by zero");
    }

    @Test
    void nullsSortLastAscendingAndFirstDescendingByDefault() {
        run("INSERT INTO t (ts, host, v) VALUES (1, 'a', 2), (2, 'a', NULL), (3, 'a', 1)");
        run("INSERT INTO t (ts, host, n) VALUES (4, 'a', 0)");
        assertThat(rows("SELECT v FROM t ORDER BY v")).containsExactly(row(1.0), row(2.0), row((Object) null), row((Object) null));
        assertThat(rows("SELECT v FROM t ORDER BY v DESC")).containsExactly(row((Object) null), row((Object) null), row(2.0), row(1.0));
        assertThat(rows("SELECT v FROM t ORDER BY v NULLS FIRST")).containsExactly(row((Object) null), row((Object) null), row(1.0), row(2.0));
        assertThat(rows("SELECT v FROM t ORDER BY v DESC NULLS LAST")).containsExactly(row(2.0), row(1.0), row((Object) null), row((Object) null));
    }

    @Test
    void tiesKeepSeriesThenTimeOrder() {
        // Observed and pinned: the sort is stable over the scan order, which is series (in the order
        // the series were created) then time.
        run("INSERT INTO t (ts, host, v) VALUES (30, 'b', 1), (10, 'a', 1), (20, 'b', 1), (40, 'a', 1), (5, 'c', 2)");
        assertThat(rows("SELECT host, ts FROM t ORDER BY v"))
                .extracting(r -> r.get(0) + "@" + ((Instant) r.get(1)).getNano())
                .containsExactly("b@20", "b@30", "a@10", "a@40", "c@5");
    }

    @Test
    void upsertedRowsAreCountedOnceAndKeepTheLatestValue() throws Exception {
        run("INSERT INTO t (ts, host, v, n) VALUES (100, 'a', 1, 10)");
        run("INSERT INTO t (ts, host, v) VALUES (100, 'a', 2)");
        assertThat(rows("SELECT count(*), sum(v), sum(n) FROM t")).containsExactly(row(1L, 2.0, 10L));
        db.flush();
        run("INSERT INTO t (ts, host, v) VALUES (100, 'a', 3)");
        assertThat(rows("SELECT count(*), sum(v), sum(n), max(v) FROM t")).containsExactly(row(1L, 3.0, 10L, 3.0));
        db.flush();
        // A NULL field in a later write keeps the older value (last write wins per field).
        run("INSERT INTO t (ts, host, v, n) VALUES (100, 'a', NULL, 11)");
        assertThat(rows("SELECT count(*), v, n FROM t GROUP BY v, n")).containsExactly(row(1L, 3.0, 11L));
        assertThat(rows("SELECT count(*) FROM t WHERE ts = 100")).containsExactly(row(1L));
    }

    @Test
    void latestByAndDistinctOnAgree() throws Exception {
        run("INSERT INTO t (ts, host, v, n) VALUES (3, 'a', 1, 1), (1, 'a', 2, 2), (2, 'b', 3, 3)");
        db.flush();
        run("INSERT INTO t (ts, host, v, n) VALUES (5, 'b', 4, 4), (4, 'b', 5, 5), (2, 'c', NULL, 6)");
        List<List<Object>> latest = rows("SELECT host, ts, v, n FROM t LATEST BY host ORDER BY host");
        List<List<Object>> distinctOn = rows("SELECT DISTINCT ON (host) host, ts, v, n FROM t ORDER BY host, ts DESC");
        assertThat(latest).isEqualTo(distinctOn).containsExactly(
                row("a", Instant.ofEpochSecond(0, 3), 1.0, 1L),
                row("b", Instant.ofEpochSecond(0, 5), 4.0, 4L),
                row("c", Instant.ofEpochSecond(0, 2), null, 6L));
    }

    @Test
    void gapfillWithLocfAndInterpolate() {
        run("INSERT INTO t (ts, host, v) VALUES ('2024-02-27 10:00:00', 'a', 10), ('2024-03-01 00:00:00', 'a', 40)");
        assertThat(rows("SELECT time_bucket_gapfill('1 day', ts, '2024-02-26', '2024-03-03') AS d, max(v),"
                + " locf(max(v)), interpolate(max(v)) FROM t WHERE ts >= '2024-02-26' AND ts < '2024-03-03'"
                + " GROUP BY d ORDER BY d"))
                .containsExactly(
                        row(at("2024-02-26T00:00:00Z"), null, null, null),
                        row(at("2024-02-27T00:00:00Z"), 10.0, 10.0, 10.0),
                        row(at("2024-02-28T00:00:00Z"), null, 10.0, 20.0),
                        row(at("2024-02-29T00:00:00Z"), null, 10.0, 30.0),
                        row(at("2024-03-01T00:00:00Z"), 40.0, 40.0, 40.0),
                        row(at("2024-03-02T00:00:00Z"), null, 40.0, null));
    }

    @Test
    void aggregatesAnsweredFromChunkStatisticsEqualHandComputedValues() throws Exception {
        // 3 series x 10000 rows: whole chunks of 4096 rows are answered from their statistics.
        StringBuilder sb = new StringBuilder();
        long expectedCount = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long nSum = 0;
        for (String host : List.of("a", "b", "c")) {
            for (int i = 0; i < 10_000; i++) {
                double v = ((i * 7919L + host.charAt(0)) % 1000) / 4.0;
                sb.setLength(0);
                expectedCount++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                nSum += i;
            }
        }
        for (String host : List.of("a", "b", "c")) {
            for (int start = 0; start < 10_000; start += 2000) {
                sb.setLength(0);
                sb.append("INSERT INTO t (ts, host, v, n) VALUES ");
                for (int i = start; i < start + 2000; i++) {
                    double v = ((i * 7919L + host.charAt(0)) % 1000) / 4.0;
                    sb.append(i == start ? "" : ", ").append("(").append(i * 1_000_000_000L).append(", '").append(host)
                            .append("', ").append(v).append(", ").append(i).append(")");
                }
                run(sb.toString());
            }
        }
        db.flush();
        String q = "SELECT count(*), count(v), sum(v), min(v), max(v), sum(n), avg(v) FROM t";
        String plan = String.join("\n", rows("EXPLAIN ANALYZE " + q).stream().map(r -> (String) r.get(0)).toList());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("chunks answered from statistics: (\\d+)").matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as(plan).isGreaterThan(0);
        assertThat(rows(q)).containsExactly(row(expectedCount, expectedCount, sum, min, max, nSum, sum / expectedCount));
        // The same over a range that cuts chunks (decoded at the edges) matches too.
        long lo = 1234L * 1_000_000_000L;
        long hi = 8765L * 1_000_000_000L;
        long c = 0;
        double s = 0;
        for (String host : List.of("a", "b", "c")) {
            for (int i = 1234; i < 8765; i++) {
                c++;
                s += ((i * 7919L + host.charAt(0)) % 1000) / 4.0;
            }
        }
        assertThat(rows("SELECT count(*), sum(v) FROM t WHERE ts >= " + lo + " AND ts < " + hi)).containsExactly(row(c, s));
        assertThat(rows("SELECT host, count(*) FROM t GROUP BY host ORDER BY host"))
                .containsExactly(row("a", 10_000L), row("b", 10_000L), row("c", 10_000L));
    }

    @Test
    void nanIsGreaterThanEverythingAndNegativeZeroEqualsZero() {
        run("INSERT INTO t (ts, host, v) VALUES (1, 'a', 1), (2, 'a', 'NaN'), (3, 'a', -5), (4, 'b', -0.0), (5, 'b', 0.0)");
        assertThat(rows("SELECT max(v), min(v) FROM t WHERE host = 'a'")).containsExactly(row(Double.NaN, -5.0));
        assertThat(rows("SELECT v FROM t WHERE host = 'a' ORDER BY v DESC")).containsExactly(row(Double.NaN), row(1.0), row(-5.0));
        assertThat(rows("SELECT count(*) FROM t WHERE v > 1000")).containsExactly(row(1L));
        assertThat(rows("SELECT count(*) FROM t WHERE v = 0")).containsExactly(row(2L));
        assertThat(rows("SELECT count(DISTINCT v) FROM t WHERE host = 'b'")).containsExactly(row(1L));
    }

    @Test
    void likeAndRegexOnTags() {
        run("INSERT INTO t (ts, host, v) VALUES (1, 'web-1', 1), (2, 'web-12', 1), (3, 'db_1', 1), (4, 'Web-2', 1)");
        assertThat(rows("SELECT host FROM t WHERE host LIKE 'web-_' ORDER BY host")).containsExactly(row("web-1"));
        assertThat(rows("SELECT host FROM t WHERE host LIKE 'web%' ORDER BY host")).containsExactly(row("web-1"), row("web-12"));
        assertThat(rows("SELECT host FROM t WHERE host NOT LIKE 'web%' ORDER BY host")).containsExactly(row("Web-2"), row("db_1"));
        assertThat(rows("SELECT host FROM t WHERE host ~ '^web-[0-9]$'")).containsExactly(row("web-1"));
        assertThat(rows("SELECT host FROM t WHERE host ~* '^WEB-[0-9]$' ORDER BY host")).containsExactly(row("Web-2"), row("web-1"));
        assertThat(rows("SELECT host FROM t WHERE host !~ 'web' ORDER BY host")).containsExactly(row("Web-2"), row("db_1"));
    }

    @Test
    void inListWithNullFollowsThreeValuedLogic() {
        run("INSERT INTO t (ts, host, v) VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', NULL)");
        assertThat(rows("SELECT count(*) FROM t WHERE host IN ('a', NULL)")).containsExactly(row(1L));
        assertThat(rows("SELECT count(*) FROM t WHERE host NOT IN ('a', NULL)")).containsExactly(row(0L));
        assertThat(rows("SELECT count(*) FROM t WHERE v NOT IN (1)")).containsExactly(row(1L));
        assertThat(rows("SELECT count(*) FROM t WHERE v IN (1, 2, NULL)")).containsExactly(row(2L));
    }

    @Test
    void missingTagsAreNull() {
        run("INSERT INTO t (ts, v) VALUES (1, 1)");
        run("INSERT INTO t (ts, host, v) VALUES (1, 'a', 2)");
        assertThat(rows("SELECT host, count(*) FROM t GROUP BY host ORDER BY host"))
                .containsExactly(row("a", 1L), row(null, 1L));
        assertThat(rows("SELECT count(*) FROM t WHERE host IS NULL")).containsExactly(row(1L));
        assertThat(rows("SELECT count(*) FROM t WHERE host <> 'a'")).containsExactly(row(0L));
    }
}
