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

/**
 * Aggregates answered from chunk statistics equal the same aggregates computed from decoded rows.
 * The reference query adds {@code AND (v IS NULL OR v IS NOT NULL)}: always true, but a row filter,
 * so it disables push-down.
 */
class PushDownTest {
    @TempDir
    Path dir;

    @Test
    void statisticsAnswerLikeDecodedRows() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        long t0 = 1_700_000_000_000_000_000L;
        try (Sundial db = Sundial.open(dir, dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
            db.sql("CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE, n BIGINT) WITH (partition_by='hour')").close();
            for (int round = 0; round < 3; round++) {
                WriteBatch b = db.newBatch();
                // rounds 0 and 1 fill hours 0-2 and 3-5 in time order (disjoint chunks: statistics
                // usable); round 2 rewrites part of hour 5 (overlapping segments: those are decoded)
                long start = round == 2 ? 5 * 3600 : round * 3 * 3600L;
                long end = round == 2 ? 5 * 3600 + 1800 : start + 3 * 3600;
                for (long second = start; second < end; second += 1 + rnd.nextInt(2)) {
                    for (int host = 0; host < 4; host++) {
                        // each host at its own millisecond: no two series share a timestamp, so
                        // first/last (ties broken arbitrarily across series) are deterministic
                        DataPoint.Builder p = DataPoint.at(t0 + second * 1_000_000_000L + host * 1_000_000L).tag("host", "h" + host);
                        if (rnd.nextInt(10) > 0) {
                            p.field("v", rnd.nextInt(100_000) / 100.0);
                        }
                        p.field("n", (long) rnd.nextInt(1000));
                        b.add("m", p.build());
                    }
                }
                b.commit();
                db.flush(); // overlapping segments in later rounds: those series fall back to decoding
            }
            String aggs = "count(*), count(v), min(v), max(v), sum(n), avg(v), min(ts), max(ts), count(ts), first(n, ts), last(n, ts)";
            for (String group : List.of("", "host, ", "time_bucket('1h', ts) AS b, ", "host, time_bucket('30m', ts) AS b, ")) {
                String by = group.isEmpty() ? "" : " GROUP BY " + group.replace(" AS b", "").replaceAll(", $", "");
                String fast = "SELECT " + group + aggs + " FROM m WHERE ts >= ? AND ts < ?" + by + " ORDER BY 1, 2";
                String slow = "SELECT " + group + aggs + " FROM m WHERE ts >= ? AND ts < ? AND (v IS NULL OR v IS NOT NULL)" + by + " ORDER BY 1, 2";
                long from = t0 + 1800L * 1_000_000_000L;
                long to = t0 + 6 * 3600L * 1_000_000_000L;
                List<List<Object>> a = QueryLimitsTest.drain(db.sql(fast, from, to));
                List<List<Object>> e = QueryLimitsTest.drain(db.sql(slow, from, to));
                assertThat(a).hasSameSizeAs(e);
                for (int r = 0; r < a.size(); r++) {
                    for (int c = 0; c < a.get(r).size(); c++) {
                        Object x = a.get(r).get(c);
                        Object y = e.get(r).get(c);
                        if (x instanceof Double dx && y instanceof Double dy) {
                            assertThat(dx).as("seed %d %s row %d col %d", seed, fast, r, c).isCloseTo(dy, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(dy))));
                        } else {
                            assertThat(x).as("seed %d %s row %d col %d", seed, fast, r, c).isEqualTo(y);
                        }
                    }
                }
                String plan = String.join("\n", QueryLimitsTest.drain(db.sql("EXPLAIN ANALYZE " + fast, from, to)).stream()
                        .map(r -> (String) r.get(0)).toList());
                assertThat(plan).as(fast).contains("push-down from chunk statistics: yes");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("answered from statistics: (\\d+)").matcher(plan);
                assertThat(m.find()).isTrue();
                if (!group.contains("30m")) {
                    assertThat(Integer.parseInt(m.group(1))).as("chunks from statistics in %s", plan).isPositive();
                }
            }
        }
    }
}
