package dev.sundial.wal;

import static dev.sundial.wal.WalTestSupport.replayAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.fs.Quarantine;
import dev.sundial.wal.WalTestSupport.Rec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage that is not a clean cut: bit flips, garbage and zero-filled (preallocated) regions in the
 * last segment, at every offset of the last records; and damage in a middle segment, which must
 * stop replay there and quarantine everything after it.
 */
class WalCorruptionTest {
    @TempDir
    Path tmp;

    @Test
    void bitFlipAtEveryOffsetOfTheLastThreeRecordsIsDetected() throws Exception {
        WalDamageFixture f = new WalDamageFixture(tmp.resolve("source"), 0xF11BL, 150, 64);
        for (long at = f.lastThreeStart(); at < f.lastSegment.length; at++) {
            byte[] m = f.lastSegment.clone();
            m[(int) at] ^= (byte) (1 << (at % 8));
            Path dir = tmp.resolve("flip-" + at);
            int k = f.check(dir, m, "bit " + (at % 8) + " flipped at " + at);
            int containing = 0;
            while (f.lastOffsets[containing + 1] <= at) {
                containing++;
            }
            assertThat(k).as("flip at %d seed=%d: every record before the flipped one survives, none after", at, f.seed)
                    .isEqualTo(containing);
            WalTestSupport.deleteTree(dir);
        }
    }

    @Test
    void garbageWrittenFromEveryOffsetOfTheLastThreeRecordsIsDetected() throws Exception {
        WalDamageFixture f = new WalDamageFixture(tmp.resolve("source"), 0x6A4BL, 150, 64);
        Random r = new Random(f.seed);
        for (long at = f.lastThreeStart(); at <= f.lastSegment.length; at++) {
            byte[] garbage = new byte[1 + r.nextInt(64)];
            r.nextBytes(garbage);
            byte[] m = Arrays.copyOf(f.lastSegment, (int) at + garbage.length);
            System.arraycopy(garbage, 0, m, (int) at, garbage.length);
            Path dir = tmp.resolve("garbage-" + at);
            f.check(dir, m, garbage.length + " garbage bytes at " + at);
            WalTestSupport.deleteTree(dir);
        }
    }

    @Test
    void zeroFilledRegionFromEveryOffsetOfTheLastThreeRecordsIsDetected() throws Exception {
        WalDamageFixture f = new WalDamageFixture(tmp.resolve("source"), 0x2E40L, 150, 64);
        for (long at = f.lastThreeStart(); at <= f.lastSegment.length; at++) {
            // like a preallocated file: zeros from the damage up to the next 4 KiB boundary and beyond
            int len = (int) ((at / 4096 + 2) * 4096);
            byte[] m = Arrays.copyOf(Arrays.copyOf(f.lastSegment, (int) at), len);
            Path dir = tmp.resolve("zero-" + at);
            WalTestSupport.deleteTree(dir.resolveSibling("quarantine"));
            f.check(dir, m, "zero-fill from " + at);
            if (at == f.lastSegment.length) {
                assertThat(Files.exists(dir.resolveSibling("quarantine")))
                        .as("a zero-filled tail after the last record is a crash artifact, not quarantined").isFalse();
            }
            WalTestSupport.deleteTree(dir);
        }
    }

