package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
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
 * The durability promise, tested for real: a child JVM ingests with {@code wal.sync=batch} and
 * prints every acknowledged batch; this test kills it with SIGKILL at random moments (25 times),
 * reopens the data directory and checks that every acknowledged point is there exactly once with
 * its value, that nothing unacknowledged appears half-written, and that {@code check} is clean.
 */
class CrashRecoveryTest {
    /** 25 per CI run; a soak outside CI sets -Dsundial.crash.kills=1000 (command in docs/testing.md). */
    private static final int KILLS = Integer.getInteger("sundial.crash.kills", 25);
    /** Kills per data directory: a soak's later rounds check as much data as its first. */
    private static final int KILLS_PER_DIRECTORY = 25;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedPointSurvivesSigkill() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        long next = 0;
        long maxAcked = -1;
        long ackedInEarlierDirectories = 0;
        for (int round = 0; round < KILLS; round++) {
            if (round > 0 && round % KILLS_PER_DIRECTORY == 0) {
                // a soak starts over in a fresh directory now and then, so that checking every point
                // after each kill costs the same in round 1,000 as in round 1
                ackedInEarlierDirectories += maxAcked + 1;
                dev.sundial.fs.FileLayer.REAL.deleteTree(dir);
                dev.sundial.fs.FileLayer.REAL.createDirectories(dir);
                next = 0;
                maxAcked = -1;
            }
            Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", cp, CrashWriterMain.class.getName(), dir.toString(), Long.toString(next))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
            // wait for the first acknowledgement, then kill at a random moment
            long deadline = System.currentTimeMillis() + 30_000;
            while (acked.get() < next && System.currentTimeMillis() < deadline && p.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(acked.get()).as("seed=%d round=%d: child acknowledged nothing", seed, round).isGreaterThanOrEqualTo(next);
            Thread.sleep(rnd.nextInt(400));
            // SIGKILL through the process handle: Process.destroyForcibly() would also close our end of the
            // child's stdout, losing ACK lines still in the pipe (the acknowledged count would come out short)
            p.toHandle().destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join();
            maxAcked = Math.max(maxAcked, acked.get());
            verify(seed, round, maxAcked);
            next = maxAcked + 1;
        }
        System.out.println("CrashRecoveryTest: seed=" + seed + ", " + KILLS + " SIGKILLs, " + (ackedInEarlierDirectories + maxAcked + 1)
                + " acknowledged batches all present exactly once");
    }

    private void verify(long seed, int round, long maxAcked) throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            String msg = "seed=" + seed + " round=" + round + " maxAcked=" + maxAcked;
            Table t = db.table("crash");
            assertThat(t).as(msg).isNotNull();
            List<DataPoint> pts = t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all());
            long rowsPerBatch = (long) CrashWriterMain.SERIES * CrashWriterMain.ROWS;
            // acknowledged batches all there; at most one more (in flight at the kill), whole or absent
            assertThat(pts.size() % rowsPerBatch).as(msg + ": a batch is partially present").isZero();
            long batches = pts.size() / rowsPerBatch;
            assertThat(batches).as(msg).isBetween(maxAcked + 1, maxAcked + 2);
            List<Long> seen = new ArrayList<>();
            for (DataPoint p : pts) {
                int host = Integer.parseInt(p.tag("host").substring(1));
                long ts = p.timestampNanos();
                assertThat((Double) p.field("v")).as(msg + " value at " + p).isEqualTo(CrashWriterMain.value(host, ts));
                assertThat((Long) p.field("n")).as(msg).isEqualTo(ts / 1_000_000_000L / CrashWriterMain.ROWS);
                if (host == 0) {
                    seen.add(ts);
                }
            }
            // exactly once: the timestamps of one host are 0..batches*ROWS-1 seconds, each once
            assertThat(seen).as(msg).hasSize((int) (batches * CrashWriterMain.ROWS));
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).as(msg).isEqualTo(i * 1_000_000_000L);
            }
            CheckReport r = db.check();
            assertThat(r.problems()).as(msg).isEmpty();
        }
    }
}
