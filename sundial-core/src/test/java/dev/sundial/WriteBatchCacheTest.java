package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lookup caches of {@link WriteBatch}: the per-table series cache starts small and grows (and
 * is emptied at its cap) without ever giving a row to the wrong series, and {@link WriteBatch#tables()}
 * counts the tables of the pending rows only, across commits that drop the caches of tables a batch
 * did not write (issue 7 defect 10: import memory grew with every table of a file).
 */
class WriteBatchCacheTest {
    @TempDir
    Path dir;

    @Test
    void rowsLandInTheirSeriesWhileTheSeriesCacheGrowsAndEmpties() throws Exception {
        long seed = System.nanoTime();
        System.out.println("WriteBatchCacheTest seed=" + seed);
        Random rnd = new Random(seed);
        // 1, 40 and 3,000 series: the cache stays small, grows several times, and reaches its cap
        for (int seriesCount : new int[] {1, 40, 3_000}) {
            List<String> lines = new ArrayList<>();
            int rowsPerSeries = 5;
            for (int r = 0; r < rowsPerSeries; r++) {
                for (int s = 0; s < seriesCount; s++) {
                    lines.add("t" + seriesCount + ",host=h" + s + ",dc=d" + s % 7 + " v=" + s + "i " + (1_000_000_000L * (r + 1) + s));
                }
            }
            Collections.shuffle(lines, rnd);
            try (Sundial db = Sundial.open(dir)) {
                WriteBatch batch = db.newBatch();
                ParsedPoint p = new ParsedPoint();
                byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
                try (LineProtocolReader reader = new LineProtocolReader(new ByteArrayInputStream(text), Precision.NANOSECONDS)) {
                    int n = 0;
                    while (reader.next(p)) {
                        batch.add(p, 0);
                        if (++n % 997 == 0) {
                            batch.commit();
                        }
                    }
                }
                batch.commit();
                Table t = db.table("t" + seriesCount);
                assertThat(t.seriesCount()).as("seed %d", seed).isEqualTo(seriesCount);
                for (int s = 0; s < seriesCount; s += Math.max(1, seriesCount / 50)) {
                    int series = s;
                    List<DataPoint> got = t.query(Instant.EPOCH, Instant.ofEpochSecond(100), TagFilter.eq("host", "h" + s));
                    assertThat(got).as("seed %d series h%d", seed, s).hasSize(rowsPerSeries)
                            .allSatisfy(d -> {
                                assertThat(d.tags()).containsEntry("dc", "d" + series % 7);
                                assertThat(d.fields()).containsEntry("v", (long) series);
                            });
                }
            }
        }
    }

    @Test
    void tablesCountsTheTablesOfThePendingRows() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            WriteBatch batch = db.newBatch();
            assertThat(batch.tables()).isZero();
            for (int round = 0; round < 3; round++) {
                // each round writes a table of the round before and new ones
                for (int k = round; k < round + 5; k++) {
                    batch.add("m" + k, DataPoint.at(1_000L + round).tag("host", "a").field("v", 1.0).build());
                    batch.add("m" + k, DataPoint.at(2_000L + round).tag("host", "b").field("v", 2.0).build());
                }
                assertThat(batch.tables()).isEqualTo(5);
                batch.commit();
                assertThat(batch.tables()).isZero();
            }
            for (int k = 0; k < 7; k++) {
                assertThat(db.table("m" + k).seriesCount()).isEqualTo(2);
            }
        }
    }
}
