package dev.sundial.wal;

import static dev.sundial.wal.WalTestSupport.replayAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.wal.WalTestSupport.Rec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-segment WAL written once, whose last segment the damage tests rewrite with a mutated
 * copy; {@link #check} then opens the damaged copy and compares what comes back with an oracle:
 * exactly the longest run of records whose bytes are unchanged is replayed.
 */
final class WalDamageFixture {
    static final long SEGMENT_SIZE = 4096;

    final long seed;
    final List<byte[]> payloads;
    final List<Path> sourceSegments;
    final byte[] lastSegment;
    final long lastFirstSeq;
    /** Frame offsets inside the last segment; the final element is the end of the file. */
    final long[] lastOffsets;

    WalDamageFixture(Path source, long seed, int count, int maxPayload) throws IOException {
        this.seed = seed;
        this.payloads = WalTestSupport.payloads(seed, count, maxPayload);
        try (WriteAheadLog wal = WriteAheadLog.open(source, WalTestSupport.noSync(SEGMENT_SIZE))) {
            for (byte[] p : payloads) {
                wal.append(p);
            }
        }
        this.sourceSegments = WalTestSupport.segments(source);
        Path last = sourceSegments.get(sourceSegments.size() - 1);
        this.lastSegment = Files.readAllBytes(last);
        this.lastFirstSeq = WalFormat.parseSegmentFileName(last.getFileName().toString());
        this.lastOffsets = WalTestSupport.frameOffsets(payloads.subList((int) lastFirstSeq - 1, count));
        if (sourceSegments.size() < 2 || lastOffsets.length < 4) {
            throw new IllegalStateException("BUG: fixture needs >= 2 segments and >= 3 records in the last one");
        }
    }

    /** Offset in the last segment where the third-to-last record starts. */
    long lastThreeStart() {
        return lastOffsets[lastOffsets.length - 4];
    }

    /** Copies the good segments and {@code mutatedLast} as the last segment into {@code dir}. */
    Path install(Path dir, byte[] mutatedLast) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < sourceSegments.size() - 1; i++) {
            Files.copy(sourceSegments.get(i), dir.resolve(sourceSegments.get(i).getFileName()));
        }
        Path last = dir.resolve(sourceSegments.get(sourceSegments.size() - 1).getFileName());
        Files.write(last, mutatedLast);
        return last;
    }

    /**
     * Opens the WAL in {@code dir} (installed with {@code mutated}) and checks recovery against the
     * oracle; then appends two records and checks that a reopen replays everything. Returns the
     * number of records of the last segment that survived.
     */
    int check(Path dir, byte[] mutated, String what) throws IOException {
        Path last = install(dir, mutated);
        int k = 0; // records of the last segment whose bytes are untouched
        int inLast = lastOffsets.length - 1;
        while (k < inLast && lastOffsets[k + 1] <= mutated.length
                && Arrays.equals(mutated, (int) lastOffsets[k], (int) lastOffsets[k + 1],
                lastSegment, (int) lastOffsets[k], (int) lastOffsets[k + 1])) {
            k++;
        }
        long goodEnd = lastOffsets[k];
        int expected = (int) (lastFirstSeq - 1) + k;
        String ctx = what + " seed=" + seed;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(SEGMENT_SIZE))) {
            if (mutated.length == goodEnd) {
                assertThat(wal.problems()).as(ctx).isEmpty();
            } else {
                assertThat(wal.problems()).as(ctx).hasSize(1);
                WalProblem p = wal.problems().get(0);
                assertThat(p.file()).as(ctx).isEqualTo(last);
                assertThat(p.offset()).as(ctx).isEqualTo(goodEnd);
                assertThat(p.reason()).as(ctx).contains("truncated");
            }
            assertThat(Files.size(last)).as(ctx + ": truncated to the last good record").isEqualTo(goodEnd);
            List<Rec> got = replayAll(wal, 0);
            assertThat(got).as(ctx).hasSize(expected);
            for (int i = 0; i < expected; i++) {
                assertThat(got.get(i).seq()).as(ctx).isEqualTo(i + 1);
                assertThat(got.get(i).payload()).as("%s record %d", ctx, i + 1).isEqualTo(payloads.get(i));
            }
            assertThat(wal.lastSequence()).as(ctx).isEqualTo(expected);
            assertThat(wal.append(new byte[] {7, 7})).as(ctx).isEqualTo(expected + 1);
            assertThat(wal.append(new byte[0])).as(ctx).isEqualTo(expected + 2);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(SEGMENT_SIZE))) {
            assertThat(wal.problems()).as(ctx + " after repair").isEmpty();
            List<Rec> got = replayAll(wal, expected - 1L);
            assertThat(got).as(ctx).extracting(Rec::seq)
                    .containsExactly(expected == 0 ? new Long[] {1L, 2L} : new Long[] {(long) expected, expected + 1L, expected + 2L});
            assertThat(got.get(got.size() - 2).payload()).as(ctx).containsExactly(7, 7);
        }
        return k;
    }
}
