package dev.sundial.maintenance;

import dev.sundial.compaction.Compactor;
import java.io.IOException;
import java.util.List;

/**
 * The maintenance task {@code compaction}: one step compacts one partition group of one table
 * ({@link Compactor}; what is worth compacting: {@link dev.sundial.compaction.CompactionPolicy}).
 * Thread-safe as {@link MaintenanceTask} requires (the compactor takes the flush lock only to commit).
 */
public final class CompactionTask implements MaintenanceTask {
    private final Compactor compactor;

    public CompactionTask(Compactor compactor) {
        this.compactor = compactor;
    }

    @Override
    public String name() {
        return "compaction";
    }

    @Override
    public List<String> pending() {
        return compactor.pending();
    }

    @Override
    public synchronized String runStep() throws IOException {
        return compactor.runStep();
    }
}
