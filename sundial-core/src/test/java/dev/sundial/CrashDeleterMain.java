package dev.sundial;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.wal.WalSyncMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child process of {@link DeleteCrashRecoveryTest}: writes numbered batches forever (as
 * {@link CrashWriterMain}, into hour partitions) and deletes some of them again, printing each
 * acknowledgement; the parent kills it with SIGKILL at a random moment.
 *
 * <p>Batch {@code n} holds, for each of {@link #SERIES} hosts, {@link #ROWS} rows at
 * {@code (n * ROWS + r) * 1s} with {@code v = CrashWriterMain.value(host, ts)} and {@code n = n};
 * then {@code ACK n}. After batch {@code n} with {@code n % 3 == 2}, the rows of batch
 * {@code b = n - 1} of {@link #deletedHosts(long) some hosts} are deleted ({@code DEL b}), and the
 * first {@link #REWRITTEN} of those rows are written again with {@code n = -1} ({@code RE b}).
 * After batch {@code n} with {@code n % 9 == 0}, a table {@link #SCRATCH} is created, given
 * {@link #SCRATCH_ROWS} rows in one batch ({@code SCR}) and dropped ({@code DROPPED}).
 */
public final class CrashDeleterMain {
    static final int SERIES = 4;
    static final int ROWS = 250;
    static final int REWRITTEN = 10;
    static final String TABLE = "crashdel";
    static final String SCRATCH = "scratch";
    static final int SCRATCH_ROWS = 100;

    static boolean isTarget(long batch) {
        return batch % 3 == 1;
    }

    /** Hosts whose rows of target batch {@code b} are deleted: all for even b, else h1 only. */
    static List<Integer> deletedHosts(long b) {
        return b % 2 == 0 ? List.of(0, 1, 2, 3) : List.of(1);
    }

    static long ts(long batch, int row) {
        return (batch * ROWS + row) * 1_000_000_000L;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long batch = Long.parseLong(args[1]);
        SundialOptions o = SundialOptions.defaults().withWalSync(WalSyncMode.BATCH).withHeadMaxBytes(1 << 20)
                .withWalSegmentBytes(256 << 10);
        try (Sundial db = Sundial.open(dir, o)) {
            Table t = db.createTableIfNotExists(TableSchema.builder(TABLE).tag("host").value("v", ColumnType.DOUBLE)
                    .value("n", ColumnType.BIGINT).build(), TableOptions.DEFAULTS.with(Map.of("partition_by", "hour")));
            while (true) {
                WriteBatch wb = db.newBatch();
                for (int h = 0; h < SERIES; h++) {
                    for (int r = 0; r < ROWS; r++) {
                        long ts = ts(batch, r);
                        wb.add(TABLE, DataPoint.at(ts).tag("host", "h" + h).field("v", CrashWriterMain.value(h, ts)).field("n", batch).build());
                    }
                }
                wb.commit();
                System.out.println("ACK " + batch);
                System.out.flush();
                if (batch % 3 == 2) {
                    long b = batch - 1;
                    List<Integer> hosts = deletedHosts(b);
                    TagFilter f = hosts.size() == SERIES ? TagFilter.all() : TagFilter.eq("host", "h" + hosts.get(0));
                    long n = t.delete(ts(b, 0), ts(b + 1, 0), f);
                    if (n != (long) hosts.size() * ROWS) {
                        throw new IllegalStateException("deleted " + n + " rows of batch " + b + ", expected " + hosts.size() * ROWS);
                    }
                    System.out.println("DEL " + b);
                    System.out.flush();
                    List<DataPoint> again = new ArrayList<>();
                    for (int h : hosts) {
                        for (int r = 0; r < REWRITTEN; r++) {
                            long ts = ts(b, r);
                            again.add(DataPoint.at(ts).tag("host", "h" + h).field("v", CrashWriterMain.value(h, ts)).field("n", -1L).build());
                        }
                    }
                    t.insert(again);
                    System.out.println("RE " + b);
                    System.out.flush();
                }
                if (batch % 9 == 0) {
                    Table s = db.createTableIfNotExists(TableSchema.builder(SCRATCH).tag("k").value("x", ColumnType.BIGINT).build(),
                            TableOptions.DEFAULTS);
                    List<DataPoint> rows = new ArrayList<>();
                    for (int i = 0; i < SCRATCH_ROWS; i++) {
                        rows.add(DataPoint.at(i * 1_000_000_000L).tag("k", "k" + (i % 5)).field("x", (long) i).build());
                    }
                    s.insert(rows);
                    System.out.println("SCR " + batch);
                    System.out.flush();
                    if (batch % 2 == 0) {
                        db.flush(); // sometimes in segments, sometimes only in the WAL when dropped
                    }
                    if (!db.dropTable(SCRATCH)) {
                        throw new IllegalStateException("scratch table vanished before its drop");
                    }
                    System.out.println("DROPPED " + batch);
                    System.out.flush();
                }
                batch++;
            }
        }
    }
}
