package dev.sundial;

import dev.sundial.maintenance.MaintenanceTask;
import dev.sundial.partition.TableStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The flush as a {@link MaintenanceTask}, so that the maintenance scheduler runs it on its reserved
 * worker and records it in the same history as the other tasks. Pending: every table whose head
 * holds rows. A step flushes every table ({@link FlushCoordinator#flush}) and names what it
 * flushed; it returns null (nothing to record) when the heads were empty, after still checkpointing
 * the WAL. Thread-safe (the flush coordinator serializes flushes).
 */
final class FlushTask implements MaintenanceTask {
    @FunctionalInterface
    interface Flush {
        void run() throws IOException;
    }

    private final Map<Integer, TableStorage> storages;
    private final Flush flush;

    FlushTask(Map<Integer, TableStorage> storages, Flush flush) {
        this.storages = storages;
        this.flush = flush;
    }

    @Override
    public String name() {
        return "flush";
    }

    @Override
    public List<String> pending() {
        List<String> out = new ArrayList<>();
        for (TableStorage s : storages.values()) {
            long bytes = s.liveHeadBytes();
            int frozen = s.frozenHeads().size();
            if (bytes > 0 || frozen > 0) {
                out.add("table " + s.definition().name() + ": ~" + bytes + " bytes in the head"
                        + (frozen > 0 ? ", " + frozen + " frozen head(s) not yet written" : ""));
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public String runStep() throws IOException {
        List<String> tables = new ArrayList<>();
        long bytes = 0;
        for (TableStorage s : storages.values()) {
            long b = s.liveHeadBytes();
            if (b > 0 || !s.frozenHeads().isEmpty()) {
                tables.add(s.definition().name());
                bytes += b;
            }
        }
        flush.run();
        if (tables.isEmpty()) {
            return null;
        }
        tables.sort(null);
        return "flushed " + tables.size() + " table(s) (~" + bytes + " bytes of head): " + String.join(", ", tables);
    }
}
