package dev.sundial.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.CheckReport;
import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import dev.sundial.fs.CrashMode;
import dev.sundial.fs.CrashRecordingFileLayer;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.PowerCut;
import dev.sundial.index.TagFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated power loss (issue 7; SQLite's crash VFS, ALICE, CrashMonkey): a workload of imports,
 * flushes, WAL checkpoints, an added column, a delete, a created and a dropped table runs over a
 * {@link CrashRecordingFileLayer}; then, for every operation it logged, the data directory is
 * rebuilt as a power cut right after that operation could leave it — pessimistically (everything
 * not durable lost) and in random variants (each non-durable change kept, undone or torn) — and
 * reopened. At each crash point: every acknowledged operation is reflected exactly once, an
 * operation in flight is wholly applied or wholly absent, nothing else appears, and {@code check}
 * is clean.
 *
 * <p>{@code -Dsundial.powerloss.randomPerPoint=N} (default 2) sets how many random variants each
 * crash point gets; {@code ./bench power-loss} runs the long version (see docs/testing.md).
 */
class PowerLossTest {
    static final int RANDOM_PER_POINT = Integer.getInteger("sundial.powerloss.randomPerPoint", 2);
    private static final long SEC = 1_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedWriteSurvivesEveryPowerCut() throws Exception {
        long seed = Long.getLong("sundial.powerloss.seed", System.nanoTime());
        Path dir = Files.createDirectories(tmp.resolve("db"));
        CrashRecordingFileLayer fs = new CrashRecordingFileLayer(FileLayer.REAL, dir);
        PowerLossWorkload workload = new PowerLossWorkload(fs);
        workload.run(options(fs));
        int ops = fs.operationCount();
        assertThat(ops).as("operations recorded").isGreaterThan(100);
        Random rnd = new Random(seed);
        int checked = 0;
        for (int k = 0; k <= ops; k++) {
            List<CrashMode> modes = new ArrayList<>();
            modes.add(CrashMode.pessimistic());
            for (int r = 0; r < RANDOM_PER_POINT; r++) {
                modes.add(CrashMode.random(rnd.nextLong()));
            }
            for (CrashMode mode : modes) {
                Path cutDir = tmp.resolve("cut");
                PowerCut cut = fs.materialize(k, cutDir, mode);
                try {
                    verify(cut, workload.candidates(k), "seed=" + seed + " " + cut);
                } finally {
                    deleteTree(cutDir);
                }
                checked++;
            }
        }
        System.out.println("PowerLossTest: seed=" + seed + ", " + ops + " operations, " + checked + " simulated power cuts");
        assertThat(checked).isGreaterThanOrEqualTo(1000);
    }

    static SundialOptions options(FileLayer fs) {
        // tiny WAL segments and frequent flushes: rotations, publications and checkpoints all happen
        return SundialOptions.defaults().withFlushIntervalMillis(0).withWalSegmentBytes(2048).withFileLayer(fs);
    }

    /** Opens the power-cut directory and compares it with the states the workload allows. */
    static void verify(PowerCut cut, List<Set<String>> candidates, String msg) throws IOException {
        try (Sundial db = Sundial.open(cut.root(), SundialOptions.defaults().withFlushIntervalMillis(0))) {
            assertThat(db.problems()).as(msg + ": problems on open").isEmpty();
            Set<String> got = PowerLossWorkload.contents(db);
            assertThat(candidates).as(msg + ": the database holds a state no acknowledged history allows;\n got "
                    + PowerLossWorkload.diff(got, candidates.get(0))).contains(got);
            CheckReport r = db.check();
            assertThat(r.problems()).as(msg + ": check").isEmpty();
            // and it goes on: a write after recovery lands and survives a clean reopen
            Table t = db.table(PowerLossWorkload.MAIN);
            if (t != null) {
                t.insert(DataPoint.at(999_999 * SEC).tag("host", "after").field("v", 1.0).build());
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            FileLayer.REAL.deleteTree(dir);
        }
    }
}
