package dev.sundial;

import dev.sundial.wal.WalSyncMode;
import java.nio.file.Path;

/**
 * Child process of {@link CrashRecoveryTest}: writes numbered batches forever with
 * {@code wal.sync=batch} and prints {@code ACK <n>} after each acknowledged commit. The parent kills
 * it with SIGKILL at a random moment. A small head budget makes flushes, segment publication and WAL
 * checkpoints happen all the time, so kills land in every phase.
 *
 * <p>Batch {@code n} holds, for each of {@link #SERIES} hosts, {@link #ROWS} rows at timestamps
 * {@code (n * ROWS + r) * 1s} with value {@link #value(int, long)}; rewriting a batch is idempotent.
 */
public final class CrashWriterMain {
    static final int SERIES = 4;
    static final int ROWS = 250;

    static double value(int host, long ts) {
        return host * 1000.0 + (ts / 1_000_000_000L) * 0.25;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long batch = Long.parseLong(args[1]);
        SundialOptions o = SundialOptions.defaults().withWalSync(WalSyncMode.BATCH).withHeadMaxBytes(1 << 20)
                .withWalSegmentBytes(256 << 10);
        try (Sundial db = Sundial.open(dir, o)) {
            while (true) {
                WriteBatch b = db.newBatch();
                for (int h = 0; h < SERIES; h++) {
                    for (int r = 0; r < ROWS; r++) {
                        long ts = (batch * ROWS + r) * 1_000_000_000L;
                        b.add("crash", DataPoint.at(ts).tag("host", "h" + h).field("v", value(h, ts)).field("n", batch).build());
                    }
                }
                b.commit();
                System.out.println("ACK " + batch);
                System.out.flush();
                batch++;
                if (batch % 7 == 0) {
                    db.flush();
                }
            }
        }
    }
}
