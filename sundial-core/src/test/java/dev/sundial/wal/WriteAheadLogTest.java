package dev.sundial.wal;

import static dev.sundial.wal.WalTestSupport.noSync;
import static dev.sundial.wal.WalTestSupport.payloads;
import static dev.sundial.wal.WalTestSupport.replayAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.wal.WalTestSupport.Rec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripAcrossRotationsReopenAndReplayFromASequence() throws Exception {
        long seed = 20240611L;
        List<byte[]> ps = payloads(seed, 600, 700);
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(4096))) {
            assertThat(wal.lastSequence()).isZero();
            for (int i = 0; i < ps.size(); i++) {
                assertThat(wal.append(ps.get(i))).as("seed=%d record %d", seed, i).isEqualTo(i + 1);
            }
            assertThat(wal.segmentCount()).isGreaterThan(50);
            assertThat(wal.lastSequence()).isEqualTo(600);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(4096))) {
            assertThat(wal.problems()).isEmpty();
            assertThat(wal.lastSequence()).isEqualTo(600);
            List<Rec> all = replayAll(wal, 0);
            assertThat(all).hasSize(600);
            for (int i = 0; i < 600; i++) {
                assertThat(all.get(i).seq()).isEqualTo(i + 1);
                assertThat(all.get(i).payload()).as("seed=%d record %d", seed, i).isEqualTo(ps.get(i));
            }
            List<Rec> tail = replayAll(wal, 437);
            assertThat(tail).extracting(Rec::seq).first().isEqualTo(438L);
            assertThat(tail).hasSize(600 - 437);
            assertThat(replayAll(wal, 600)).isEmpty();
            assertThat(wal.append(new byte[] {1, 2, 3})).isEqualTo(601);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(4096))) {
            List<Rec> all = replayAll(wal, 599);
            assertThat(all).extracting(Rec::seq).containsExactly(600L, 601L);
            assertThat(all.get(1).payload()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void segmentsStayWithinTheirSizeAndNeverSplitARecord() throws Exception {
        Path dir = tmp.resolve("wal");
        long segSize = 2048;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(segSize))) {
            for (byte[] p : payloads(7, 300, 500)) {
                wal.append(p);
            }
            wal.append(new byte[5000]); // larger than a segment: gets one of its own
            wal.append(new byte[10]);
        }
        List<Path> segs = WalTestSupport.segments(dir);
        for (Path s : segs) {
            long size = Files.size(s);
            if (size > segSize) {
                assertThat(size).as("oversized segment %s holds exactly one record", s)
                        .isEqualTo(WalFormat.HEADER_SIZE + WalFormat.FRAME_HEADER_SIZE + 5000);
            }
        }
        assertThat(Files.size(segs.get(segs.size() - 1)))
                .isEqualTo(WalFormat.HEADER_SIZE + WalFormat.FRAME_HEADER_SIZE + 10);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(segSize))) {
            assertThat(wal.problems()).isEmpty();
            assertThat(replayAll(wal, 0)).hasSize(302);
        }
    }

    @Test
    void multiMegabytePayloadsRoundTripInTheirOwnSegments() throws Exception {
        long seed = 31337;
        java.util.Random r = new java.util.Random(seed);
        byte[] big = new byte[(3 << 20) + 7]; // three write-buffer chunks and a bit
        r.nextBytes(big);
        byte[] small = new byte[100];
        r.nextBytes(small);
        Path dir = tmp.resolve("wal");
        WalOptions o = WalOptions.builder().segmentSizeBytes(1 << 20).build();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            wal.append(small);
            wal.append(big);
            wal.append(small);
            wal.append(big, 5, big.length - 5);
            assertThat(wal.segmentCount()).isEqualTo(4);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            assertThat(wal.problems()).isEmpty();
            List<Rec> all = replayAll(wal, 0);
            assertThat(all).hasSize(4);
            assertThat(all.get(0).payload()).isEqualTo(small);
            assertThat(all.get(1).payload()).as("seed=%d", seed).isEqualTo(big);
            assertThat(all.get(2).payload()).isEqualTo(small);
            assertThat(all.get(3).payload()).as("seed=%d", seed).isEqualTo(java.util.Arrays.copyOfRange(big, 5, big.length));
        }
    }

    @Test
    void recordAboveMaxRecordBytesIsRejectedAndTheLogGoesOn() throws Exception {
        WalOptions o = WalOptions.builder().syncMode(WalSyncMode.NONE).maxRecordBytes(1000).build();
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("wal"), o)) {
            assertThat(wal.append(new byte[1000])).isEqualTo(1);
            assertThatThrownBy(() -> wal.append(new byte[1001]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length=1001").hasMessageContaining("maxRecordBytes=1000");
            assertThat(wal.append(new byte[1])).isEqualTo(2);
        }
    }

    @Test
    void checkpointDeletesWhollyCoveredSegmentsAndSequencesContinueAfterReopen() throws Exception {
        Path dir = tmp.resolve("wal");
        List<byte[]> ps = payloads(99, 200, 400);
        long before;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(2048))) {
            for (byte[] p : ps) {
                wal.append(p);
            }
            before = wal.sizeBytes();
            List<Path> segs = WalTestSupport.segments(dir);
            long k = 100;
            wal.checkpoint(k);
            List<Path> left = WalTestSupport.segments(dir);
            assertThat(left.size()).isLessThan(segs.size());
            // the first remaining segment must still hold record k+1; everything deleted was <= k
            long firstLeft = WalFormat.parseSegmentFileName(left.get(0).getFileName().toString());
            assertThat(firstLeft).isLessThanOrEqualTo(k + 1);
            int idx = segs.indexOf(left.get(0));
            long nextAfter = WalFormat.parseSegmentFileName(segs.get(idx + 1).getFileName().toString());
            assertThat(nextAfter).as("the first kept segment holds records above the checkpoint").isGreaterThan(k + 1);
            assertThat(wal.sizeBytes()).isLessThan(before);
            long onDisk = 0;
            for (Path p : left) {
                onDisk += Files.size(p);
            }
            assertThat(wal.sizeBytes()).isEqualTo(onDisk);
            wal.checkpoint(200);
            assertThat(WalTestSupport.segments(dir)).hasSize(1); // only the active one is left
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(2048))) {
            assertThat(wal.problems()).isEmpty();
            assertThat(wal.lastSequence()).isEqualTo(200);
            assertThat(wal.append(new byte[] {9})).isEqualTo(201);
        }
    }

    @Test
    void checkpointRotatesALargeWhollyCoveredActiveSegmentAndTheHeaderKeepsTheSequence() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(1 << 20))) {
            for (int i = 0; i < 100; i++) {
                wal.append(new byte[2000]); // ~200 KB >= 1/8 of the 1 MiB segment
            }
            wal.checkpoint(100);
            List<Path> left = WalTestSupport.segments(dir);
            assertThat(left).hasSize(1);
            assertThat(Files.size(left.get(0))).isEqualTo(WalFormat.HEADER_SIZE);
            assertThat(wal.sizeBytes()).isEqualTo(WalFormat.HEADER_SIZE);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(1 << 20))) {
            assertThat(wal.lastSequence()).isEqualTo(100);
            assertThat(replayAll(wal, 0)).isEmpty();
            assertThat(wal.append(new byte[1])).isEqualTo(101);
        }
    }

    @Test
    void startSequenceKeepsSequencesMonotonicWhenEverySegmentIsGone() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(4096))) {
            for (int i = 0; i < 10; i++) {
                wal.append(new byte[] {(byte) i});
            }
        }
        for (Path p : WalTestSupport.segments(dir)) {
            Files.delete(p);
        }
        WalOptions o = noSync(4096).toBuilder().startSequence(11).build();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            // the newest segment was deleted by hand: its records are reported lost, never silently
            assertThat(wal.problems()).singleElement().satisfies(p -> assertThat(p.reason()).contains("missing WAL segment")
                    .contains("wal-00000000000000000001.log"));
            assertThat(wal.lastSequence()).isEqualTo(10);
            assertThat(wal.append(new byte[1])).isEqualTo(11);
        }
    }

    @Test
    void startSequenceAboveTheLogJumpsAndTheGapIsNotAHole() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(4096))) {
            for (int i = 0; i < 10; i++) {
                wal.append(new byte[] {(byte) i});
            }
        }
        WalOptions o = noSync(4096).toBuilder().startSequence(50).build();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            assertThat(wal.append(new byte[] {50})).isEqualTo(50);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            assertThat(wal.problems()).isEmpty();
            assertThat(replayAll(wal, 49)).extracting(Rec::seq).containsExactly(50L);
            wal.checkpoint(49);
            assertThat(WalTestSupport.segments(dir)).hasSize(1);
        }
    }

    @Test
    void aHoleBeforeTheFirstSegmentIsReportedAndNothingAfterItIsReplayed() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, noSync(256))) {
            for (int i = 0; i < 20; i++) {
                wal.append(new byte[100]);
            }
        }
        List<Path> segs = WalTestSupport.segments(dir);
        Files.delete(segs.get(0)); // records 1..2 vanish
        WalOptions o = noSync(256).toBuilder().startSequence(1).build();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            assertThat(wal.problems()).hasSize(1);
            assertThat(wal.problems().get(0).file()).isEqualTo(segs.get(1));
            assertThat(wal.problems().get(0).reason()).contains("missing");
            assertThat(replayAll(wal, 0)).isEmpty();
            assertThat(Files.list(o.quarantineDirFor(dir)).filter(p -> p.toString().endsWith(".corrupt")).count())
                    .isEqualTo(segs.size() - 1);
        }
    }

    @Test
    void replayAfterAppendIsABugAndAppendAfterCloseIsRejected() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("wal"), noSync(4096));
        wal.append(new byte[3]);
        assertThatThrownBy(() -> wal.replay(0, (s, p) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("BUG: ");
        wal.close();
        wal.close(); // idempotent
        assertThatThrownBy(() -> wal.append(new byte[3]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> wal.checkpoint(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void batchModeFsyncsEveryLoneAppendAndNoneModeDoesNot() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("b"), WalOptions.defaults())) {
            long base = wal.syncCount();
            for (int i = 0; i < 20; i++) {
                wal.append(new byte[100]);
            }
            assertThat(wal.syncCount() - base).isEqualTo(20);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("n"), noSync(1 << 20))) {
            long base = wal.syncCount();
            for (int i = 0; i < 20; i++) {
                wal.append(new byte[100]);
            }
            assertThat(wal.syncCount() - base).isZero();
        }
    }

    @Test
    void statsCountAppendsWithTheirFrameBytesAndTimeEveryFsync() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("s"), WalOptions.defaults())) {
            long fsyncsAtOpen = wal.stats().fsyncs();
            for (int i = 0; i < 5; i++) {
                wal.append(new byte[100 + i]);
            }
            WalStats st = wal.stats();
            assertThat(st.appends()).isEqualTo(5);
            assertThat(st.appendedBytes()).isEqualTo(5L * WalFormat.FRAME_HEADER_SIZE + 100 + 101 + 102 + 103 + 104);
            assertThat(st.fsyncs() - fsyncsAtOpen).as("batch mode: one fsync per lone append").isEqualTo(5);
            assertThat(st.fsyncs()).isEqualTo(wal.syncCount());
            var durations = st.fsyncDurations();
            assertThat(durations.count()).isEqualTo(st.fsyncs());
            assertThat(durations.sumNanos()).as("fsyncs take time").isPositive();
        }
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("n"), noSync(1 << 20))) {
            long base = wal.stats().fsyncs();
            wal.append(new byte[10]);
            assertThat(wal.stats().appends()).isEqualTo(1);
            assertThat(wal.stats().fsyncs()).isEqualTo(base);
        }
    }

    @Test
    void writeThenAwaitDurableSharesOneFsyncAndRefusesUnwrittenSequences() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("wal"), noSync(1 << 20))) {
            long base = wal.syncCount();
            long a = wal.write(new byte[10], 0, 10);
            long b = wal.write(new byte[20], 0, 20);
            assertThat(wal.syncCount()).isEqualTo(base);
            wal.awaitDurable(b);
            assertThat(wal.syncCount()).isEqualTo(base + 1);
            wal.awaitDurable(a); // covered by the same fsync
            assertThat(wal.syncCount()).isEqualTo(base + 1);
            assertThatThrownBy(() -> wal.awaitDurable(b + 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence=" + (b + 1));
        }
    }

    @Test
    void anInterruptedWriteFailsTheLogForGoodAndReopenRecovers() throws Exception {
        Path dir = tmp.resolve("wal");
        WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults());
        wal.append(new byte[] {1});
        Thread.currentThread().interrupt(); // FileChannel closes itself when an interrupted thread does I/O
        try {
            assertThatThrownBy(() -> wal.append(new byte[] {2})).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("cannot append write-ahead log record");
        } finally {
            Thread.interrupted();
        }
        assertThatThrownBy(() -> wal.append(new byte[] {3})).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("an earlier write or fsync failed");
        wal.close();
        try (WriteAheadLog again = WriteAheadLog.open(dir, WalOptions.defaults())) {
            assertThat(replayAll(again, 0)).extracting(Rec::seq).containsExactly(1L);
            assertThat(again.append(new byte[] {4})).isEqualTo(2);
        }
    }

    @Test
    void intervalModeSyncsInTheBackground() throws Exception {
        Path dir = tmp.resolve("wal");
        WalOptions o = WalOptions.builder().syncMode(WalSyncMode.interval(5)).build();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            long base = wal.syncCount();
            wal.append(new byte[10]);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (wal.syncCount() == base && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(wal.syncCount()).as("the interval thread fsynced within 10 s").isGreaterThan(base);
            wal.append(new byte[20]);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            assertThat(replayAll(wal, 0)).extracting(r -> r.payload().length).containsExactly(10, 20);
        }
    }

    @Test
    void sizeAboveWarnSizeIsLoggedOncePerDoublingAndClearedByCheckpoint() throws Exception {
        Logger jul = Logger.getLogger(WriteAheadLog.class.getName());
        List<String> warnings = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("warnSizeBytes")) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("wal"),
                noSync(8192).toBuilder().warnSizeBytes(10_000).build())) {
            for (int i = 0; i < 10; i++) {
                wal.append(new byte[984]); // 1000 bytes per frame
            }
            assertThat(wal.overWarnSize()).isTrue(); // 10 frames + 2 headers > 10_000
            assertThat(warnings).hasSize(1);
            for (int i = 0; i < 9; i++) {
                wal.append(new byte[984]);
            }
            assertThat(wal.sizeBytes()).isLessThan(20_000);
            assertThat(warnings).hasSize(1);
            for (int i = 0; i < 2; i++) {
                wal.append(new byte[984]);
            }
            assertThat(wal.sizeBytes()).isGreaterThan(20_000);
            assertThat(warnings).hasSize(2);
            wal.checkpoint(wal.lastSequence());
            assertThat(wal.overWarnSize()).isFalse();
        } finally {
            jul.removeHandler(h);
        }
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> WalOptions.builder().segmentSizeBytes(10).build())
                .hasMessageContaining("segmentSizeBytes=10");
        assertThatThrownBy(() -> WalOptions.builder().maxRecordBytes(-1).build())
                .hasMessageContaining("maxRecordBytes=-1");
        assertThatThrownBy(() -> WalOptions.builder().warnSizeBytes(0).build())
                .hasMessageContaining("warnSizeBytes=0");
        assertThatThrownBy(() -> WalOptions.builder().startSequence(-5).build())
                .hasMessageContaining("startSequence=-5");
        assertThat(WalOptions.defaults().quarantineDirFor(Path.of("/data/wal"))).isEqualTo(Path.of("/data/quarantine"));
    }

    @Test
    void syncModeParsesTheThreeFormsAndNamesBadInput() {
        assertThat(WalSyncMode.parse("batch")).isEqualTo(WalSyncMode.BATCH);
        assertThat(WalSyncMode.parse(" NONE ")).isEqualTo(WalSyncMode.NONE);
        assertThat(WalSyncMode.parse("interval=100")).isEqualTo(WalSyncMode.interval(100));
        assertThat(WalSyncMode.parse("interval=100").toString()).isEqualTo("interval=100");
        assertThatThrownBy(() -> WalSyncMode.parse("sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value=sometimes").hasMessageContaining("batch, none or interval");
        assertThatThrownBy(() -> WalSyncMode.parse("interval=abc")).hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> WalSyncMode.parse("interval=0")).hasMessageContaining("1..3600000");
        assertThatThrownBy(() -> WalSyncMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void segmentFileNamesRoundTrip() {
        assertThat(WalFormat.segmentFileName(1)).isEqualTo("wal-00000000000000000001.log");
        assertThat(WalFormat.parseSegmentFileName("wal-00000000000000000042.log")).isEqualTo(42);
        assertThat(WalFormat.parseSegmentFileName(WalFormat.segmentFileName(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(WalFormat.parseSegmentFileName("wal-99999999999999999999.log")).isEqualTo(-1);
        assertThat(WalFormat.parseSegmentFileName("wal-0000000000000000001x.log")).isEqualTo(-1);
        assertThat(WalFormat.parseSegmentFileName("wal-1.log")).isEqualTo(-1);
    }
}
