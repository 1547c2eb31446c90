package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletes under SIGKILL: a child JVM ({@link CrashDeleterMain}) writes batches, deletes some of them
 * and writes a few of the deleted rows again, printing every acknowledgement; this test kills it at
 * random moments, reopens and checks per batch and host: acknowledged writes are there; an
 * acknowledged delete is durable and the rows written after it are visible (not deleted, not mixed
 * with the deleted values); an unacknowledged delete is all or nothing (its one manifest commit
 * covers every partition it touched); a table dropped is gone, one being created or dropped is
 * whole or gone, no directory outlives its table; {@code check} is clean.
 */
class DeleteCrashRecoveryTest {
    /** 10 per CI run; a soak outside CI sets -Dsundial.crash.deleteKills=1000 (command in docs/testing.md). */
    private static final int KILLS = Integer.getInteger("sundial.crash.deleteKills", 10);
    /** Kills per data directory: a soak's later rounds check as much data as its first. */
    private static final int KILLS_PER_DIRECTORY = 10;

    @TempDir
    Path dir;

    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();
    private final Set<Long> rewritten = ConcurrentHashMap.newKeySet();
    /** The last line about the scratch table: "ACK n" (n % 9 == 0: a create may follow), "SCR n" or "DROPPED n". */
    private volatile String lastScratch = "";

