package dev.sundial.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.WriteBatch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query composition under the per-query memory limit: hash set operations, a WITH query read twice
 * and an IN subquery's values fail with the memory error instead of exhausting the heap, UNION ALL
 * streams without holding rows, and the database answers afterwards.
 */
class CompositionMemoryTest {
    @TempDir
    Path dir;

    @Test
    void compositionCountsAgainstTheMemoryLimit() throws Exception {
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withQueryMemoryBytes(1 << 20))) {
            db.sql("CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            WriteBatch b = db.newBatch();
            for (int s = 0; s < 4; s++) {
                for (int r = 0; r < 50_000; r++) {
                    b.add("m", dev.sundial.DataPoint.at(1_700_000_000_000_000_000L + r * 1_000_000_000L)
                            .tag("host", "h" + s).field("v", (double) r).build());
                }
            }
            b.commit();
            db.flush();
            for (String sql : new String[] {
                "SELECT ts, v FROM m EXCEPT SELECT ts, v FROM m WHERE host = 'h0'",
                "SELECT ts, v FROM m INTERSECT ALL SELECT ts, v FROM m",
                "SELECT ts, v FROM m UNION SELECT ts, v FROM m",
                "WITH w AS (SELECT ts, v FROM m) SELECT count(*) FROM w UNION ALL SELECT count(*) FROM w",
                "SELECT count(*) FROM m WHERE v IN (SELECT v + 0.5 FROM m)",
            }) {
                assertThatThrownBy(() -> QueryLimitsTest.drain(db.sql(sql)))
                        .as(sql)
                        .isInstanceOf(QueryException.class)
                        .hasMessageContaining("more memory than its limit of 1 MiB");
            }
            // streaming: UNION ALL holds nothing, so it fits
            assertThat(QueryLimitsTest.drain(db.sql("SELECT ts, v FROM m UNION ALL SELECT ts, v FROM m"))).hasSize(400_000);
            assertThat(QueryLimitsTest.drain(db.sql("SELECT count(*) FROM m")).get(0).get(0)).isEqualTo(200_000L);
        }
    }
}
