package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.DataPoint;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import dev.sundial.sql.parser.ExpressionDepth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long and deep expressions, end to end (parse, analysis, planning, EXPLAIN, execution): AND and
 * OR chains and non-constant IN lists of thousands of terms give the right rows; every other shape
 * up to {@link ExpressionDepth#MAX_DEPTH} levels runs; deeper ones are one {@link QueryException},
 * never a {@link StackOverflowError} (issue 7 defect 10). Everything runs on a thread with half the
 * JVM's default stack, so the limit keeps a margin for callers deeper in the stack (a server's
 * request threads). Rows live in segments and in the head.
 */
class ExpressionDepthTest {
    private static final long STACK_BYTES = 512 * 1024;
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final int ROWS = 200;
    private static final int MAX = ExpressionDepth.MAX_DEPTH;

    @TempDir
    Path dir;

    private Sundial db;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir);
        db.sql("CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, n BIGINT, d DOUBLE, s VARCHAR, b BOOLEAN)").close();
        for (int half = 0; half < 2; half++) {
            WriteBatch batch = db.newBatch();
            for (int i = half * ROWS / 2; i < (half + 1) * ROWS / 2; i++) {
                batch.add("t", DataPoint.at(T0 + i * 1_000_000_000L).tag("host", "h" + i % 4)
                        .field("n", (long) i).field("d", i / 4.0).field("s", "s" + i).field("b", i % 2 == 0).build());
            }
            batch.commit();
            if (half == 0) {
                db.flush(); // the first half in segments, the second in the head
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void longAndOrChainsAndInListsOfThousandsOfTermsWork() throws Throwable {
        onSmallStack(() -> {
            for (int terms : new int[] {2_000, 10_000}) {
                // n = 0 OR n = 3 OR n = 6 … : every third row
                String or = IntStream.range(0, terms).mapToObj(i -> "n = " + 3 * i).collect(Collectors.joining(" OR "));
                assertThat(count("SELECT count(*) FROM t WHERE " + or)).as("%d-term OR", terms).isEqualTo((ROWS + 2) / 3);
                assertThat(count("SELECT count(*) FROM t WHERE host = 'h1' AND (" + or + ")")).isEqualTo(count(
                        "SELECT count(*) FROM t WHERE host = 'h1' AND n % 3 = 0"));
                // n <> 0 AND n <> 3 AND … : the other rows
                String and = IntStream.range(0, terms).mapToObj(i -> "n <> " + 3 * i).collect(Collectors.joining(" AND "));
                assertThat(count("SELECT count(*) FROM t WHERE " + and)).as("%d-term AND", terms).isEqualTo(ROWS - (ROWS + 2) / 3);
                // the same chains as values, in the select list, in GROUP BY and HAVING
                assertThat(count("SELECT count(*) FROM (SELECT " + or + " AS hit FROM t) x WHERE hit")).isEqualTo((ROWS + 2) / 3);
                assertThat(rows("SELECT " + or + " AS k, count(*) FROM t GROUP BY 1 HAVING " + or.replace("n = ", "count(*) > ")
                        + " ORDER BY 1")).hasSize(2);
                // a non-constant IN list is an OR of comparisons
                String in = IntStream.range(0, terms).mapToObj(i -> "n - " + 3 * i).collect(Collectors.joining(", "));
                assertThat(count("SELECT count(*) FROM t WHERE 0 IN (" + in + ")")).isEqualTo((ROWS + 2) / 3);
                assertThat(count("SELECT count(*) FROM t WHERE 0 NOT IN (" + in + ")")).isEqualTo(ROWS - (ROWS + 2) / 3);
                assertThat(rows("EXPLAIN SELECT count(*) FROM t WHERE " + or)).isNotEmpty();
            }
        });
    }

    @Test
    void everyShapeUpToTheLimitRunsThroughEveryStage() throws Throwable {
        // each expression is MAX - 1 levels deep (the queries wrap it in one more level), or as deep
        // as the parser's nesting guard allows
        List<String> deepest = List.of(
                "n" + " + 1".repeat(MAX - 2),
                "d" + " * 1.0".repeat(MAX - 2),
                "s" + " || 'x'".repeat(MAX - 2),
                "n" + "::bigint".repeat(MAX - 2),
                "b" + " = true".repeat(MAX - 2),
                "b" + " IS NOT NULL".repeat(MAX - 2),
                "NOT ".repeat(198) + "b",
                "- ".repeat(198) + "n",
                "abs(".repeat(198) + "n" + ")".repeat(198),
                "(".repeat(198) + "n" + " + 1)".repeat(198),
                "CASE WHEN b THEN ".repeat(150) + "n" + " END".repeat(150));
        onSmallStack(() -> {
            for (String e : deepest) {
                String what = e.substring(0, 24);
                assertThat(rows("SELECT " + e + " FROM t")).as(what).hasSize(ROWS);
                assertThat(rows("SELECT " + e + ", count(*) FROM t GROUP BY 1 ORDER BY 1")).as(what).isNotEmpty();
                assertThat(rows("SELECT ts FROM t ORDER BY " + e + ", ts LIMIT 3")).as(what).hasSize(3);
                assertThat(rows("SELECT count(*) FROM t WHERE (" + e + ") IS NOT NULL")).as(what).isNotEmpty();
                assertThat(rows("SELECT max(" + e + ") FROM t")).as(what).hasSize(1);
                assertThat(rows("EXPLAIN ANALYZE SELECT " + e + " FROM t WHERE (" + e + ") IS NOT NULL")).as(what).isNotEmpty();
            }
            // subqueries as deep as the parser's nesting guard allows, each with a WHERE and an expression
            String nested = "SELECT n + 1 AS n FROM (".repeat(198) + "SELECT n FROM t" + ") s WHERE n > 0".repeat(198);
            assertThat(rows(nested)).hasSize(ROWS - 1);
            assertThat(rows("EXPLAIN " + nested)).isNotEmpty();
            // values are right, not only computed: n + 1 + 1 … - n, MAX levels
            assertThat(rows("SELECT " + "n" + " + 1".repeat(MAX - 2) + " - n FROM t LIMIT 1").get(0).get(0))
                    .isEqualTo((long) MAX - 2);
        });
    }

    @Test
    void deeperExpressionsAreOneClearErrorAndTheDatabaseStaysUsable() throws Throwable {
        onSmallStack(() -> {
            for (int depth : new int[] {MAX + 1, 2_000, 100_000}) {
                for (String e : List.of("n" + " + 1".repeat(depth - 1), "b" + " = true".repeat(depth - 1))) {
                    for (String sql : List.of("SELECT " + e + " FROM t", "SELECT count(*) FROM t WHERE (" + e + ") IS NULL",
                            "EXPLAIN SELECT " + e + " FROM t")) {
                        assertThatThrownBy(() -> rows(sql)).as("depth %d", depth).isInstanceOf(QueryException.class)
                                .hasMessageMatching("expression too deeply nested: \\d+ levels at line 1, column \\d+ \\(limit "
                                        + MAX + "; .*\\)")
                                .satisfies(x -> assertThat(x.getMessage()).doesNotContain("\n"));
                    }
                }
            }
            assertThat(count("SELECT count(*) FROM t")).isEqualTo(ROWS);
        });
    }

    private long count(String sql) {
        return (Long) rows(sql).get(0).get(0);
    }

    private List<List<Object>> rows(String sql) {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < r.columns().size(); c++) {
                    row.add(r.getObject(c));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** Runs {@code body} on a thread with a {@link #STACK_BYTES} stack and rethrows what it threw. */
    private static void onSmallStack(ThrowingRunnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", STACK_BYTES);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
