package dev.sundial.wal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures append throughput (MB/s, records/s, fsyncs) per sync mode, payload size and thread
 * count. Not a unit test: run it by hand, see {@code docs/format/wal.md} ("Performance").
 *
 * <pre>
 * mvn -q -o -pl sundial-core test-compile
 * java -cp sundial-core/target/classes:sundial-core/target/test-classes dev.sundial.wal.WalThroughputMain [dir] [seconds]
 * </pre>
 */
public final class WalThroughputMain {
    private WalThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("wal-bench");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        System.out.printf("%-8s %9s %7s %10s %12s %10s %12s%n", "sync", "payload", "threads", "MB/s", "records/s",
                "fsyncs", "records/fsync");
        int run = 0;
        for (WalSyncMode mode : List.of(WalSyncMode.BATCH, WalSyncMode.NONE)) {
            for (int payload : new int[] {1 << 20, 4 << 10}) {
                for (int threads : new int[] {1, 4}) {
                    measure(base.resolve("run" + run++), mode, payload, threads, seconds);
                }
            }
        }
        for (int payload : new int[] {1 << 20, 4 << 10}) {
            pipelined(base.resolve("run" + run++), payload, seconds);
        }
        WalTestSupport.deleteTree(base);
    }

    /**
     * One writer calls {@link WriteAheadLog#write} and hands each sequence number to an acknowledger
     * thread that calls {@link WriteAheadLog#awaitDurable}: batch-mode durability with the fsync of
     * one record overlapping the write of the next ones (at most 8 records in flight).
     */
    private static void pipelined(Path dir, int payloadSize, double seconds) throws Exception {
        WalOptions o = WalOptions.builder().syncMode(WalSyncMode.BATCH).build();
        java.util.concurrent.ArrayBlockingQueue<Long> inFlight = new java.util.concurrent.ArrayBlockingQueue<>(8);
        AtomicLong acked = new AtomicLong();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            byte[] p = new byte[payloadSize];
            new Random(1).nextBytes(p);
            Thread acker = new Thread(() -> {
                try {
                    for (long seq; (seq = inFlight.take()) >= 0; ) {
                        wal.awaitDurable(seq);
                        acked.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            acker.start();
            long warmupEnd = System.nanoTime() + 1_000_000_000L;
            long deadline = warmupEnd + (long) (seconds * 1e9);
            long ackedAtStart = -1;
            long syncsAtStart = 0;
            long t0 = 0;
            for (long i = 0; ; i++) {
                long now = System.nanoTime();
                if (ackedAtStart < 0 && now >= warmupEnd) {
                    ackedAtStart = acked.get();
                    syncsAtStart = wal.syncCount();
                    t0 = now;
                }
                if (now >= deadline) {
                    break;
                }
                inFlight.put(wal.write(p, 0, p.length));
                if ((i & 63) == 63) {
                    wal.checkpoint(wal.lastSequence() - 16);
                }
            }
            inFlight.put(-1L);
            acker.join();
            double secs = (System.nanoTime() - t0) / 1e9;
            long n = acked.get() - ackedAtStart;
            long syncs = wal.syncCount() - syncsAtStart;
            System.out.printf("%-8s %9d %7s %10.1f %12.0f %10d %12.1f%n", "pipeline", payloadSize, "1+1",
                    n * (double) payloadSize / secs / 1e6, n / secs, syncs, syncs == 0 ? 0 : n / (double) syncs);
        }
        WalTestSupport.deleteTree(dir);
    }

    private static void measure(Path dir, WalSyncMode mode, int payloadSize, int threads, double seconds)
            throws Exception {
        WalOptions o = WalOptions.builder().syncMode(mode).build();
        AtomicLong records = new AtomicLong();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            long warmupEnd = System.nanoTime() + 1_000_000_000L;
            long[] startMark = new long[2];
            long deadline = warmupEnd + (long) (seconds * 1e9);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    byte[] p = new byte[payloadSize];
                    new Random(id).nextBytes(p);
                    boolean measuring = false;
                    try {
                        for (long i = 0; ; i++) {
                            long now = System.nanoTime();
                            if (now >= deadline) {
                                return;
                            }
                            if (!measuring && now >= warmupEnd) {
                                measuring = true;
                            }
                            wal.append(p);
                            if (measuring) {
                                records.incrementAndGet();
                            }
                            if (id == 0 && (i & 63) == 63) {
                                wal.checkpoint(wal.lastSequence() - 1); // keep the disk footprint to a segment or two
                            }
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                ts.add(th);
                th.start();
            }
            while (System.nanoTime() < warmupEnd) {
                Thread.sleep(1);
            }
            startMark[0] = System.nanoTime();
            startMark[1] = wal.syncCount();
            for (Thread th : ts) {
                th.join();
            }
            double secs = (System.nanoTime() - startMark[0]) / 1e9;
            long n = records.get();
            long syncs = wal.syncCount() - startMark[1];
            System.out.printf("%-8s %9d %7d %10.1f %12.0f %10d %12.1f%n", mode, payloadSize, threads,
                    n * (double) payloadSize / secs / 1e6, n / secs, syncs, syncs == 0 ? 0 : n / (double) syncs);
        }
        WalTestSupport.deleteTree(dir);
    }
}
