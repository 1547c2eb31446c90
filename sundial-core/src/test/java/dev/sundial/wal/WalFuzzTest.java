package dev.sundial.wal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.wal.WalTestSupport.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Arbitrary bytes as WAL segment files: open + replay must end cleanly (records, problems, or
 * both), never throw, never deliver a payload that is not byte-for-byte a checksummed frame of the
 * input, and recovery must converge (a second open finds nothing more to repair).
 *
 * <p>The first input byte picks the layout (low two bits):
 * <ol start="0">
 *   <li>the rest is segment {@code wal-…1.log}, header included;
 *   <li>a valid header for sequence 1, then the rest as frames;
 *   <li>a valid segment of 3 records, then a segment with a valid header for sequence 4 and the rest as frames;
 *   <li>a valid header for sequence 1 and the rest as frames, followed by a valid segment named for
 *       sequence 2 (damage in a non-last segment, or a gap).
 * </ol>
 * Regression seeds: {@code src/test/resources/dev/sundial/wal/WalFuzzTestInputs/openAndReplay/}.
 */
class WalFuzzTest {
    private static final WalOptions OPTIONS = WalTestSupport.noSync(4096);

    @FuzzTest(maxDuration = "60s")
    void openAndReplay(byte[] data) throws IOException {
        Path root = Files.createTempDirectory("wal-fuzz");
        try {
            run(root, data);
        } finally {
            WalTestSupport.deleteTree(root);
        }
    }

