package dev.sundial.head;

import java.util.List;

/**
 * An immutable compressed chunk of one series: up to {@link ChunkSizing#MAX_ROWS_PER_CHUNK} rows
 * sorted by timestamp with unique timestamps, the encoded timestamp column, and one
 * {@link ColumnBlock} per value column that has at least one value in the chunk (a column without
 * a block is entirely NULL). The same object is held by the head and written into segments, and a
 * segment reader returns chunks in this shape, so flushing a non-overlapping chunk copies bytes
 * without re-encoding.
 *
 * @param minTs      smallest timestamp
 * @param maxTs      largest timestamp
 * @param rowCount   rows
 * @param timestamps encoded timestamp column
 * @param columns    blocks sorted by column index
 */
public record SealedChunk(long minTs, long maxTs, int rowCount, byte[] timestamps, List<ColumnBlock> columns) {
    public SealedChunk {
        columns = List.copyOf(columns);
    }

    /** Block of a value column, or null when the column has no value in this chunk. */
    public ColumnBlock column(int column) {
        for (ColumnBlock b : columns) {
            if (b.column() == column) {
                return b;
            }
        }
        return null;
    }

    /** Encoded size in bytes (timestamps plus all column blocks). */
    public long encodedBytes() {
        long n = timestamps.length;
        for (ColumnBlock b : columns) {
            n += b.encodedBytes();
        }
        return n;
    }

    /** Non-null values in the chunk over all value columns ("points"). */
    public long points() {
        long n = 0;
        for (ColumnBlock b : columns) {
            n += b.stats().count();
        }
        return n;
    }
}
