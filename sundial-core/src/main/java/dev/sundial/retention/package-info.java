/**
 * Retention: expiry of raw data and of each rollup level against the wall clock
 * ({@link dev.sundial.SundialOptions#clock()}).
 *
 * <p>A storage's cutoff is {@code now - retention} ({@link RetentionCutoff}). Reads clamp their range
 * to it ({@code TableSnapshot.take}), so no query returns or counts a row past retention; whole
 * partitions ending at or before it are deleted by {@link PartitionExpiry}, run step by step by
 * {@link RetentionTask}. Writes older than the cutoff are accepted and acknowledged like any other
 * (a retry or a replay never fails on the clock), are invisible to queries, and leave with their
 * partition at the next retention step (docs/retention.md).
 */
package dev.sundial.retention;
