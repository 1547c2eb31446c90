package dev.sundial.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers of the WAL tests: seeded payloads, replay into a list, frame offsets. */
final class WalTestSupport {
    private WalTestSupport() {
    }

    /** One replayed record. */
    record Rec(long seq, byte[] payload) {
    }

    /** Seeded payloads with sizes uniform in [0, maxSize]. */
    static List<byte[]> payloads(long seed, int count, int maxSize) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[r.nextInt(maxSize + 1)];
            r.nextBytes(p);
            out.add(p);
        }
        return out;
    }

    static List<Rec> replayAll(WriteAheadLog wal, long after) throws IOException {
        List<Rec> out = new ArrayList<>();
        wal.replay(after, (seq, payload) -> {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            out.add(new Rec(seq, b));
        });
        return out;
    }

    static WalOptions noSync(long segmentSize) {
        return WalOptions.builder().syncMode(WalSyncMode.NONE).segmentSizeBytes(segmentSize).build();
    }

    /** File offsets of the frames of {@code sizes} in one segment, plus the end offset as the last element. */
    static long[] frameOffsets(List<byte[]> payloads) {
        long[] off = new long[payloads.size() + 1];
        off[0] = WalFormat.HEADER_SIZE;
        for (int i = 0; i < payloads.size(); i++) {
            off[i + 1] = off[i] + WalFormat.FRAME_HEADER_SIZE + payloads.get(i).length;
        }
        return off;
    }

    static List<Path> segments(Path dir) throws IOException {
        return WalRecovery.listSegments(dev.sundial.fs.FileLayer.REAL, dir);
    }

    static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    static Path only(Path dir) throws IOException {
        List<Path> s = segments(dir);
        if (s.size() != 1) {
            throw new AssertionError("expected one segment in " + dir + ", found " + s);
        }
        return s.get(0);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
