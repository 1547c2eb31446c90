package dev.sundial.maintenance;

import java.util.List;

/**
 * What one {@link MaintenanceScheduler#runAllPending()} did.
 *
 * @param steps     every step run, in order (failed ones included)
 * @param unsettled names of tasks stopped because they reached the step bound with work still
 *                  pending (a task that never settles); empty when everything pending was done
 */
public record MaintenanceReport(List<MaintenanceRun> steps, List<String> unsettled) {
    public MaintenanceReport {
        steps = List.copyOf(steps);
        unsettled = List.copyOf(unsettled);
    }

    /** True when a step failed. */
    public boolean failed() {
        return steps.stream().anyMatch(s -> !s.ok());
    }

    /** Total duration of the steps in nanoseconds. */
    public long durationNanos() {
        return steps.stream().mapToLong(MaintenanceRun::durationNanos).sum();
    }
}
