package dev.sundial.rollup;

import dev.sundial.maintenance.MaintenanceTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The maintenance task that builds rollup levels and rebuilds dirty buckets: a step is one table's
 * {@link TableRollups#runStep()} (a partition of one level, or a bounded batch of dirty buckets),
 * tables taken round-robin so that one large table does not starve the others. Thread-safe.
 */
public final class RollupTask implements MaintenanceTask {
    private final Supplier<List<TableRollups>> tables;
    private int next;

    public RollupTask(Supplier<List<TableRollups>> tables) {
        this.tables = tables;
    }

    @Override
    public String name() {
        return "rollup";
    }

    @Override
    public List<String> pending() {
        List<String> out = new ArrayList<>();
        for (TableRollups t : tables.get()) {
            out.addAll(t.pending());
        }
        return out;
    }

    @Override
    public synchronized String runStep() throws IOException {
        List<TableRollups> all = tables.get();
        for (int i = 0; i < all.size(); i++) {
            TableRollups t = all.get((next + i) % all.size());
            String done = t.runStep();
            if (done != null) {
                next = (next + i + 1) % Math.max(1, all.size());
                return done;
            }
        }
        return null;
    }
}