    @Test
    void acknowledgedDeletesSurviveSigkillAndUnacknowledgedOnesAreAtomic() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        long next = 0;
        long maxAcked = -1;
        int deletesInEarlierDirectories = 0;
        for (int round = 0; round < KILLS; round++) {
            if (round > 0 && round % KILLS_PER_DIRECTORY == 0) {
                // a soak starts over in a fresh directory now and then (constant cost per round)
                deletesInEarlierDirectories += deleted.size();
                dev.sundial.fs.FileLayer.REAL.deleteTree(dir);
                dev.sundial.fs.FileLayer.REAL.createDirectories(dir);
                next = 0;
                maxAcked = -1;
                deleted.clear();
                rewritten.clear();
                lastScratch = "";
            }
            Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", cp, CrashDeleterMain.class.getName(), dir.toString(), Long.toString(next))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicLong acked = new AtomicLong(-1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("ACK ")) {
                            acked.set(Long.parseLong(line.substring(4)));
                            if (acked.get() % 9 == 0) {
                                lastScratch = line;
                            }
                        } else if (line.startsWith("SCR ") || line.startsWith("DROPPED ")) {
                            lastScratch = line;
                        } else if (line.startsWith("DEL ")) {
                            deleted.add(Long.parseLong(line.substring(4)));
                        } else if (line.startsWith("RE ")) {
                            rewritten.add(Long.parseLong(line.substring(3)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child died: its stdout closed
                }
            });
            reader.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (acked.get() < next && System.currentTimeMillis() < deadline && p.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(acked.get()).as("seed=%d round=%d: child acknowledged nothing", seed, round).isGreaterThanOrEqualTo(next);
            Thread.sleep(100 + rnd.nextInt(500));
            p.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly() it leaves the pipe readable to its end
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join();
            maxAcked = Math.max(maxAcked, acked.get());
            verify("seed=" + seed + " round=" + round + " maxAcked=" + maxAcked, maxAcked);
            next = maxAcked + 1;
        }
        assertThat(deleted).as("seed=%d: no delete was acknowledged in any round", seed).isNotEmpty();
        System.out.println("DeleteCrashRecoveryTest: seed=" + seed + ", " + KILLS + " SIGKILLs, " + (deletesInEarlierDirectories + deleted.size())
                + " acknowledged deletes and every acknowledged write verified");
    }

    private void verifyScratch(Sundial db, String msg) throws Exception {
        Table s = db.table(CrashDeleterMain.SCRATCH);
        String at = msg + " scratch after '" + lastScratch + "'";
        if (lastScratch.startsWith("DROPPED") || lastScratch.isEmpty()) {
            assertThat(s).as(at).isNull();
        } else if (s != null) {
            int rows = s.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()).size();
            if (lastScratch.startsWith("SCR")) {
                assertThat(rows).as(at + ": drop in flight").isEqualTo(CrashDeleterMain.SCRATCH_ROWS);
            } else {
                assertThat(rows).as(at + ": create in flight").isIn(0, CrashDeleterMain.SCRATCH_ROWS);
            }
        }
        java.util.Set<String> dirs = new java.util.HashSet<>();
        for (Table t : db.tables()) {
            dirs.add(db.layout().tableDir(t.storage().definition().id()).getFileName().toString());
        }
        try (var children = java.nio.file.Files.list(db.layout().tablesDir())) {
            assertThat(children.map(p -> p.getFileName().toString()).toList()).as(msg + ": table directories")
                    .containsExactlyInAnyOrderElementsOf(dirs);
        }
    }

    private void verify(String msg, long maxAcked) throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            assertThat(db.problems()).as(msg).isEmpty();
            Table t = db.table(CrashDeleterMain.TABLE);
            assertThat(t).as(msg).isNotNull();
            // (batch, host) -> timestamps present, by marker: n == batch or n == -1 (rewritten after a delete)
            Map<List<Long>, long[]> counts = new HashMap<>();
            for (DataPoint p : t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
                int host = Integer.parseInt(p.tag("host").substring(1));
                long ts = p.timestampNanos();
                long batch = ts / 1_000_000_000L / CrashDeleterMain.ROWS;
                int row = (int) (ts / 1_000_000_000L % CrashDeleterMain.ROWS);
                assertThat((Double) p.field("v")).as(msg + " value at " + p).isEqualTo(CrashWriterMain.value(host, ts));
                long n = (Long) p.field("n");
                long[] c = counts.computeIfAbsent(List.of(batch, (long) host), k -> new long[3]);
                if (n == batch) {
                    c[0]++;
                } else {
                    assertThat(n).as(msg + " marker at " + p).isEqualTo(-1L);
                    assertThat(row).as(msg + " rewritten row at " + p).isLessThan(CrashDeleterMain.REWRITTEN);
                    c[1]++;
                }
            }
            long lastBatch = maxAcked + 1; // may be present (in flight at the kill) or not
            for (long b = 0; b <= lastBatch; b++) {
                for (long h = 0; h < CrashDeleterMain.SERIES; h++) {
                    long[] c = counts.getOrDefault(List.of(b, h), new long[3]);
                    String at = msg + " batch " + b + " host h" + h + " original=" + c[0] + " rewritten=" + c[1];
                    boolean target = CrashDeleterMain.isTarget(b) && CrashDeleterMain.deletedHosts(b).contains((int) h);
                    if (!target) {
                        assertThat(c[1]).as(at).isZero();
                        if (b <= maxAcked) {
                            assertThat(c[0]).as(at).isEqualTo(CrashDeleterMain.ROWS);
                        } else {
                            assertThat(c[0]).as(at).isIn(0L, (long) CrashDeleterMain.ROWS);
                        }
                    } else if (rewritten.contains(b)) {
                        assertThat(c[0]).as(at + ": delete acknowledged").isZero();
                        assertThat(c[1]).as(at + ": rewrite acknowledged").isEqualTo(CrashDeleterMain.REWRITTEN);
                    } else if (deleted.contains(b)) {
                        assertThat(c[0]).as(at + ": delete acknowledged").isZero();
                        assertThat(c[1]).as(at + ": rewrite in flight: all or nothing").isIn(0L, (long) CrashDeleterMain.REWRITTEN);
                    } else {
                        assertThat(c[1]).as(at).isZero();
                        if (b <= maxAcked) {
                            assertThat(c[0]).as(at + ": delete in flight or not issued: all or nothing")
                                    .isIn(0L, (long) CrashDeleterMain.ROWS);
                        } else {
                            assertThat(c[0]).as(at).isIn(0L, (long) CrashDeleterMain.ROWS);
                        }
                    }
                }
            }
            for (long b = 0; b <= lastBatch; b++) {
                if (CrashDeleterMain.isTarget(b) && !deleted.contains(b)) {
                    // one delete covers several hosts (and maybe two partitions): they go together
                    long first = -1;
                    for (int h : CrashDeleterMain.deletedHosts(b)) {
                        long n = counts.getOrDefault(List.of(b, (long) h), new long[3])[0];
                        if (first < 0) {
                            first = n;
                        }
                        assertThat(n).as(msg + " batch " + b + ": hosts of one delete disagree").isEqualTo(first);
                    }
                }
            }
            assertThat(counts.keySet()).as(msg + ": rows beyond the last batch").allMatch(k -> k.get(0) <= lastBatch);
            verifyScratch(db, msg);
            CheckReport r = db.check();
            assertThat(r.problems()).as(msg).isEmpty();
            TableStats s = t.stats();
            long rows = counts.values().stream().mapToLong(c -> c[0] + c[1]).sum();
            assertThat(s.rows()).as(msg + ": stats").isEqualTo(rows);
        }
    }
}
