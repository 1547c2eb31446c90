package dev.sundial.wal;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * What the log knows about one segment file: its first and last sequence number and its valid
 * size. The active segment also holds the open write channel.
 *
 * <p>Not thread-safe by itself: {@link WriteAheadLog} guards every field with its append lock,
 * except {@link #channel} and {@link #retired}, which it guards with its force lock.
 */
final class Segment {
    final Path path;
    final long firstSequence;
    /** {@code firstSequence - 1} while the segment holds no record. */
    long lastSequence;
    /** Bytes in the file that belong to the log: header plus whole frames. */
    long size;
    /** Open for writing while this is the active segment; null once sealed. */
    FileChannel channel;
    /** Set, under the force lock, once the channel was forced and closed for good. */
    boolean retired;

    Segment(Path path, long firstSequence, long lastSequence, long size) {
        this.path = path;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.size = size;
    }

    boolean hasRecords() {
        return lastSequence >= firstSequence;
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + firstSequence + ".." + lastSequence + ", " + size + " bytes]";
    }
}
