package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL never returns or counts a row past {@code retention_raw}: plain scans, aggregates answered
 * from chunk statistics (a chunk straddling the cutoff is decoded, not counted whole), rows still in
 * the head, after {@code ALTER TABLE … SET (retention_raw = …)}, and on cold segments; DESCRIBE
 * shows {@code cold_after} and the bytes per tier.
 */
class RetentionQueryTest {
    private static final long SEC = 1_000_000_000L;
    private static final long HOUR = 3600 * SEC;
    private static final long DAY = 24 * HOUR;
    private static final long BASE = 1_700_000_000_000_000_000L / DAY * DAY;

    @TempDir
    Path dir;

    private static List<String> rows(Sundial db, String sql) {
        List<String> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < r.columns().size(); c++) {
                    b.append(c > 0 ? "|" : "").append(r.getString(c));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** count, sum and min(ts) of v over rows with ts >= cutoff, computed from the data written. */
    private static String expected(List<DataPoint> pts, long cutoff) {
        long n = 0;
        long sum = 0;
        long min = Long.MAX_VALUE;
        for (DataPoint p : pts) {
            if (p.timestampNanos() >= cutoff) {
                n++;
                sum += (Long) p.field("v");
                min = Math.min(min, p.timestampNanos());
            }
        }
        return n + "|" + sum + "|" + min;
    }

    @Test
    void noQueryReturnsOrCountsARowPastRetention() throws Exception {
        AtomicLong now = new AtomicLong(BASE + 6 * DAY + 12 * HOUR);
        SundialOptions opts = SundialOptions.defaults().withFlushIntervalMillis(0).withClock(() -> Instant.ofEpochSecond(0, now.get()))
                .withBackgroundMaintenance(false);
        try (Sundial db = Sundial.open(dir, opts)) {
            db.sql("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, v BIGINT) WITH (partition_by='day', retention_raw='3d')")
                    .close();
            Table t = db.table("cpu");
            List<DataPoint> pts = new ArrayList<>();
            for (int h = 0; h < 3; h++) {
                for (long k = 0; k < 6 * 24; k++) {
                    pts.add(DataPoint.at(BASE + k * HOUR).tag("host", "h" + h).field("v", k * 10 + h).build());
                }
            }
            t.insert(pts);
            db.flush(); // one chunk per series and day: day 3's chunks straddle the cutoff (day 3 12:00)
            List<DataPoint> head = new ArrayList<>();
            for (long k = 0; k < 24; k++) { // still in the head: half before the cutoff
                head.add(DataPoint.at(BASE + 3 * DAY + k * HOUR + 30 * 60 * SEC).tag("host", "h9").field("v", 1000L + k).build());
            }
            t.insert(head);
            List<DataPoint> all = new ArrayList<>(pts);
            all.addAll(head);
            long cutoff = BASE + 3 * DAY + 12 * HOUR;
            String exp = expected(all, cutoff);
            assertThat(rows(db, "SELECT count(*), sum(v) FROM cpu")).containsExactly(exp.substring(0, exp.lastIndexOf('|')));
            assertThat(rows(db, "SELECT count(*) FROM cpu WHERE ts < '" + Instant.ofEpochSecond(0, cutoff) + "'")).containsExactly("0");
            assertThat(rows(db, "SELECT min(ts) FROM cpu")).isEqualTo(rows(db, "SELECT ts FROM cpu ORDER BY ts LIMIT 1"));
            assertThat(rows(db, "SELECT count(*) FROM cpu WHERE ts = '" + Instant.ofEpochSecond(0, cutoff) + "'")).containsExactly("3");
            // grouped by day: day 3 counts only its rows from 12:00
            assertThat(rows(db, "SELECT time_bucket('1d', ts) AS d, count(*) FROM cpu GROUP BY d ORDER BY d"))
                    .extracting(r -> r.substring(r.indexOf('|') + 1)).containsExactly("48", "72", "72");
            assertThat(rows(db, "SELECT count(*) FROM (SELECT * FROM cpu) x")).containsExactly(exp.substring(0, exp.indexOf('|')));

            // the clock moves on and the retention changes: both act at once, with no maintenance run
            now.addAndGet(DAY);
            assertThat(rows(db, "SELECT count(*), sum(v) FROM cpu")).containsExactly(
                    expected(all, cutoff + DAY).substring(0, expected(all, cutoff + DAY).lastIndexOf('|')));
            db.sql("ALTER TABLE cpu SET (retention_raw = '1d', cold_after = '2d')").close();
            assertThat(rows(db, "SELECT count(*) FROM cpu")).containsExactly(expected(all, BASE + 6 * DAY + 12 * HOUR).split("\\|")[0]);
            db.sql("ALTER TABLE cpu SET (retention_raw = '30d')").close();
            db.flush();
            while (db.tierTask().runStep() != null) {
                // days 0..4 move cold
            }
            String cold = rows(db, "DESCRIBE cpu").stream().filter(r -> r.startsWith("cold|")).findFirst().orElseThrow();
            assertThat(cold).endsWith("|tier").doesNotStartWith("cold|0 bytes").contains("5 partitions");
            assertThat(rows(db, "DESCRIBE cpu")).contains("cold_after|2d|option");
            assertThat(rows(db, "SELECT count(*), sum(v) FROM cpu")).containsExactly(
                    expected(all, Long.MIN_VALUE).substring(0, expected(all, Long.MIN_VALUE).lastIndexOf('|')));
            db.sql("ALTER TABLE cpu SET (retention_raw = '3d')").close(); // cutoff day 4 12:00: inside a cold partition
            assertThat(rows(db, "SELECT count(*), sum(v) FROM cpu")).containsExactly(
                    expected(all, cutoff + DAY).substring(0, expected(all, cutoff + DAY).lastIndexOf('|')));
        }
    }
}
