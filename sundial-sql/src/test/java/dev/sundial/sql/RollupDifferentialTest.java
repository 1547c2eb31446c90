package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollups on and off give the same answers: random data (irregular timestamps, NULLs, out-of-order
 * writes, upserts, deletes; some flushed, some in the head), random bucket widths (dividing the
 * levels and not) and random ranges, before and after maintenance and across a reopen. Floating
 * sums agree within 1e-9 relative (cells add in a different order than rows); the rest exactly.
 * "Off" is the same query in a session with {@code SET rollups = off}.
 * Seed printed; {@code -Dsundial.rollup.seed=} replays.
 */
class RollupDifferentialTest {
    static final long MIN = 60_000_000_000L;
    static final long HOUR = 60 * MIN;
    static final long DAY = 24 * HOUR;
    static final long T0 = 1_700_006_400_000_000_000L / DAY * DAY;
    static final String[] WIDTHS = {"1m", "2m", "5m", "7m", "10m", "30m", "1h", "90m", "3h", "1d", "1s"};
    static final String[] AGGS = {"count(*)", "count(v)", "sum(v)", "avg(v)", "min(v)", "max(v)", "first(v, ts)", "last(v, ts)",
            "stddev(v)", "var_pop(v)", "sum(n)", "avg(n)", "min(n)", "max(n)", "count(ok)", "first(ok, ts)", "min(ts)", "max(ts)",
            "count(s)"};

    @TempDir
    Path dir;
    int compared;
    int fromRollups;

    @Test
    void rollupsOnAndOffAgree() throws Exception {
        long seed = Long.getLong("sundial.rollup.seed", System.nanoTime());
        System.out.println("RollupDifferentialTest seed " + seed + " (-Dsundial.rollup.seed=" + seed + " replays)");
        Random rnd = new Random(seed);
        try (Sundial db = Sundial.open(dir)) {
            Table t = db.createTable(TableSchema.builder("m").timestamp("ts").tag("host").value("v", ColumnType.DOUBLE)
                    .value("n", ColumnType.BIGINT).value("ok", ColumnType.BOOLEAN).value("s", ColumnType.VARCHAR).build(),
                    TableOptions.DEFAULTS.with(Map.of("rollup_intervals", "1m,5m,1h,1d")));
            write(t, rnd, 3000, T0, T0 + 3 * DAY);
            db.flush();
            compareMany(db, rnd, 40);
            db.buildRollups();
            compareMany(db, rnd, 80);
            // late data, upserts and a delete into built ranges; some flushed (dirty), some still in the head
            write(t, rnd, 200, T0, T0 + 2 * DAY);
            db.flush();
            t.delete(T0 + DAY + 3 * HOUR, T0 + DAY + 3 * HOUR + 17 * MIN, TagFilter.eq("host", "h1"));
            write(t, rnd, 50, T0, T0 + 2 * DAY);
            compareMany(db, rnd, 80);
            db.flush();
            db.buildRollups();
            compareMany(db, rnd, 80);
        }
        try (Sundial db = Sundial.open(dir)) {
            compareMany(db, rnd, 40);
        }
        System.out.println("RollupDifferentialTest: " + compared + " queries compared, " + fromRollups + " read rollups");
        assertThat(fromRollups).isGreaterThan(compared / 4);
    }

