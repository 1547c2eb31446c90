package dev.sundial.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.SettableClock;
import dev.sundial.SeriesCursor;
import dev.sundial.SeriesRows;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import dev.sundial.fs.CrashMode;
import dev.sundial.fs.CrashRecordingFileLayer;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.PowerCut;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated power loss during tier moves (see {@link PowerLossTest} for the machinery): rows are
 * written and flushed, then the {@code tiers} task moves three partitions cold (one of them holding
 * two overlapping segments) and retention deletes one, all over a {@link CrashRecordingFileLayer}. For
 * every file operation of the moves, the directory a power cut right after it could leave
 * (pessimistic and random variants) is reopened: every row is there bit for bit (minus the expired
 * partition, once its expiry committed), nothing else, no problem is reported, {@code check} is clean,
 * and the moves then run to completion on the recovered directory.
 */
class TierMovePowerLossTest {
    private static final long SEC = 1_000_000_000L;
    private static final long DAY = 86_400 * SEC;
    private static final long BASE = 1_700_000_000_000_000_000L / DAY * DAY;

    @TempDir
    Path tmp;

    static TreeMap<String, String> contents(Table t) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (SeriesCursor c = t.scan(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
            while (c.hasNext()) {
                SeriesRows r = c.next();
                ColumnBatch b = r.rows();
                for (int i = 0; i < b.size; i++) {
                    out.put(r.key() + " " + b.timestamps[i], Long.toHexString(Double.doubleToRawLongBits(b.columns[0].doubles[i])));
                }
            }
        }
        return out;
    }

    @Test
    void everyRowSurvivesAPowerCutAtEveryOperationOfATierMove() throws Exception {
        long seed = Long.getLong("sundial.powerloss.seed", System.nanoTime());
        Random rnd = new Random(seed);
        Path dir = Files.createDirectories(tmp.resolve("db"));
        CrashRecordingFileLayer fs = new CrashRecordingFileLayer(FileLayer.REAL, dir);
        SettableClock clock = new SettableClock(BASE + 6 * DAY);
        SundialOptions opts = SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false);
        TreeMap<String, String> all;
        TreeMap<String, String> afterExpiry;
        int start;
        try (Sundial db = Sundial.open(dir, opts.withFileLayer(fs))) {
            Table t = db.createTable(TableSchema.builder("cpu").tag("host").value("v", ColumnType.DOUBLE).build(),
                    TableOptions.DEFAULTS.with(Map.of("cold_after", "2d")));
            List<DataPoint> pts = new ArrayList<>();
            for (int h = 0; h < 2; h++) {
                for (long k = 0; k < 4 * 48; k++) { // every 30 minutes for 4 days
                    pts.add(DataPoint.at(BASE + k * 1800 * SEC).tag("host", "h" + h).field("v", Double.longBitsToDouble(rnd.nextLong())).build());
                }
            }
            t.insert(pts);
            db.flush();
            t.insert(DataPoint.at(BASE + DAY + 1800 * SEC).tag("host", "h0").field("v", 7.5).build()); // an upsert in day 1
            db.flush();
            all = contents(t);
            start = fs.operationCount();
            String did;
            while ((did = db.tierTask().runStep()) != null) {
                assertThat(did).contains("moved partition");
            }
            assertThat(contents(t)).isEqualTo(all);
            t.setOptions(Map.of("retention_raw", "5d")); // day 0 expires
            afterExpiry = contents(t);
            assertThat(db.retentionTask().runStep()).contains("deleted 1 partition");
        }
        int ops = fs.operationCount();
        assertThat(ops - start).as("operations of the moves").isGreaterThan(20);
        int checked = 0;
        for (int k = start; k <= ops; k++) {
            for (CrashMode mode : List.of(CrashMode.pessimistic(), CrashMode.random(rnd.nextLong()))) {
                Path cutDir = tmp.resolve("cut");
                PowerCut cut = fs.materialize(k, cutDir, mode);
                String msg = "seed=" + seed + " " + cut;
                try (Sundial db = Sundial.open(cut.root(), opts)) {
                    assertThat(db.problems()).as(msg + ": problems on open").isEmpty();
                    Table t = db.table("cpu");
                    TreeMap<String, String> got = contents(t);
                    // before the retention_raw change is durable, all rows are visible; after it, day 0 is filtered
                    assertThat(got).as(msg).isIn(all, afterExpiry);
                    assertThat(db.check().problems()).as(msg + ": check").isEmpty();
                    while (db.tierTask().runStep() != null) {
                        // finish the interrupted moves
                    }
                    assertThat(contents(t)).as(msg + ": after completing the moves").isEqualTo(got);
                    assertThat(db.check().problems()).as(msg + ": check after completing").isEmpty();
                } finally {
                    PowerLossTest.deleteTree(cutDir);
                }
                checked++;
            }
        }
        System.out.println("TierMovePowerLossTest: seed=" + seed + ", " + (ops - start) + " operations, " + checked + " simulated power cuts");
    }
}
