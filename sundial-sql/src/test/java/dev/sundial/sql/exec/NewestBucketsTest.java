package dev.sundial.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest-buckets window gives the same rows as aggregating the whole range, with gaps in the data. */
class NewestBucketsTest {
    @TempDir
    Path dir;

    @Test
    void newestBucketsEqualAFullAggregation() throws Exception {
        long seed = System.nanoTime();
        System.out.println("NewestBucketsTest seed=" + seed);
        Random rnd = new Random(seed);
        long t0 = 1_700_000_000_000_000_000L;
        try (Sundial db = Sundial.open(dir)) {
            db.sql("CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE) WITH (partition_by='hour')").close();
            WriteBatch b = db.newBatch();
            for (int i = 0; i < 20_000; i++) {
                // sparse, with long gaps: the window has to widen several times
                long ts = t0 + (long) (rnd.nextDouble() * rnd.nextDouble() * 3 * 86_400) * 1_000_000_000L;
                b.add("m", DataPoint.at(ts).tag("host", "h" + rnd.nextInt(5)).field("v", rnd.nextInt(1000) / 10.0).build());
            }
            b.commit();
            db.flush();
            for (int q = 0; q < 20; q++) {
                long to = t0 + (long) (rnd.nextDouble() * 4 * 86_400) * 1_000_000_000L;
                int limit = 1 + rnd.nextInt(8);
                String width = rnd.nextBoolean() ? "1m" : "7m";
                // time_bucket, or Grafana's $__timeGroup bucket of epoch seconds
                String bucket = rnd.nextBoolean() ? "time_bucket('" + width + "', ts)"
                        : "floor(extract(epoch from ts)/" + (width.equals("1m") ? 60 : 420) + ")*" + (width.equals("1m") ? 60 : 420);
                String fast = "SELECT " + bucket + " AS b, max(v), count(*) FROM m WHERE ts < ? GROUP BY b ORDER BY b DESC LIMIT " + limit;
                // HAVING true disables the optimization: the reference result
                String full = "SELECT " + bucket + " AS b, max(v), count(*) FROM m WHERE ts < ? GROUP BY b HAVING count(*) > 0 ORDER BY b DESC LIMIT " + limit;
                List<List<Object>> a = QueryLimitsTest.drain(db.sql(fast, to));
                List<List<Object>> e = QueryLimitsTest.drain(db.sql(full, to));
                assertThat(a).as("seed %d: %s at %d", seed, fast, to).isEqualTo(e);
            }
            String plan = String.join("\n", QueryLimitsTest.drain(db.sql("EXPLAIN SELECT time_bucket('1m', ts) AS b, max(v) FROM m "
                    + "WHERE ts < ? GROUP BY b ORDER BY b DESC LIMIT 5", t0 + 86_400_000_000_000L)).stream().map(r -> (String) r.get(0)).toList());
            assertThat(plan).contains("NewestBuckets need=5");
            String grafana = String.join("\n", QueryLimitsTest.drain(db.sql("EXPLAIN SELECT floor(extract(epoch from ts)/60)*60 AS \"time\","
                    + " max(v) FROM m WHERE ts < ? GROUP BY 1 ORDER BY 1 DESC LIMIT 5", t0 + 86_400_000_000_000L)).stream()
                    .map(r -> (String) r.get(0)).toList());
            assertThat(grafana).contains("NewestBuckets need=5");
        }
    }
}
