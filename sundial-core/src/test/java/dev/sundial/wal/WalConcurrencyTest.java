package dev.sundial.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.wal.WalTestSupport.Rec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent appenders: dense unique sequences, every acknowledged record durable, shared fsyncs. */
class WalConcurrencyTest {
    private static final int THREADS = 4;

    @TempDir
    Path tmp;

    /** Payload: thread id, per-thread counter, then seeded filler. */
    private static byte[] payload(Random r, int thread, int i) {
        byte[] b = new byte[8 + r.nextInt(2000)];
        ByteBuffer.wrap(b).putInt(thread).putInt(i);
        for (int k = 8; k < b.length; k++) {
            b[k] = (byte) r.nextInt();
        }
        return b;
    }

    @Test
    void fourBatchAppendersGetDenseSequencesAndShareFsyncs() throws Exception {
        long seed = 0xC0C0AL;
        int perThread = 400;
        Path dir = tmp.resolve("wal");
        // 64 KiB segments: ~25 rotations race with group-commit leaders
        WalOptions o = WalOptions.builder().segmentSizeBytes(64 << 10).build();
        Map<Long, byte[]> acked = new ConcurrentHashMap<>();
        long syncs;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            long base = wal.syncCount();
            CyclicBarrier start = new CyclicBarrier(THREADS);
            AtomicReference<Throwable> error = new AtomicReference<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    Random r = new Random(seed + id);
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            byte[] p = payload(r, id, i);
                            long seq = wal.append(p);
                            if (acked.putIfAbsent(seq, p) != null) {
                                throw new AssertionError("sequence " + seq + " given twice");
                            }
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            assertThat(error.get()).as("seed=%d", seed).isNull();
            syncs = wal.syncCount() - base;
            assertThat(wal.lastSequence()).isEqualTo((long) THREADS * perThread);
        }
        int total = THREADS * perThread;
        assertThat(acked).hasSize(total);
        for (long s = 1; s <= total; s++) {
            assertThat(acked).as("seed=%d: sequences are dense", seed).containsKey(s);
        }
        assertThat(syncs).as("seed=%d: group commit shares fsyncs (%d fsyncs for %d appends)", seed, syncs, total)
                .isLessThan(total);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            assertThat(wal.problems()).isEmpty();
            List<Rec> all = WalTestSupport.replayAll(wal, 0);
            assertThat(all).hasSize(total);
            Map<Integer, Integer> nextPerThread = new HashMap<>();
            for (Rec rec : all) {
                assertThat(rec.payload()).as("seed=%d seq=%d", seed, rec.seq()).isEqualTo(acked.get(rec.seq()));
                ByteBuffer b = ByteBuffer.wrap(rec.payload());
                int thread = b.getInt();
                int i = b.getInt();
                assertThat(i).as("thread %d's records keep their order", thread)
                        .isEqualTo(nextPerThread.getOrDefault(thread, 0));
                nextPerThread.put(thread, i + 1);
            }
        }
    }

    @Test
    void everyAppendAcknowledgedBeforeCloseIsReplayed() throws Exception {
        for (WalSyncMode mode : List.of(WalSyncMode.BATCH, WalSyncMode.interval(2), WalSyncMode.NONE)) {
            Path dir = tmp.resolve("close-" + mode.kind());
            WalOptions o = WalOptions.builder().syncMode(mode).segmentSizeBytes(16 << 10).build();
            Map<Long, byte[]> acked = new ConcurrentHashMap<>();
            WriteAheadLog wal = WriteAheadLog.open(dir, o);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    Random r = new Random(id);
                    for (int i = 0; ; i++) {
                        byte[] p = payload(r, id, i);
                        try {
                            acked.put(wal.append(p), p);
                        } catch (IllegalStateException closed) {
                            return;
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                });
                ts.add(th);
                th.start();
            }
            while (acked.size() < 200) {
                Thread.sleep(1);
            }
            wal.close();
            for (Thread th : ts) {
                th.join();
            }
            try (WriteAheadLog again = WriteAheadLog.open(dir, o)) {
                assertThat(again.problems()).as(mode.toString()).isEmpty();
                List<Rec> all = WalTestSupport.replayAll(again, 0);
                assertThat(all.size()).as("%s: every written record was acknowledged", mode).isEqualTo(acked.size());
                for (Rec rec : all) {
                    if (acked.containsKey(rec.seq())) {
                        assertThat(rec.payload()).as("%s seq=%d", mode, rec.seq()).isEqualTo(acked.get(rec.seq()));
                    }
                }
                for (long s : acked.keySet()) {
                    assertThat(s).as(mode.toString()).isBetween(1L, (long) all.size());
                }
            }
        }
    }
}
