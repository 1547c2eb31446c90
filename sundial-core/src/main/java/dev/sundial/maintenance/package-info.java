/**
 * The maintenance scheduler ({@link dev.sundial.maintenance.MaintenanceScheduler}): runs flush and
 * the background tasks ({@link dev.sundial.maintenance.MaintenanceTask}: rollups, retention,
 * compaction, tier moves) in bounded steps on a small, bounded pool, on triggers and on demand, and
 * keeps a bounded history of what ran. {@code docs/maintenance.md} describes it for users.
 */
package dev.sundial.maintenance;
