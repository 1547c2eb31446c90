package dev.sundial.maintenance;

/**
 * One item of work a task would do now ({@link MaintenanceTask#pending()}).
 *
 * @param task   the task's name
 * @param detail the item, e.g. "table cpu: 3 dirty 1m buckets"
 */
public record PendingWork(String task, String detail) {
}
