package dev.sundial.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can leave the last segment cut at any byte. For every byte offset inside the last three
 * records, a copy cut there must replay exactly the records wholly before the cut, report the file
 * and the offset of the torn record, truncate to the last good record and accept new appends.
 */
class WalTornTailTest {
    @TempDir
    Path tmp;

    @Test
    void cutAtEveryOffsetOfTheLastThreeRecords() throws Exception {
        WalDamageFixture f = new WalDamageFixture(tmp.resolve("source"), 0x5EED_7011L, 150, 120);
        int cuts = 0;
        for (long cut = f.lastThreeStart(); cut < f.lastSegment.length; cut++) {
            byte[] torn = Arrays.copyOf(f.lastSegment, (int) cut);
            int k = f.check(tmp.resolve("cut-" + cut), torn, "cut at " + cut);
            int boundaryRecords = 0;
            while (f.lastOffsets[boundaryRecords + 1] <= cut) {
                boundaryRecords++;
            }
            assertThat(k).as("cut at %d: records wholly before the cut", cut).isEqualTo(boundaryRecords);
            WalTestSupport.deleteTree(tmp.resolve("cut-" + cut));
            cuts++;
        }
        assertThat(cuts).isGreaterThan(3 * WalFormat.FRAME_HEADER_SIZE);
    }

    @Test
    void aCutInsideTheHeaderOfTheOnlySegmentIsCreationDebrisRemovedAsARepair() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(4096))) {
            wal.append(new byte[] {1});
        }
        Path seg = WalTestSupport.only(dir);
        byte[] bytes = java.nio.file.Files.readAllBytes(seg);
        java.nio.file.Files.write(seg, Arrays.copyOf(bytes, 7));
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(4096))) {
            // 7 bytes that are the start of this very segment's header: what a build that wrote
            // headers in place left when killed while creating it; no record can be in it
            assertThat(wal.problems()).singleElement().satisfies(p -> {
                assertThat(p.tornTail()).isTrue();
                assertThat(p.reason()).contains("removed an incomplete new segment (7 of 20 header bytes, no record)");
            });
            assertThat(WalTestSupport.replayAll(wal, 0)).isEmpty();
            assertThat(wal.append(new byte[] {2})).isEqualTo(1);
        }
    }
}
