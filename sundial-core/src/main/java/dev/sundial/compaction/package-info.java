/**
 * Rewriting the segments of a partition into fewer ones: today for deleting rows
 * ({@link dev.sundial.compaction.RowDeletion}); background compaction of overlapping segments
 * will use the same {@link dev.sundial.compaction.PartitionRewriter}.
 */
package dev.sundial.compaction;
