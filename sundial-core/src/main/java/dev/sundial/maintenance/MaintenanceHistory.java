package dev.sundial.maintenance;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last {@code capacity} maintenance steps, oldest first: a ring buffer, so a long-running
 * database keeps a bounded amount (1,000 runs of a few hundred bytes each by default). Thread-safe.
 */
final class MaintenanceHistory {
    private final int capacity;
    private final ArrayDeque<MaintenanceRun> runs;

    MaintenanceHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cannot keep a maintenance history of " + capacity + " runs: it needs at least 1");
        }
        this.capacity = capacity;
        this.runs = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    synchronized void add(MaintenanceRun run) {
        if (runs.size() == capacity) {
            runs.removeFirst();
        }
        runs.addLast(run);
    }

    synchronized List<MaintenanceRun> snapshot() {
        return List.copyOf(runs);
    }
}
