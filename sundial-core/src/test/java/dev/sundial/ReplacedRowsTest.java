package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6: a write says exactly how many of its rows replaced a row of the same series
 * and timestamp ({@link WriteResult#rowsReplaced()}), whether that row is in the live head, in a
 * flushed or compacted segment, earlier in the same batch, gone by a delete, or back from WAL
 * replay after a crash. Seeded random writes (in order, out of order, repeated timestamps,
 * several partitions) against a model of the stored keys; the seed is printed.
 */
class ReplacedRowsTest {
    private static final long SEC = 1_000_000_000L;
    private static final long HOUR = 3600 * SEC;
    private static final long BASE = 1_700_000_000_000_000_000L / HOUR * HOUR;
    private static final SundialOptions OPTS = SundialOptions.defaults().withFlushIntervalMillis(0).withBackgroundMaintenance(false);
    private static final int HOSTS = 4;

    @TempDir
    Path dir;

    /** Stored keys "host|ts". */
    private final Set<String> model = new HashSet<>();

    private static void create(Sundial db) throws IOException {
        db.createTable(TableSchema.builder("cpu").tag("host").value("usage", ColumnType.DOUBLE).value("count", ColumnType.BIGINT).build(),
                TableOptions.DEFAULTS.with(Map.of("partition_by", "hour")));
    }

    @Test
    void countsMatchAModelAcrossHeadSegmentsBatchesDeletesAndCrashes() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ReplacedRowsTest seed=" + seed);
        Random rnd = new Random(seed);
        Sundial db = Sundial.open(dir, OPTS);
        try {
            create(db);
            long next = 0; // the in-order writer's next slot
            long replacedTotal = 0;
            for (int round = 0; round < 400; round++) {
                int action = rnd.nextInt(100);
                String what = "seed " + seed + " round " + round;
                if (action < 70) {
                    WriteBatch b = db.newBatch();
                    Set<String> inBatch = new HashSet<>();
                    long expected = 0;
                    int rows = 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 400);
                    int shape = rnd.nextInt(4);
                    for (int i = 0; i < rows; i++) {
                        int host = rnd.nextInt(HOSTS);
                        long slot = switch (shape) {
                            case 0 -> next++ / HOSTS;          // in order, several hosts per timestamp
                            case 1 -> rnd.nextInt(6000);       // anywhere in 3.3 hours (four partitions)
                            case 2 -> 2000 + rnd.nextInt(8);   // a few timestamps again and again
                            default -> Math.max(0, next / HOSTS - rnd.nextInt(50)); // just behind the front
                        };
                        long ts = BASE + slot * 2 * SEC;
                        String key = host + "|" + ts;
                        if (model.contains(key) || !inBatch.add(key)) {
                            expected++;
                        }
                        DataPoint.Builder p = DataPoint.at(ts).tag("host", "h" + host);
                        if (rnd.nextBoolean()) {
                            p.field("usage", rnd.nextDouble());
                        } else {
                            p.field("count", (long) i);
                        }
                        b.add("cpu", p.build());
                    }
                    WriteResult r;
                    if (rnd.nextBoolean()) {
                        r = b.commit();
                    } else {
                        db.awaitDurable(b.commitWithoutWaiting());
                        r = b.lastCommit();
                    }
                    assertThat(r.rowsWritten()).as(what).isEqualTo(rows);
                    assertThat(r.rowsReplaced()).as(what + " shape " + shape).isEqualTo(expected);
                    model.addAll(inBatch);
                    replacedTotal += expected;
                } else if (action < 80) {
                    db.flush();
                } else if (action < 85) {
                    long from = BASE + rnd.nextInt(6000) * 2 * SEC;
                    long to = from + rnd.nextInt(600) * 2 * SEC;
                    int host = rnd.nextInt(HOSTS);
                    db.flush(); // a delete acts on segments
                    db.table("cpu").delete(from, to, TagFilter.eq("host", "h" + host));
                    model.removeIf(k -> {
                        String[] hk = k.split("\\|");
                        long ts = Long.parseLong(hk[1]);
                        return hk[0].equals(String.valueOf(host)) && ts >= from && ts < to;
                    });
                } else if (action < 90) {
                    db.maintenance().runAllPending(); // compaction merges overlapping segments
                } else if (action < 95) {
                    db.closeWithoutFlushForTesting(); // the head comes back by WAL replay
                    db = Sundial.open(dir, OPTS);
                    assertThat(db.problems()).as(what).isEmpty();
                    replacedTotal = 0;
                } else {
                    db.close();
                    db = Sundial.open(dir, OPTS);
                    replacedTotal = 0;
                }
                assertThat(db.rowsReplaced()).as(what).isEqualTo(replacedTotal);
            }
            assertThat(count(db)).as("rows stored, seed %d", seed).isEqualTo(model.size());
        } finally {
            db.close();
        }
    }

    @Test
    void theSameRowsWrittenTwiceAreAllReplacedTheSecondTime() throws Exception {
        try (Sundial db = Sundial.open(dir, OPTS)) {
            create(db);
            for (int pass = 0; pass < 3; pass++) {
                WriteBatch b = db.newBatch();
                for (int i = 0; i < 10_000; i++) {
                    b.add("cpu", DataPoint.at(BASE + i * SEC).tag("host", "h" + i % 3).field("usage", (double) pass).build());
                }
                WriteResult r = b.commit();
                assertThat(r.rowsWritten()).isEqualTo(10_000);
                assertThat(r.rowsReplaced()).as("pass %d", pass).isEqualTo(pass == 0 ? 0 : 10_000);
                assertThat(r.rowsNew()).isEqualTo(pass == 0 ? 10_000 : 0);
                if (pass == 1) {
                    db.flush(); // the third pass finds them in segments
                }
            }
        }
    }

    private static long count(Sundial db) throws Exception {
        return db.table("cpu").query(java.time.Instant.ofEpochSecond(0, BASE - HOUR), java.time.Instant.ofEpochSecond(0, BASE + 10 * HOUR),
                TagFilter.all()).size();
    }
}
