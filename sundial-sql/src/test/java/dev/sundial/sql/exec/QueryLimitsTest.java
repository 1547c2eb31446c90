package dev.sundial.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-query memory limit and timeout: clear errors, and the database stays usable. */
class QueryLimitsTest {
    @TempDir
    Path dir;

    private static void load(Sundial db, int series, int rows) throws Exception {
        db.sql("CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
        WriteBatch b = db.newBatch();
        for (int s = 0; s < series; s++) {
            for (int r = 0; r < rows; r++) {
                b.add("m", dev.sundial.DataPoint.at(1_700_000_000_000_000_000L + r * 1_000_000_000L)
                        .tag("host", "h" + s).field("v", (double) (r * 7 % 1000)).build());
            }
        }
        b.commit();
        db.flush();
    }

    static List<List<Object>> drain(QueryResult r) {
        List<List<Object>> rows = new ArrayList<>();
        try (r) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < r.columns().size(); c++) {
                    row.add(r.getObject(c));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void sortBeyondTheMemoryLimitFailsClearlyAndTheDatabaseStaysUsable() throws Exception {
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withQueryMemoryBytes(1 << 20))) {
            load(db, 4, 50_000);
            assertThatThrownBy(() -> drain(db.sql("SELECT * FROM m ORDER BY v")))
                    .isInstanceOf(QueryException.class)
                    .hasMessageContaining("more memory than its limit of 1 MiB")
                    .hasMessageContaining("sorting");
            // a top-N keeps only LIMIT rows, so it fits
            assertThat(drain(db.sql("SELECT v FROM m ORDER BY v DESC LIMIT 3"))).hasSize(3);
            assertThat(drain(db.sql("SELECT count(*) FROM m")).get(0).get(0)).isEqualTo(200_000L);
        }
    }

    @Test
    void streamingScanNeedsNoMemoryBeyondItsLookahead() throws Exception {
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withQueryMemoryBytes(1 << 16))) {
            load(db, 8, 20_000);
            long n = 0;
            try (QueryResult r = db.sql("SELECT * FROM m WHERE v >= 0")) {
                while (r.next()) {
                    n++;
                }
            }
            assertThat(n).isEqualTo(160_000);
        }
    }

    @Test
    void aStatementPastItsTimeoutIsCancelled() throws Exception {
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withQueryTimeoutMillis(1))) {
            load(db, 4, 50_000);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    drain(db.sql("SELECT host, percentile(v, 0.5), stddev(v) FROM m GROUP BY host ORDER BY 2"));
                }
            }).isInstanceOf(QueryException.class).hasMessageContaining("statement timeout");
        }
    }

    @Test
    void explainShowsPruningAndPushDown() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            load(db, 4, 1000);
            String plan = String.join("\n", drain(db.sql("EXPLAIN ANALYZE SELECT host, max(v), count(*) FROM m "
                    + "WHERE host IN ('h1', 'h2') GROUP BY host")).stream().map(r -> (String) r.get(0)).toList());
            assertThat(plan).contains("AggregateScan").contains("series: 2 of 4")
                    .contains("push-down from chunk statistics: yes").contains("chunks answered from statistics: 2, decoded: 0");
            String filtered = String.join("\n", drain(db.sql("EXPLAIN SELECT host, max(v) FROM m WHERE v > 3 GROUP BY host"))
                    .stream().map(r -> (String) r.get(0)).toList());
            assertThat(filtered).contains("filter: v > 3").contains("push-down from chunk statistics: no");
        }
    }
}
