package dev.sundial.segment;

import dev.sundial.head.ColumnStats;
import dev.sundial.table.ColumnType;

/**
 * Where a chunk lies in a segment file and what it holds, read from the segment index without
 * touching the chunk: enough to prune by time and to answer aggregates from statistics. Immutable.
 *
 * @param offset     byte offset of the chunk in the file
 * @param length     bytes of the chunk, including its trailing CRC32C
 * @param rowCount   rows
 * @param minTs      first timestamp
 * @param maxTs      last timestamp
 * @param tsLength   bytes of the encoded timestamp column (first in the chunk)
 * @param blocks     per value column present in the chunk
 */
public record ChunkMeta(long offset, int length, int rowCount, long minTs, long maxTs, int tsLength, BlockMeta[] blocks) {

    /** One column block's placement and statistics. */
    public record BlockMeta(int column, ColumnType type, int presenceLength, int valuesLength, ColumnStats stats) {
    }

    /** Stats of a value column, or null when the column has no value in this chunk. */
    public ColumnStats stats(int column) {
        for (BlockMeta b : blocks) {
            if (b.column() == column) {
                return b.stats();
            }
        }
        return null;
    }
}