    @Test
    void zeroTailIsNamedAsSuch() throws Exception {
        WalDamageFixture f = new WalDamageFixture(tmp.resolve("source"), 3, 150, 64);
        Path dir = tmp.resolve("wal");
        f.install(dir, Arrays.copyOf(f.lastSegment, f.lastSegment.length + 8192));
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(WalDamageFixture.SEGMENT_SIZE))) {
            assertThat(wal.problems()).singleElement().satisfies(p -> {
                assertThat(p.reason()).contains("zero-filled");
                assertThat(p.offset()).isEqualTo(f.lastSegment.length);
            });
        }
    }

    @Test
    void bitRotInsideTheLastSegmentKeepsACopyOfWhatWasCut() throws Exception {
        WalDamageFixture f = new WalDamageFixture(tmp.resolve("source"), 11, 150, 64);
        Path dir = tmp.resolve("wal");
        byte[] m = f.lastSegment.clone();
        int victim = (int) f.lastOffsets[1] + WalFormat.FRAME_HEADER_SIZE; // first payload byte of the 2nd record
        if (f.lastOffsets[2] - f.lastOffsets[1] == WalFormat.FRAME_HEADER_SIZE) {
            victim = (int) f.lastOffsets[1] + 5; // empty payload: hit the CRC instead
        }
        m[victim] ^= 0x10;
        f.install(dir, m);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(WalDamageFixture.SEGMENT_SIZE))) {
            assertThat(wal.problems()).singleElement().satisfies(p -> {
                assertThat(p.offset()).isEqualTo(f.lastOffsets[1]);
                assertThat(p.reason()).contains("CRC32C mismatch").contains("copy");
            });
        }
        Path q = dir.resolveSibling("quarantine");
        Path copy = q.resolve(f.sourceSegments.get(f.sourceSegments.size() - 1).getFileName() + ".corrupt");
        assertThat(Files.readAllBytes(copy)).isEqualTo(m);
        assertThat(Quarantine.reasonFile(copy)).exists();
    }

    @Test
    void damageInAMiddleSegmentStopsReplayAndQuarantinesEverythingAfterIt() throws Exception {
        long seed = 0x3151DL;
        List<byte[]> ps = WalTestSupport.payloads(seed, 300, 200);
        Path dir = tmp.resolve("data").resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(4096))) {
            for (byte[] p : ps) {
                wal.append(p);
            }
        }
        List<Path> segs = WalTestSupport.segments(dir);
        assertThat(segs.size()).as("seed=%d", seed).isGreaterThanOrEqualTo(4);
        Path victim = segs.get(1);
        long first = WalFormat.parseSegmentFileName(victim.getFileName().toString());
        long[] off = WalTestSupport.frameOffsets(ps.subList((int) first - 1, (int) first + 2));
        byte[] bytes = Files.readAllBytes(victim);
        byte[] original = bytes.clone();
        bytes[(int) off[2] + 10] ^= 0x01; // the sequence field of the third record in segment 2
        Files.write(victim, bytes);

        long expected = first + 1; // records 1 .. first+1 survive
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(4096))) {
            assertThat(wal.problems()).as("seed=%d", seed).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(victim);
                assertThat(p.offset()).isEqualTo(off[2]);
                assertThat(p.reason()).contains("replay stops here").contains(segs.get(2).getFileName().toString());
            });
            List<Rec> got = replayAll(wal, 0);
            assertThat(got).hasSize((int) expected);
            for (int i = 0; i < expected; i++) {
                assertThat(got.get(i).payload()).as("seed=%d record %d", seed, i + 1).isEqualTo(ps.get(i));
            }
            assertThat(wal.append(new byte[] {42})).isEqualTo(expected + 1);
        }
        Path q = dir.resolveSibling("quarantine");
        assertThat(Files.readAllBytes(q.resolve(victim.getFileName() + ".corrupt"))).isEqualTo(bytes);
        for (int i = 2; i < segs.size(); i++) {
            Path moved = q.resolve(segs.get(i).getFileName() + ".corrupt");
            assertThat(moved).exists();
            assertThat(Quarantine.reasonFile(moved)).content().contains("follows damage in " + victim.getFileName());
            assertThat(segs.get(i)).doesNotExist();
        }
        // truncated at the damage, then the append of one 1-byte record landed there
        assertThat(Files.size(victim)).isEqualTo(off[2] + WalFormat.FRAME_HEADER_SIZE + 1);
        assertThat(original).isNotEqualTo(bytes);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(4096))) {
            assertThat(wal.problems()).isEmpty();
            List<Rec> got = replayAll(wal, expected - 1);
            assertThat(got).extracting(Rec::seq).containsExactly(expected, expected + 1);
        }
    }

    @Test
    void badHeaderInAMiddleSegmentQuarantinesItAndTheRest() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(256))) {
            for (int i = 0; i < 20; i++) {
                wal.append(new byte[100]); // two records per segment
            }
        }
        List<Path> segs = WalTestSupport.segments(dir);
        byte[] b = Files.readAllBytes(segs.get(3));
        b[9] ^= 0x40; // inside the first-sequence field: the header CRC no longer matches
        Files.write(segs.get(3), b);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(256))) {
            assertThat(wal.problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(segs.get(3));
                assertThat(p.offset()).isZero();
                assertThat(p.reason()).contains("header CRC32C mismatch").contains("quarantined " + (segs.size() - 3));
            });
            assertThat(replayAll(wal, 0)).hasSize(6);
            assertThat(wal.append(new byte[1])).isEqualTo(7);
        }
    }

    @Test
    void missingMiddleSegmentIsAHole() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(256))) {
            for (int i = 0; i < 20; i++) {
                wal.append(new byte[100]);
            }
        }
        List<Path> segs = WalTestSupport.segments(dir);
        Files.delete(segs.get(2)); // records 5 and 6
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(256))) {
            assertThat(wal.problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(segs.get(3));
                assertThat(p.reason()).contains("records 5..6 are missing");
            });
            assertThat(replayAll(wal, 0)).extracting(Rec::seq).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aNewerFormatVersionRefusesTheOpenAndTouchesNothing() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(4096))) {
            wal.append(new byte[1]);
        }
        Path seg = WalTestSupport.only(dir);
        byte[] b = Files.readAllBytes(seg);
        byte[] h = WalFormat.encodeHeader(1);
        h[4] = 2; // version 2, CRC recomputed so that only the version is wrong
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(h, 0, 16);
        int c = (int) crc.getValue();
        h[16] = (byte) c;
        h[17] = (byte) (c >>> 8);
        h[18] = (byte) (c >>> 16);
        h[19] = (byte) (c >>> 24);
        System.arraycopy(h, 0, b, 0, h.length);
        Files.write(seg, b);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WriteAheadLog.open(dir, WalTestSupport.noSync(4096)))
                .isInstanceOf(dev.sundial.fs.FormatTooNewException.class)
                .hasMessageContaining(seg.toString())
                .hasMessageContaining("written by a newer Sundial: format WAL segment version 2, this build reads up to 1");
        assertThat(Files.readAllBytes(seg)).as("the newer file is left as it was").isEqualTo(b);
        assertThat(tmp.resolve("quarantine")).doesNotExist();
    }
}
