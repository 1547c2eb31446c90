package dev.sundial.retention;

import dev.sundial.partition.TableStorage;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.PartitionGranularity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deletes the whole partitions of a storage (a table's raw data, or one rollup level) that lie
 * before a cutoff: every segment of a partition whose end is at or before the cutoff leaves the
 * manifest in one replacement ({@link TableStorage#publishRewrite} with nothing written), the commit
 * point. The files are retired: deleted when the last query holding them releases them, so a query
 * that took its snapshot before the expiry completes with the rows it saw; after a crash, the next
 * open deletes the files the manifest no longer lists. A partition straddling the cutoff is kept
 * whole (its expired rows are filtered at query time, see {@code TableSnapshot.take}) until it
 * expires whole.
 *
 * <p>The caller passes the lock that serializes changes of the storage's segment set (the
 * database's flush lock); it is held for the metadata work and the manifest write only — nothing
 * is read or rewritten. Stateless and thread-safe.
 */
public final class PartitionExpiry {
    private PartitionExpiry() {
    }

    /** What one expiry removed. */
    public record Result(int partitions, int segments, long bytes, long rows) {
        public static final Result NONE = new Result(0, 0, 0, 0);

        public boolean isEmpty() {
            return partitions == 0;
        }
    }

    /**
     * Starts of the partitions of {@code storage} that end at or before {@code cutoffNanos} (metadata
     * only). A partition is a group of segments whose spans overlap ({@link dev.sundial.partition.PartitionGroup}):
     * a compacted segment may span many partitions of its table, and a late write inside its span
     * lands in a segment of its own; they expire together, once the whole span has, so an older
     * value never outlives the newer one that replaced it.
     */
    public static Set<Long> expiredPartitions(TableStorage storage, long cutoffNanos) {
        Set<Long> out = new TreeSet<>();
        if (cutoffNanos == Long.MIN_VALUE) {
            return out;
        }
        for (var group : storage.segments().groups()) {
            if (group.end() <= cutoffNanos) {
                for (SegmentReader r : group.segments()) {
                    out.add(r.partitionStart());
                }
            }
        }
        return out;
    }

    /**
     * Deletes every partition of {@code storage} ending at or before {@code cutoffNanos}. Durable when
     * it returns; nothing changes when no partition has expired or the storage was dropped.
     *
     * @param flushLock the lock every change of the storage's segment set is made under
     */
    public static Result expire(TableStorage storage, long cutoffNanos, Object flushLock) throws IOException {
        synchronized (flushLock) {
            if (storage.isDropped()) {
                return Result.NONE;
            }
            Set<Long> expired = expiredPartitions(storage, cutoffNanos);
            if (expired.isEmpty()) {
                return Result.NONE;
            }
            List<SegmentReader> replaced = new ArrayList<>();
            Set<Long> ids = new java.util.HashSet<>();
            long bytes = 0;
            long rows = 0;
            for (var group : storage.segments().groups()) {
                if (group.end() <= cutoffNanos) {
                    for (SegmentReader r : group.segments()) {
                        replaced.add(r);
                        ids.add(r.segmentId());
                        bytes += r.sizeBytes();
                    }
                }
            }
            for (var e : storage.manifest().segments()) {
                if (ids.contains(e.segmentId())) {
                    rows += e.rows();
                }
            }
            storage.publishRewrite(replaced, List.of());
            storage.removeEmptyPartitionDirectories(expired);
            return new Result(expired.size(), replaced.size(), bytes, rows);
        }
    }
}
