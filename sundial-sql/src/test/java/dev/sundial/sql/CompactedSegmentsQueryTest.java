package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import dev.sundial.maintenance.MaintenanceTask;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL over segments compaction merged across many partitions (a sparse table): time-range
 * aggregations, {@code time_bucket}, raw selects, {@code DELETE} and {@code count(DISTINCT …)} give
 * the same answers as before compaction (doubles to 10 significant digits: sums add chunk statistics
 * in another grouping once chunks are coalesced).
 */
class CompactedSegmentsQueryTest {
    private static final long SEC = 1_000_000_000L;
    private static final long HOUR = 3600 * SEC;
    private static final long DAY = 24 * HOUR;
    private static final long T0 = 1_451_606_400_000_000_000L; // 2016-01-01

    @TempDir
    Path dir;

    private static List<List<Object>> rows(Sundial db, String sql) {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    // floating sums may differ in the last bits: chunk statistics are added in another grouping
                    row.add(r.isNull(i) ? null : r.columns().get(i).type() == dev.sundial.SqlType.DOUBLE
                            ? String.format("%.10g", r.getDouble(i)) : r.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void queriesGiveTheSameAnswersOverMergedSegments() throws IOException {
        long seed = System.nanoTime();
        System.out.println("CompactedSegmentsQueryTest seed=" + seed);
        Random rnd = new Random(seed);
        List<String> queries = new ArrayList<>(List.of(
                "SELECT count(*), sum(v), min(v), max(v) FROM s",
                "SELECT host, count(DISTINCT host), count(*) FROM s GROUP BY host ORDER BY host",
                "SELECT time_bucket('1d', timestamp) AS b, host, avg(v), last(v, timestamp) FROM s GROUP BY b, host ORDER BY b, host",
                "SELECT time_bucket('7d', timestamp) AS b, max(v) FROM s GROUP BY b ORDER BY b"));
        for (int i = 0; i < 12; i++) {
            long a = T0 + (long) (rnd.nextDouble() * 60 * DAY);
            long b = a + (long) (rnd.nextDouble() * 10 * DAY);
            String range = "timestamp >= " + Instant.ofEpochSecond(0, a).toString().replace("T", " ").replace("Z", "")
                    .transform(t -> "'" + t + "'") + " AND timestamp < '" + Instant.ofEpochSecond(0, b) + "'";
            queries.add("SELECT host, count(*), avg(v), min(timestamp), max(timestamp) FROM s WHERE " + range + " GROUP BY host ORDER BY host");
            queries.add("SELECT * FROM s WHERE " + range + " AND host = 'h1' ORDER BY timestamp");
        }
        SundialOptions opts = SundialOptions.defaults().withFlushIntervalMillis(0).withBackgroundMaintenance(false)
                .withClock(InstantSource.fixed(Instant.parse("2030-01-01T00:00:00Z")));
        try (Sundial db = Sundial.open(dir, opts)) {
            Table t = db.createTable(TableSchema.builder("s").tag("host").value("v", ColumnType.DOUBLE).build(),
                    TableOptions.DEFAULTS.with(Map.of("partition_by", "day")));
            List<DataPoint> pts = new ArrayList<>();
            for (int d = 0; d < 60; d++) {
                for (int h = 0; h < 4; h++) {
                    for (int k = 0; k < 20; k++) {
                        pts.add(DataPoint.at(T0 + d * DAY + k * HOUR + rnd.nextInt(3000) * SEC).tag("host", "h" + h)
                                .field("v", (double) rnd.nextInt(10_000) / 100).build());
                    }
                }
            }
            t.insert(pts);
            db.flush();
            db.sql("DELETE FROM s WHERE timestamp >= '2016-01-20' AND timestamp < '2016-01-25' AND host = 'h2'").close();
            db.sql("DELETE FROM s WHERE host = 'h3'").close();
            List<List<List<Object>>> before = new ArrayList<>();
            for (String q : queries) {
                before.add(rows(db, q));
            }
            MaintenanceTask task = db.compactionTask();
            while (task.runStep() != null) {
                // one group per step
            }
            assertThat(t.stats().partitions()).isEqualTo(1);
            for (int i = 0; i < queries.size(); i++) {
                assertThat(rows(db, queries.get(i))).as("seed=%d %s", seed, queries.get(i)).isEqualTo(before.get(i));
            }
            assertThat(rows(db, "SELECT count(DISTINCT host) FROM s")).containsExactly(List.of("3"));
            db.sql("DELETE FROM s WHERE timestamp >= '2016-02-01' AND timestamp < '2016-02-03'").close();
            assertThat(rows(db, "SELECT count(*) FROM s WHERE timestamp >= '2016-01-31' AND timestamp < '2016-02-04'"))
                    .containsExactly(List.of(String.valueOf(3 * 2 * 20)));
        }
    }
}