    private static void run(Path root, byte[] data) throws IOException {
        Path dir = root.resolve("wal");
        Files.createDirectories(dir);
        Map<String, byte[]> written = new HashMap<>();
        if (data.length > 0) {
            int mode = data[0] & 3;
            byte[] body = Arrays.copyOfRange(data, 1, data.length);
            switch (mode) {
                case 0 -> written.put(WalFormat.segmentFileName(1), body);
                case 1 -> written.put(WalFormat.segmentFileName(1), concat(WalFormat.encodeHeader(1), body));
                case 2 -> {
                    written.put(WalFormat.segmentFileName(1), validSegment(1, 3));
                    written.put(WalFormat.segmentFileName(4), concat(WalFormat.encodeHeader(4), body));
                }
                default -> {
                    written.put(WalFormat.segmentFileName(1), concat(WalFormat.encodeHeader(1), body));
                    written.put(WalFormat.segmentFileName(2), validSegment(2, 2));
                }
            }
        }
        for (Map.Entry<String, byte[]> e : written.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        List<Rec> first;
        long last;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, OPTIONS)) {
            first = WalTestSupport.replayAll(wal, 0);
            last = wal.lastSequence();
            java.util.Set<String> surviving = new java.util.HashSet<>();
            for (Path p : WalTestSupport.segments(dir)) {
                surviving.add(p.getFileName().toString());
            }
            checkAgainstInput(first, written, surviving);
            for (int i = 0; i < first.size(); i++) {
                assertThat(first.get(i).seq()).isEqualTo(first.get(0).seq() + i);
            }
            if (!first.isEmpty()) {
                assertThat(last).isEqualTo(first.get(first.size() - 1).seq());
            }
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, OPTIONS)) {
            assertThat(wal.problems()).as("recovery converges").isEmpty();
            List<Rec> again = WalTestSupport.replayAll(wal, 0);
            assertThat(again).usingRecursiveFieldByFieldElementComparator().isEqualTo(first);
            assertThat(wal.append(new byte[] {1, 2, 3})).isEqualTo(last + 1);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, OPTIONS)) {
            assertThat(wal.problems()).isEmpty();
            List<Rec> all = WalTestSupport.replayAll(wal, 0);
            assertThat(all).hasSize(first.size() + 1);
            assertThat(all.get(all.size() - 1).payload()).containsExactly(1, 2, 3);
        }
    }

    /**
     * Every replayed record must be a frame of the input, at the frame position its sequence
     * implies, with a CRC32C that matches: an independent re-parse of the input bytes.
     */
    private static void checkAgainstInput(List<Rec> recs, Map<String, byte[]> written, java.util.Set<String> surviving) {
        long segFirst = -1;
        byte[] seg = null;
        int pos = 0;
        for (Rec r : recs) {
            String name = WalFormat.segmentFileName(r.seq());
            byte[] candidate = surviving.contains(name) ? written.get(name) : null;
            if (candidate != null) {
                seg = candidate;
                segFirst = r.seq();
                pos = WalFormat.HEADER_SIZE;
            }
            assertThat(seg).as("record %d comes from a segment of the input", r.seq()).isNotNull();
            ByteBuffer b = ByteBuffer.wrap(seg).order(ByteOrder.LITTLE_ENDIAN);
            int len = b.getInt(pos);
            assertThat(len).isEqualTo(r.payload().length);
            assertThat(b.getLong(pos + 8)).isEqualTo(r.seq());
            assertThat(Arrays.copyOfRange(seg, pos + 16, pos + 16 + len)).isEqualTo(r.payload());
            CRC32C crc = new CRC32C();
            crc.update(seg, pos + 16, len);
            crc.update(seg, pos, 4);
            crc.update(seg, pos + 8, 8);
            assertThat(b.getInt(pos + 4)).as("stored CRC of record %d (segment %d)", r.seq(), segFirst)
                    .isEqualTo((int) crc.getValue());
            pos += 16 + len;
        }
    }

    /** A segment of {@code count} records from {@code first}, payloads "r<seq>", written by the WAL itself. */
    static byte[] validSegment(long first, int count) throws IOException {
        Path d = Files.createTempDirectory("wal-fuzz-src");
        try {
            try (WriteAheadLog wal = WriteAheadLog.open(d.resolve("wal"), OPTIONS.toBuilder().startSequence(first).build())) {
                for (int i = 0; i < count; i++) {
                    wal.append(("r" + (first + i)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
            return Files.readAllBytes(d.resolve("wal").resolve(WalFormat.segmentFileName(first)));
        } finally {
            WalTestSupport.deleteTree(d);
        }
    }

    /** Writes the regression seeds; run once with {@code -Dsundial.fuzz.writeSeeds=true}. */
    @org.junit.jupiter.api.Test
    void writeSeedsWhenAsked() throws IOException {
        if (!Boolean.getBoolean("sundial.fuzz.writeSeeds")) {
            return;
        }
        Path out = Path.of("src/test/resources/dev/sundial/wal/WalFuzzTestInputs/openAndReplay");
        Files.createDirectories(out);
        byte[] seg1 = validSegment(1, 3);
        byte[] body1 = Arrays.copyOfRange(seg1, WalFormat.HEADER_SIZE, seg1.length);
        byte[] body4 = Arrays.copyOfRange(validSegment(4, 2), WalFormat.HEADER_SIZE, validSegment(4, 2).length);
        byte[] oneRecord = Arrays.copyOfRange(body1, 0, 16 + 2);
        byte[] flipped = body4.clone();
        flipped[flipped.length - 1] ^= 1;
        byte[] garbage = new byte[100];
        new java.util.Random(42).nextBytes(garbage);
        Files.write(out.resolve("raw-valid-segment"), concat(new byte[] {0}, seg1));
        Files.write(out.resolve("raw-garbage"), concat(new byte[] {0}, garbage));
        Files.write(out.resolve("frames-valid"), concat(new byte[] {1}, body1));
        Files.write(out.resolve("frames-torn"), concat(new byte[] {1}, Arrays.copyOf(body1, body1.length - 3)));
        Files.write(out.resolve("frames-zero-tail"), concat(new byte[] {1}, Arrays.copyOf(body1, body1.length + 64)));
        Files.write(out.resolve("second-segment-flipped"), concat(new byte[] {2}, flipped));
        Files.write(out.resolve("middle-clean"), concat(new byte[] {3}, oneRecord));
        Files.write(out.resolve("middle-damaged"), concat(new byte[] {3}, concat(oneRecord, garbage)));
        Files.write(out.resolve("middle-overlap"), concat(new byte[] {3}, body1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
