package dev.sundial.maintenance;

import java.time.Instant;

/**
 * One step the maintenance scheduler ran: which task, when it started (by
 * {@link dev.sundial.SundialOptions#clock()}), how long it took, and what it did or why it failed.
 *
 * @param task          the task's {@link MaintenanceTask#name()}
 * @param started       when the step started
 * @param durationNanos how long it ran (monotonic clock)
 * @param detail        what the step did (its {@link MaintenanceTask#runStep()} line); null when it failed
 * @param error         why it failed ({@code cannot …: cause}); null when it succeeded
 */
public record MaintenanceRun(String task, Instant started, long durationNanos, String detail, String error) {
    public boolean ok() {
        return error == null;
    }

    public double durationMillis() {
        return durationNanos / 1e6;
    }

    /** "ok" or "failed", as {@code SHOW MAINTENANCE} prints it. */
    public String status() {
        return ok() ? "ok" : "failed";
    }

    /** The detail of a successful step, the error of a failed one. */
    public String text() {
        return ok() ? detail : error;
    }
}
