package dev.sundial.tier;

import dev.sundial.maintenance.MaintenanceTask;
import dev.sundial.partition.TableStorage;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.Interval;
import dev.sundial.table.PartitionGranularity;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The {@code tiers} maintenance task: moves partitions older than their table's {@code cold_after}
 * to the cold tier, one partition per step, oldest first ({@link ColdRewrite}). Partitions already
 * past retention are left to the retention task. Targets are supplied anew at every call (tables
 * come and go; rollup levels can be added to the list).
 *
 * <p>Thread-safe: {@link #pending()} reads in-memory metadata only; a step reads and writes files
 * outside every lock and takes the flush lock to list and to commit.
 */
public final class TierTask implements MaintenanceTask {
    private final Supplier<List<TableStorage>> targets;
    private final Object flushLock;
    private final InstantSource clock;

    public TierTask(Supplier<List<TableStorage>> targets, Object flushLock, InstantSource clock) {
        this.targets = targets;
        this.flushLock = flushLock;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "tiers";
    }

    /** Starts of the partitions of {@code storage} due for the cold tier now, oldest first (metadata only). */
    public List<Long> duePartitions(TableStorage storage) {
        List<Long> out = new ArrayList<>();
        if (storage.isDropped()) {
            return out;
        }
        Interval coldAfter = storage.definition().options().coldAfter();
        if (coldAfter == null) {
            return out;
        }
        PartitionGranularity g = storage.definition().options().partitionBy();
        long expiredBefore = storage.retentionCutoff();
        // a group of segments whose spans overlap (a compacted span and the late writes inside it) moves as one
        for (var group : storage.segments().groups()) {
            if (group.end() > expiredBefore && Tiers.isDue(g, group.end(), group.segments(), coldAfter, clock)) {
                out.add(group.start());
            }
        }
        return out;
    }

    @Override
    public List<String> pending() {
        List<String> out = new ArrayList<>();
        for (TableStorage s : targets.get()) {
            int n = duePartitions(s).size();
            if (n > 0) {
                out.add("table " + s.definition().name() + ": " + n + " partition" + (n == 1 ? "" : "s") + " to move cold");
            }
        }
        return out;
    }

    @Override
    public String runStep() throws IOException {
        for (TableStorage s : targets.get()) {
            for (long start : duePartitions(s)) {
                ColdRewrite.Result r = ColdRewrite.move(s, start, flushLock);
                if (r.moved()) {
                    return "table " + s.definition().name() + ": moved partition " + java.time.Instant.ofEpochSecond(0, start)
                            + " cold (" + r.segmentsReplaced() + " segment" + (r.segmentsReplaced() == 1 ? "" : "s") + ", " + r.rows()
                            + " rows, " + r.bytesBefore() + " -> " + r.bytesAfter() + " bytes)";
                }
            }
        }
        return null;
    }
}
