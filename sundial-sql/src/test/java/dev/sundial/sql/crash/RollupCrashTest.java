package dev.sundial.sql.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.CheckReport;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during rollup building, compaction and tier moves: a child ({@link RollupCrashMain}) writes,
 * rewrites old rows late, flushes, builds rollups, compacts and moves partitions cold without pause; this test kills it at random moments, reopens, and checks
 * that every acknowledged row is there, that queries answered from rollups equal the same queries on
 * raw rows (so no dirty mark was lost and no half-built level is read), and that {@code check} is
 * clean — then runs the maintenance the crash interrupted and compares again.
 */
class RollupCrashTest {
    /** 10 per CI run ({@code -Dsundial.crash.rollupKills=N} for a soak). */
    private static final int KILLS = Integer.getInteger("sundial.crash.rollupKills", 10);
    private static final String[] QUERIES = {
        "SELECT time_bucket('1m', ts) AS b, host, count(*), sum(v), min(v), max(v), max(n) FROM m GROUP BY b, host ORDER BY b, host",
        "SELECT time_bucket('5m', ts) AS b, avg(v), count(v) FROM m GROUP BY b ORDER BY b",
        // first/last per host: across series the same timestamp would make them ambiguous
        "SELECT time_bucket('5m', ts) AS b, host, last(v, ts), first(n, ts) FROM m GROUP BY b, host ORDER BY b, host",
        "SELECT time_bucket('1h', ts) AS b, host, stddev(v), sum(n) FROM m GROUP BY b, host ORDER BY b, host",
        "SELECT host, count(*), sum(v), min(ts), max(ts) FROM m GROUP BY host ORDER BY host",
    };

    @TempDir
    Path dir;

    @Test
    void acknowledgedRowsSurviveAndRollupsAgreeWithRawAfterSigkill() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        long maxAcked = -1;
        int compared = 0;
        for (int round = 0; round < KILLS; round++) {
            Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", cp, RollupCrashMain.class.getName(), dir.toString(),
                    Long.toString(maxAcked + 1)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicLong acked = new AtomicLong(-1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("ACK ")) {
                            acked.set(Long.parseLong(line.substring(4)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child died: its stdout closed
                }
            });
            reader.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (acked.get() <= maxAcked && System.currentTimeMillis() < deadline && p.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(acked.get()).as("seed=%d round=%d: the child acknowledged nothing", seed, round).isGreaterThan(maxAcked);
            Thread.sleep(200 + rnd.nextInt(1200));
            p.toHandle().destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join();
            maxAcked = Math.max(maxAcked, acked.get());
            String msg = "seed=" + seed + " round=" + round + " maxAcked=" + maxAcked;
            try (Sundial db = Sundial.open(dir)) {
                assertThat(db.problems()).as(msg).isEmpty();
                List<List<Object>> perBatch = rows(db, "SELECT n, count(*) FROM m WHERE n IS NOT NULL GROUP BY n ORDER BY n");
                for (long b = 0; b <= maxAcked; b++) {
                    assertThat(perBatch.get((int) b)).as(msg + " batch " + b).containsExactly(b, (long) RollupCrashMain.HOSTS * RollupCrashMain.ROWS);
                }
                compared += compare(db, msg + " after restart");
                db.buildRollups();
                compared += compare(db, msg + " after maintenance");
                CheckReport r = db.check();
                assertThat(r.problems()).as(msg).isEmpty();
            }
        }
        try (Sundial db = Sundial.open(dir)) {
            String stats = rows(db, "DESCRIBE m").toString();
            System.out.println("RollupCrashTest: after the last round: " + stats);
        }
        System.out.println("RollupCrashTest: seed=" + seed + ", " + KILLS + " SIGKILLs, " + (maxAcked + 1) + " batches, " + compared
                + " rollup/raw query pairs agreed");
    }

    private static int compare(Sundial db, String msg) {
        for (String q : QUERIES) {
            String on = q;
            dev.sundial.Session offSession = db.session();
            offSession.sql("SET rollups = off").close();
            List<List<Object>> expected = rows(offSession, on);
            List<List<Object>> actual = rows(db, on);
            assertThat(actual).as(msg + ": " + on).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                for (int c = 0; c < expected.get(i).size(); c++) {
                    Object e = expected.get(i).get(c);
                    Object a = actual.get(i).get(c);
                    if (e instanceof Double d && a instanceof Double x) {
                        assertThat(x).as(msg + ": " + on + " row " + i).isCloseTo(d, org.assertj.core.data.Offset.offset(Math.max(1e-9, Math.abs(d) * 1e-9)));
                    } else {
                        assertThat(a).as(msg + ": " + on + " row " + i).isEqualTo(e);
                    }
                }
            }
        }
        return QUERIES.length;
    }

    private static List<List<Object>> rows(Sundial db, String sql) {
        return rows(db.session(), sql);
    }

    private static List<List<Object>> rows(dev.sundial.Session db, String sql) {
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
