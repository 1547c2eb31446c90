package dev.sundial.sql.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Window functions, FILTER and WITHIN GROUP on small hand-checked tables: the results a
 * PostgreSQL user expects, row by row, and the plan's streaming mode where it applies.
 */
class WindowFunctionsTest {
    @TempDir
    Path dir;

    private Sundial db;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(false));
        run("CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT) WITH (partition_by='day')");
        run("INSERT INTO m (ts, host, v, n) VALUES "
                + "('2024-01-01 00:00:00', 'a', 1, 10), ('2024-01-01 00:01:00', 'a', 2, 20), ('2024-01-01 00:02:00', 'a', 4, 5), "
                + "('2024-01-01 00:10:00', 'a', NULL, 7), ('2024-01-01 00:00:00', 'b', 10, 1), ('2024-01-01 00:03:00', 'b', 30, 2)");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private List<String> run(String sql) {
        List<String> rows = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < r.columns().size(); i++) {
                    sb.append(i > 0 ? "|" : "").append(r.isNull(i) ? "null" : r.getString(i));
                }
                rows.add(sb.toString());
            }
        }
        return rows;
    }

    @Test
    void rankingAndOffsets() {
        assertThat(run("SELECT host, n, row_number() OVER w, rank() OVER w, dense_rank() OVER w, lag(n) OVER w,"
                + " lead(n, 1, -1) OVER w FROM m WINDOW w AS (PARTITION BY host ORDER BY ts) ORDER BY host, ts"))
                .containsExactly("a|10|1|1|1|null|20", "a|20|2|2|2|10|5", "a|5|3|3|3|20|7", "a|7|4|4|4|5|-1",
                        "b|1|1|1|1|null|2", "b|2|2|2|2|1|-1");
    }

    @Test
    void movingAverageOverTimeRange() {
        assertThat(run("SELECT host, avg(v) OVER (PARTITION BY host ORDER BY ts RANGE BETWEEN INTERVAL '90 seconds' PRECEDING"
                + " AND CURRENT ROW) FROM m ORDER BY host, ts"))
                .containsExactly("a|1.0", "a|1.5", "a|3.0", "a|null", "b|10.0", "b|30.0");
        assertThat(run("EXPLAIN SELECT avg(v) OVER (PARTITION BY host ORDER BY ts) FROM m").toString()).contains("streaming");
    }

    @Test
    void aggregatesOverFramesAndGroups() {
        assertThat(run("SELECT host, sum(n) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER () FROM m ORDER BY n"))
                .containsExactly("b|3|6", "b|8|6", "a|14|6", "a|22|6", "a|37|6", "a|30|6");
        assertThat(run("SELECT host, count(*), sum(count(*)) OVER (), rank() OVER (ORDER BY sum(n) DESC) FROM m GROUP BY host ORDER BY host"))
                .containsExactly("a|4|6|1", "b|2|6|2");
    }

    @Test
    void plannerShortcutsKeepEveryRowForTheWindows() {
        // the newest-buckets shortcut would aggregate only the last bucket; the window sees all groups
        assertThat(run("SELECT time_bucket('1 minute', ts) AS b, count(*), sum(count(*)) OVER () FROM m GROUP BY b ORDER BY b DESC LIMIT 1"))
                .containsExactly("2024-01-01T00:10:00Z|1|6");
        // DISTINCT ON … ORDER BY ts DESC is not rewritten to LATEST BY ahead of the window
        assertThat(run("SELECT DISTINCT ON (host) host, ts, row_number() OVER (PARTITION BY host ORDER BY ts) FROM m ORDER BY host, ts DESC"))
                .containsExactly("a|2024-01-01T00:10:00Z|4", "b|2024-01-01T00:03:00Z|2");
    }

    @Test
    void filterAndWithinGroup() {
        assertThat(run("SELECT count(*) FILTER (WHERE n > 5), sum(n) FILTER (WHERE host = 'a'),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY n), percentile_disc(0.5) WITHIN GROUP (ORDER BY n),"
                + " percentile_disc(0.5) WITHIN GROUP (ORDER BY n DESC) FROM m"))
                .containsExactly("3|42|6.0|5|7");
        // parameters inside FILTER and a frame offset are counted and bound
        try (QueryResult r = db.sql("SELECT count(*) FILTER (WHERE n > $1), max(sum(n)) OVER (ORDER BY host ROWS $2 PRECEDING)"
                + " FROM m GROUP BY host ORDER BY host", 5L, 1L)) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(0)).isEqualTo(3);
            assertThat(r.getLong(1)).isEqualTo(42);
        }
    }
}
