package dev.sundial.sql.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * delta, rate, derivative (as window functions and as aggregates per time bucket),
 * time-weighted averages and histograms against values computed here, independently, from the
 * rows written: random counters that reset to 0 at random (Prometheus's rule: a drop is a restart,
 * the rise is the new value), gauges with NULLs, irregular timestamps written out of order.
 */
class TimeSeriesFunctionsTest {
    private static final long BASE = 1_710_028_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long BUCKET = 600 * SECOND;

    @TempDir
    Path dir;

    record Row(long ts, Double counter, Double gauge) {
    }

    @Test
    void timeSeriesFunctionsAgreeWithJava() throws Exception {
        long seed = Long.getLong("sundial.ts.seed", System.nanoTime());
        System.out.println("TimeSeriesFunctionsTest seed=" + seed + " (replay with -Dsundial.ts.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Map<String, List<Row>> data = new TreeMap<>();
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(false))) {
            run(db, "CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, c DOUBLE, g DOUBLE) WITH (partition_by='hour')");
            List<String> values = new ArrayList<>();
            for (String host : new String[] {"a", "b", "c"}) {
                List<Row> rows = new ArrayList<>();
                long ts = BASE;
                double counter = rnd.nextInt(100);
                for (int i = 0; i < 200 + rnd.nextInt(300); i++) {
                    ts += (1 + rnd.nextInt(90)) * SECOND;
                    counter = rnd.nextInt(25) == 0 ? rnd.nextInt(5) : counter + rnd.nextInt(50);
                    Double c = rnd.nextInt(30) == 0 ? null : counter;
                    Double g = rnd.nextInt(10) == 0 ? null : rnd.nextInt(400) / 4.0 - 20;
                    rows.add(new Row(ts, c, g));
                    values.add("(" + ts + ", '" + host + "', " + c + ", " + g + ")");
                }
                data.put(host, rows);
            }
            java.util.Collections.shuffle(values, rnd);
            for (int i = 0; i < values.size(); i += 97) {
                run(db, "INSERT INTO m (ts, host, c, g) VALUES " + String.join(", ", values.subList(i, Math.min(values.size(), i + 97))));
                if (rnd.nextInt(5) == 0) {
                    db.flush();
                }
            }
            checkWindows(db, data);
            checkAggregates(db, data);
        }
    }

    private static void checkWindows(Sundial db, Map<String, List<Row>> data) {
        List<Object[]> got = run(db, "SELECT host, ts, delta(c) OVER w, rate(c) OVER w, derivative(g, INTERVAL '1 minute') OVER w"
                + " FROM m WINDOW w AS (PARTITION BY host ORDER BY ts) ORDER BY host, ts");
        int k = 0;
        for (Map.Entry<String, List<Row>> e : data.entrySet()) {
            List<Row> rows = e.getValue();
            for (int i = 0; i < rows.size(); i++, k++) {
                Object[] r = got.get(k);
                assertThat(r[0]).isEqualTo(e.getKey());
                Row cur = rows.get(i);
                Row prev = i == 0 ? null : rows.get(i - 1);
                Double delta = prev == null || cur.counter == null || prev.counter == null ? null : cur.counter - prev.counter;
                Double rate = null;
                if (delta != null) {
                    double rise = cur.counter < prev.counter ? cur.counter : delta;
                    rate = rise / ((cur.ts - prev.ts) / 1e9);
                }
                Double deriv = prev == null || cur.gauge == null || prev.gauge == null ? null
                        : (cur.gauge - prev.gauge) / ((cur.ts - prev.ts) / 60e9);
                assertClose(r[2], delta, "delta row " + k);
                assertClose(r[3], rate, "rate row " + k);
                assertClose(r[4], deriv, "derivative row " + k);
            }
        }
        assertThat(got).hasSize(k);
    }

    private static void checkAggregates(Sundial db, Map<String, List<Row>> data) {
        List<Object[]> got = run(db, "SELECT host, time_bucket('10 minutes', ts) AS b, rate(c), delta(g), derivative(c, INTERVAL '1 second'),"
                + " time_weighted_avg(g, ts), average(time_weight('Linear', ts, g)), histogram(g, 0, 50, 4), count(*)"
                + " FROM m GROUP BY host, b ORDER BY host, b");
        int k = 0;
        for (Map.Entry<String, List<Row>> e : data.entrySet()) {
            Map<Long, List<Row>> buckets = new TreeMap<>();
            for (Row r : e.getValue()) {
                buckets.computeIfAbsent(Math.floorDiv(r.ts - 946_857_600_000_000_000L, BUCKET), x -> new ArrayList<>()).add(r);
            }
            for (List<Row> rows : buckets.values()) {
                Object[] r = got.get(k++);
                List<Row> cs = rows.stream().filter(x -> x.counter != null).toList();
                List<Row> gs = rows.stream().filter(x -> x.gauge != null).toList();
                Double rate = null;
                Double deriv = null;
                if (cs.size() >= 2) {
                    double inc = 0;
                    for (int i = 1; i < cs.size(); i++) {
                        double a = cs.get(i - 1).counter;
                        double b = cs.get(i).counter;
                        inc += b >= a ? b - a : b;
                    }
                    double secs = (cs.get(cs.size() - 1).ts - cs.get(0).ts) / 1e9;
                    rate = inc / secs;
                    deriv = (cs.get(cs.size() - 1).counter - cs.get(0).counter) / secs;
                }
                Double delta = gs.size() >= 2 ? gs.get(gs.size() - 1).gauge - gs.get(0).gauge : null;
                Double locf = null;
                Double linear = null;
                if (gs.size() == 1) {
                    locf = linear = gs.get(0).gauge;
                } else if (gs.size() > 1) {
                    double a = 0;
                    double l = 0;
                    for (int i = 1; i < gs.size(); i++) {
                        double dt = gs.get(i).ts - gs.get(i - 1).ts;
                        a += gs.get(i - 1).gauge * dt;
                        l += (gs.get(i - 1).gauge + gs.get(i).gauge) / 2 * dt;
                    }
                    double span = gs.get(gs.size() - 1).ts - gs.get(0).ts;
                    locf = a / span;
                    linear = l / span;
                }
                long[] hist = new long[6];
                for (Row x : gs) {
                    hist[x.gauge < 0 ? 0 : x.gauge >= 50 ? 5 : 1 + (int) (x.gauge / 12.5)]++;
                }
                StringBuilder h = new StringBuilder("{");
                for (int i = 0; i < hist.length; i++) {
                    h.append(i == 0 ? "" : ",").append(hist[i]);
                }
                String histText = gs.isEmpty() ? null : h.append('}').toString();
                String where = "bucket row " + (k - 1) + " " + java.util.Arrays.toString(r);
                assertThat(r[0]).as(where).isEqualTo(e.getKey());
                assertClose(r[2], rate, "rate " + where);
                assertClose(r[3], delta, "delta " + where);
                assertClose(r[4], deriv, "derivative " + where);
                assertClose(r[5], locf, "time_weighted_avg " + where);
                assertClose(r[6], linear, "linear time weight " + where);
                assertThat(r[7]).as("histogram " + where).isEqualTo(histText);
                assertThat(r[8]).as(where).isEqualTo((long) rows.size());
            }
        }
        assertThat(got).hasSize(k);
    }

    private static void assertClose(Object actual, Double expected, String what) {
        if (expected == null) {
            assertThat(actual).as(what).isNull();
            return;
        }
        assertThat(actual).as(what).isNotNull();
        double a = (Double) actual;
        assertThat(Math.abs(a - expected)).as(what + ": " + a + " vs " + expected).isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
    }

    private static List<Object[]> run(Sundial db, String sql) {
        List<Object[]> rows = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            int n = r.columns().size();
            while (r.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    row[i] = r.isNull(i) ? null : switch (r.columns().get(i).type()) {
                        case DOUBLE -> (Object) r.getDouble(i);
                        case BIGINT, TIMESTAMP -> r.getLong(i);
                        default -> r.getString(i);
                    };
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
