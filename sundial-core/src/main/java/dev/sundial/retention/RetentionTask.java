package dev.sundial.retention;

import dev.sundial.maintenance.MaintenanceTask;
import dev.sundial.partition.TableStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code retention} maintenance task: for every target storage — each table's raw data, and
 * (added by the rollup stage) each rollup level with its own retention — deletes the partitions
 * past its {@link TableStorage#retentionCutoff() retention cutoff}, one storage per step
 * ({@link PartitionExpiry}). A storage without retention has cutoff {@link Long#MIN_VALUE} and
 * keeps its data.
 *
 * <p>Thread-safe: {@link #pending()} reads in-memory metadata only; steps take the flush lock only
 * for the manifest replacement.
 */
public final class RetentionTask implements MaintenanceTask {
    private final Supplier<List<TableStorage>> targets;
    private final Object flushLock;

    /**
     * @param targets   the storages to expire, asked anew at every call (tables come and go)
     * @param flushLock the lock every change of a segment set is made under
     */
    public RetentionTask(Supplier<List<TableStorage>> targets, Object flushLock) {
        this.targets = targets;
        this.flushLock = flushLock;
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public List<String> pending() {
        List<String> out = new ArrayList<>();
        for (TableStorage s : targets.get()) {
            if (s.isDropped()) {
                continue;
            }
            Set<Long> expired = PartitionExpiry.expiredPartitions(s, s.retentionCutoff());
            if (!expired.isEmpty()) {
                out.add("table " + s.definition().name() + ": " + expired.size() + " expired partition" + (expired.size() == 1 ? "" : "s"));
            }
        }
        return out;
    }

    @Override
    public String runStep() throws IOException {
        for (TableStorage s : targets.get()) {
            if (s.isDropped()) {
                continue;
            }
            long cutoff = s.retentionCutoff();
            if (PartitionExpiry.expiredPartitions(s, cutoff).isEmpty()) {
                continue;
            }
            PartitionExpiry.Result r = PartitionExpiry.expire(s, cutoff, flushLock);
            if (!r.isEmpty()) {
                return "table " + s.definition().name() + ": deleted " + r.partitions() + " partition" + (r.partitions() == 1 ? "" : "s")
                        + " before " + java.time.Instant.ofEpochSecond(0, cutoff) + " (" + r.segments() + " segments, " + r.rows()
                        + " rows, " + r.bytes() + " bytes)";
            }
        }
        return null;
    }
}
