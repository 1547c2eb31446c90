package dev.sundial.head;

import dev.sundial.codec.Compression;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * The head's data of one series inside one time partition: sealed chunks in seal order (later ones
 * win on equal timestamps) and the mutable chunk being written.
 *
 * <p>Not thread-safe: guarded by the owning table's lock. Sealed chunks are immutable and may be
 * handed to readers.
 */
public final class PartitionRun {
    final long partitionStart;
    final long partitionEnd;
    final List<SealedChunk> sealed = new ArrayList<>(2);
    MutableChunk active;
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;

    PartitionRun(long partitionStart, long partitionEnd) {
        this.partitionStart = partitionStart;
        this.partitionEnd = partitionEnd;
    }

    public long partitionStart() {
        return partitionStart;
    }

    /** Seals the mutable chunk into compressed chunks; returns the change in estimated bytes. */
    long seal(ColumnType[] types, Compression compression) {
        if (active == null || active.size() == 0) {
            return 0;
        }
        long before = active.estimatedBytes();
        // No copy: sortAndFold leaves its input alone, and the chunk is dropped after sealing, so its
        // arrays (which readers' views may share) are never written again.
        ColumnBatch sorted = RowFolding.sortAndFold(active.rows());
        long after = 0;
        for (int from = 0; from < sorted.size; from += ChunkSizing.MAX_ROWS_PER_CHUNK) {
            int to = Math.min(sorted.size, from + ChunkSizing.MAX_ROWS_PER_CHUNK);
            SealedChunk c = ChunkCodec.encode(sorted, from, to, widen(types, sorted.columns.length), compression);
            sealed.add(c);
            after += c.encodedBytes() + 64;
        }
        active = null;
        return after - before;
    }

    private static ColumnType[] widen(ColumnType[] types, int n) {
        return types.length >= n ? types : java.util.Arrays.copyOf(types, n);
    }

    /** Whether a sealed chunk or the mutable one holds a row at {@code ts}. */
    boolean holds(long ts, ChunkTimestamps cache) {
        if (active != null && active.size() > 0 && cache.holds(active, ts)) {
            return true;
        }
        for (SealedChunk c : sealed) {
            if (cache.holds(c, ts)) {
                return true;
            }
        }
        return false;
    }

    /** Sealed chunks (a copy of the list; the chunks themselves are immutable). */
    public List<SealedChunk> sealedChunks() {
        return List.copyOf(sealed);
    }

    /** View of the unsealed rows in write order (unsorted), or null; call under the table lock. */
    public ColumnBatch activeView() {
        return active == null || active.size() == 0 ? null : active.view();
    }

    public long partitionEnd() {
        return partitionEnd;
    }

    /** Sorted, folded copy of the unsealed rows, or null when there are none. */
    public ColumnBatch activeSnapshot() {
        return active == null || active.size() == 0 ? null : active.sortedSnapshot();
    }

    public long minTs() {
        return minTs;
    }

    public long maxTs() {
        return maxTs;
    }
}
