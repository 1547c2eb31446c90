package dev.sundial.rollup;

import dev.sundial.partition.TableStorage;
import dev.sundial.table.Interval;
import dev.sundial.table.PartitionGranularity;

/**
 * One rollup level of a table: its bucket width and its storage (a table of its own as far as files
 * go, see {@link TableStorage#openLevel}). Immutable; the storage is thread-safe.
 *
 * @param index   position in the table's ladder, finest first
 * @param width   bucket width (fixed, no months), dividing the next level's
 * @param storage the level's segments
 */
public record RollupLevel(int index, Interval width, TableStorage storage) {
    public long nanos() {
        return width.nanos();
    }

    public String name() {
        return width.toString();
    }

    /**
     * Partition size of a level: about a thousand buckets or more per series and partition, so that
     * a partition's fixed cost (segment header, index, manifest entry) stays small against its cells:
     * 1m → DAY (1,440), 5m → WEEK (2,016), coarser → MONTH (1h: 720, 1d: 30 — months are the coarsest).
     */
    public static PartitionGranularity partitionFor(Interval width) {
        long n = width.nanos();
        if (n < 5L * 60 * Interval.NANOS_PER_SECOND) {
            return PartitionGranularity.DAY;
        }
        if (n < 3600L * Interval.NANOS_PER_SECOND) {
            return PartitionGranularity.WEEK;
        }
        return PartitionGranularity.MONTH;
    }
}
