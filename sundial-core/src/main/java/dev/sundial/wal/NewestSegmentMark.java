package dev.sundial.wal;

import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * {@code wal/newest-segment.sdw}: the first sequence number of the newest WAL segment ever
 * created, written (atomically, fsynced) right after each new segment is durably created. A WAL
 * alone cannot notice that its newest segment vanished — the records in it are simply not there —
 * so on open, a newest segment older than this mark means acknowledged records are missing, and it
 * is reported as such instead of silently opening with less. In the {@link ChecksummedFile}
 * envelope (magic "SDWN", version 1); body: first sequence (int64, big-endian). Format:
 * {@code docs/format/wal.md}.
 *
 * <p>Written only by the thread that creates segments (under the WAL's append lock, or while
 * opening); stateless otherwise.
 */
final class NewestSegmentMark {
    static final String FILE_NAME = "newest-segment.sdw";
    static final int MAGIC = 0x5344574E; // "SDWN"
    static final int VERSION = 1;

    private NewestSegmentMark() {
    }

    static Path file(Path walDir) {
        return walDir.resolve(FILE_NAME);
    }

    /** Records that the segment starting at {@code first} exists (durable when this returns). */
    static void write(FileLayer fs, Path walDir, long first) throws IOException {
        byte[] body = ByteBuffer.allocate(8).putLong(first).array();
        ChecksummedFile.write(fs, file(walDir), MAGIC, VERSION, body, body.length);
    }

    /** The recorded first sequence, or -1 when no mark exists (a WAL from before marks, or a new one). */
    static long read(FileLayer fs, Path walDir) throws IOException {
        Path f = file(walDir);
        ChecksummedFile.Body b = ChecksummedFile.read(fs, f, MAGIC, VERSION);
        if (b == null) {
            return -1;
        }
        if (b.bytes().remaining() != 8) {
            throw new CorruptFileException(f, ChecksummedFile.HEADER_BYTES, "body is " + b.bytes().remaining() + " bytes, expected 8");
        }
        long first = b.bytes().getLong();
        if (first < 1) {
            throw new CorruptFileException(f, ChecksummedFile.HEADER_BYTES, "first sequence " + first + " is below 1");
        }
        return first;
    }
}
