package dev.sundial.sql.crash;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child of {@link RollupCrashTest}: writes one-minute batches of 4 hosts (one row per second),
 * rewrites rows of older, rolled-up batches with new values (late upserts), flushes and runs the
 * rollup maintenance all the time, while the background scheduler compacts the hour partitions (a
 * flush every 3 batches leaves many small segments) and moves them cold ({@code cold_after = 1d}: the
 * data is from 2023), so that a SIGKILL lands in the middle of building levels, rebuilding dirty
 * buckets, compacting, moving a partition to the cold tier, flushing or writing. Prints {@code ACK b} once batch b is durable.
 */
public final class RollupCrashMain {
    static final String TABLE = "m";
    static final int HOSTS = 4;
    static final int ROWS = 60;
    static final long T0 = 1_700_006_400_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    private RollupCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long next = Long.parseLong(args[1]);
        Random rnd = new Random(next * 31 + System.nanoTime());
        try (Sundial db = Sundial.open(dir)) {
            Table t = db.table(TABLE);
            if (t == null) {
                t = db.createTable(TableSchema.builder(TABLE).timestamp("ts").tag("host").value("v", ColumnType.DOUBLE)
                        .value("n", ColumnType.BIGINT).build(), TableOptions.DEFAULTS.with(Map.of("partition_by", "hour",
                        "rollup_intervals", "1m,5m,1h", "cold_after", "1d")));
            }
            for (long b = next; ; b++) {
                List<DataPoint> batch = new ArrayList<>();
                for (int h = 0; h < HOSTS; h++) {
                    for (int i = 0; i < ROWS; i++) {
                        long ts = T0 + (b * ROWS + i) * SECOND;
                        batch.add(DataPoint.at(ts).tag("host", "h" + h).field("v", value(h, ts)).field("n", b).build());
                    }
                }
                t.insert(batch);
                System.out.println("ACK " + b);
                if (b > 4 && b % 2 == 0) {
                    List<DataPoint> late = new ArrayList<>();
                    for (int k = 0; k < 20; k++) {
                        long old = rnd.nextLong(b - 2);
                        long ts = T0 + (old * ROWS + rnd.nextInt(ROWS)) * SECOND;
                        late.add(DataPoint.at(ts).tag("host", "h" + rnd.nextInt(HOSTS)).field("v", rnd.nextInt(10_000) / 100.0).build());
                    }
                    t.insert(late);
                }
                if (b % 3 == 0) {
                    db.flush();
                    db.buildRollups();
                }
                if (b % 7 == 0) {
                    db.compactionTask().runStep();
                    db.tierTask().runStep();
                }
            }
        }
    }

    static double value(int host, long ts) {
        return (host * 1000 + ts / SECOND % 1000) / 10.0;
    }
}