    private static void write(Table t, Random rnd, int n, long from, long to) throws Exception {
        List<DataPoint> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = from + (long) (rnd.nextDouble() * (to - from));
            if (rnd.nextInt(4) == 0) {
                ts = ts / 1_000_000_000L * 1_000_000_000L; // collisions: upserts
            }
            DataPoint.Builder b = DataPoint.at(ts).tag("host", "h" + rnd.nextInt(4));
            boolean any = false;
            if (rnd.nextInt(10) > 0) {
                any = true;
                b.field("v", Math.round(rnd.nextGaussian() * 10_000) / 100.0);
            }
            if (rnd.nextInt(10) > 0) {
                any = true;
                b.field("n", (long) rnd.nextInt(2000) - 1000);
            }
            if (rnd.nextInt(3) > 0) {
                any = true;
                b.field("ok", rnd.nextBoolean());
            }
            if (rnd.nextInt(3) == 0) {
                any = true;
                b.field("s", "s" + rnd.nextInt(5));
            }
            if (any) {
                batch.add(b.build());
            }
        }
        t.insert(batch);
    }

    private void compareMany(Sundial db, Random rnd, int n) {
        for (int i = 0; i < n; i++) {
            String width = WIDTHS[rnd.nextInt(WIDTHS.length)];
            boolean byHost = rnd.nextBoolean();
            String agg = aggregate(rnd, byHost) + ", " + aggregate(rnd, byHost);
            long a = T0 - HOUR + (long) (rnd.nextDouble() * 4 * DAY);
            long b = a + (long) (rnd.nextDouble() * (rnd.nextBoolean() ? 3 * DAY : 6 * HOUR));
            if (rnd.nextInt(4) == 0) {
                a = a / HOUR * HOUR;
                b = b / HOUR * HOUR + HOUR;
            }
            String range = "ts >= '" + Instant.ofEpochSecond(0, a) + "' AND ts < '" + Instant.ofEpochSecond(0, b) + "'";
            boolean bucketed = rnd.nextInt(5) > 0;
            String keys = (bucketed ? "time_bucket('" + width + "', ts) AS b" : "") + (byHost ? (bucketed ? ", " : "") + "host" : "");
            String sql = "SELECT " + (keys.isEmpty() ? "" : keys + ", ") + agg + " FROM m WHERE " + range + "%s"
                    + (keys.isEmpty() ? "" : " GROUP BY " + (bucketed ? "b" : "") + (byHost ? (bucketed ? ", " : "") + "host" : "")
                    + " ORDER BY " + (bucketed ? "b" : "") + (byHost ? (bucketed ? ", " : "") + "host" : ""));
            String on = String.format(sql, "");
            dev.sundial.Session offSession = db.session();
            offSession.sql("SET rollups = off").close();
            List<List<Object>> expected = rows(offSession, on);
            assertThat(explain(offSession, on)).contains("rollup level: raw (rollups are off");
            List<List<Object>> actual = rows(db, on);
            compared++;
            if (explain(db, on).contains("rollup level: 1") || explain(db, on).contains("rollup level: 5")) {
                fromRollups++;
            }
            assertThat(actual).as(on).hasSameSizeAs(expected);
            for (int r = 0; r < expected.size(); r++) {
                for (int c = 0; c < expected.get(r).size(); c++) {
                    Object e = expected.get(r).get(c);
                    Object x = actual.get(r).get(c);
                    if (e instanceof Double d && x instanceof Double y && !d.equals(y)) {
                        assertThat(y).as(on + " row " + r + " col " + c).isCloseTo(d,
                                org.assertj.core.data.Offset.offset(Math.max(1e-9, Math.abs(d) * 1e-9)));
                    } else {
                        assertThat(x).as(on + " row " + r + " col " + c).isEqualTo(e);
                    }
                }
            }
        }
    }

    /** An aggregate; first/last only per host: across series two rows may share the deciding timestamp. */
    private static String aggregate(Random rnd, boolean byHost) {
        String a;
        do {
            a = AGGS[rnd.nextInt(AGGS.length)];
        } while (!byHost && (a.startsWith("first") || a.startsWith("last")));
        return a;
    }

    private static String explain(Sundial db, String sql) {
        return explain(db.session(), sql);
    }

    private static String explain(dev.sundial.Session db, String sql) {
        StringBuilder b = new StringBuilder();
        for (List<Object> r : rows(db, "EXPLAIN " + sql)) {
            b.append(r.get(0)).append('\n');
        }
        return b.toString();
    }

    static List<List<Object>> rows(Sundial db, String sql) {
        return rows(db.session(), sql);
    }

    static List<List<Object>> rows(dev.sundial.Session db, String sql) {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
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
}
