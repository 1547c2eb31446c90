package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.RollupAggregation;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's Java API (downsample, query) reads rollups; percentiles from sketches stay within their relative error. */
class RollupApiTest {
    static final long DAY = 86_400_000_000_000L;
    static final long T0 = 1_700_006_400_000_000_000L / DAY * DAY;

    @TempDir
    Path dir;

    @Test
    void downsampleAndQueryChooseLevelsAndPercentilesStayWithinTheSketchError() throws Exception {
        long seed = System.nanoTime();
        System.out.println("RollupApiTest seed " + seed);
        Random rnd = new Random(seed);
        try (Sundial db = Sundial.open(dir)) {
            Table t = db.createTable(TableSchema.builder("cpu").tag("host").value("usage", ColumnType.DOUBLE)
                    .value("n", ColumnType.BIGINT).build(), TableOptions.DEFAULTS);
            List<DataPoint> batch = new ArrayList<>();
            double[][] byHost = new double[3][];
            for (int h = 0; h < 3; h++) {
                List<Double> vs = new ArrayList<>();
                for (long ts = T0; ts < T0 + 2 * DAY; ts += 10_000_000_000L) {
                    double v = Math.exp(rnd.nextGaussian()) * 10; // skewed, positive: where percentiles matter
                    vs.add(v);
                    batch.add(DataPoint.at(ts).tag("host", "h" + h).field("usage", v).field("n", (long) rnd.nextInt(100)).build());
                }
                byHost[h] = vs.stream().mapToDouble(Double::doubleValue).toArray();
            }
            t.insert(batch);
            db.flush();
            Instant start = Instant.ofEpochSecond(0, T0);
            Instant end = Instant.ofEpochSecond(0, T0 + 2 * DAY);
            List<DataPoint> rawHourly = t.downsample(start, end, Duration.ofHours(1), RollupAggregation.AVG);
            List<DataPoint> rawMax = t.query(start, end, List.of("host"), RollupAggregation.MAX);
            db.buildRollups();
            List<DataPoint> hourly = t.downsample(start, end, Duration.ofHours(1), RollupAggregation.AVG);
            assertThat(hourly).hasSize(3 * 48);
            for (int i = 0; i < hourly.size(); i++) {
                assertThat(hourly.get(i).timestampNanos()).isEqualTo(rawHourly.get(i).timestampNanos());
                assertThat(hourly.get(i).tags()).isEqualTo(rawHourly.get(i).tags());
                assertThat((Double) hourly.get(i).fields().get("usage")).isCloseTo((Double) rawHourly.get(i).fields().get("usage"),
                        org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(t.query(start, end, List.of("host"), RollupAggregation.MAX)).isEqualTo(rawMax);
            String plan = RollupDifferentialTest.rows(db, "EXPLAIN SELECT time_bucket('1h', timestamp), host, avg(usage) FROM cpu"
                    + " GROUP BY 1, 2").toString();
            assertThat(plan).contains("rollup level: 1h");

            for (double q : new double[] {0.5, 0.9, 0.99}) {
                List<DataPoint> p = t.query(start, end, List.of("host"), RollupAggregation.percentile(q));
                assertThat(p).hasSize(3);
                for (int h = 0; h < 3; h++) {
                    double[] sorted = byHost[h].clone();
                    Arrays.sort(sorted);
                    double pos = q * (sorted.length - 1);
                    double lo = sorted[(int) Math.floor(pos)] * (1 - 0.01);
                    double hi = sorted[(int) Math.ceil(pos)] * (1 + 0.01);
                    double got = (Double) p.get(h).fields().get("usage");
                    assertThat(got).as("p%s of h%d", q * 100, h).isBetween(lo, hi);
                }
            }
            String pplan = RollupDifferentialTest.rows(db, "EXPLAIN SELECT host, percentile(usage, 0.99) FROM cpu GROUP BY host").toString();
            assertThat(pplan).contains("rollup level: 1d").contains("percentile: approximate");
            assertThat(RollupAggregation.parse("p99").toString()).isEqualTo("percentile(0.99)");
        }
    }

    @Test
    void callMaintenanceBuildsTheLevelsAndSetRollupsOffKeepsAQueryOnRawData() throws Exception {
        try (Sundial db = Sundial.open(dir, dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
            db.sql("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, usage DOUBLE) WITH (rollup_intervals = '1m,1h')").close();
            Table t = db.table("cpu");
            List<DataPoint> batch = new ArrayList<>();
            for (long ts = T0; ts < T0 + 3 * 3_600_000_000_000L; ts += 10_000_000_000L) {
                batch.add(DataPoint.at(ts).tag("host", "a").field("usage", (double) ((ts / 10_000_000_000L) % 100)).build());
            }
            t.insert(batch);
            String q = "SELECT time_bucket('1h', ts) AS h, avg(usage) FROM cpu GROUP BY h ORDER BY h";
            assertThat(RollupDifferentialTest.rows(db, "EXPLAIN " + q).toString()).contains("rollup level: raw (no rollup level is built");
            List<List<Object>> steps = RollupDifferentialTest.rows(db, "CALL maintenance()");
            assertThat(steps).extracting(r -> r.get(0)).contains("flush", "rollup");
            assertThat(steps.stream().filter(r -> r.get(0).equals("rollup")).findFirst().orElseThrow().get(1).toString())
                    .contains("table cpu: built 1m").contains("1h");
            assertThat(RollupDifferentialTest.rows(db, "SHOW MAINTENANCE")).extracting(r -> r.get(0)).contains("rollup");
            assertThat(RollupDifferentialTest.rows(db, "EXPLAIN " + q).toString()).contains("rollup level: 1h");
            dev.sundial.Session s = db.session();
            s.sql("SET rollups = off").close();
            assertThat(RollupDifferentialTest.rows(s, "EXPLAIN " + q).toString()).contains("rollup level: raw (rollups are off");
            assertThat(RollupDifferentialTest.rows(s, q)).isEqualTo(RollupDifferentialTest.rows(db, q));
            s.sql("SET rollups = on").close();
            assertThat(RollupDifferentialTest.rows(s, "EXPLAIN " + q).toString()).contains("rollup level: 1h");
        }
    }
}
