/**
 * Rewriting the segments of a partition group into one ({@link dev.sundial.compaction.PartitionRewriter}):
 * for deleting rows ({@link dev.sundial.compaction.RowDeletion}, under the flush lock) and for
 * background compaction ({@link dev.sundial.compaction.Compactor}: overlapping and small segments
 * merged, small settled partitions merged into one segment spanning them, as
 * {@link dev.sundial.compaction.CompactionPolicy} decides; I/O paced by
 * {@link dev.sundial.compaction.IoRateLimiter}; the flush lock taken only to commit). Both commit
 * through {@link dev.sundial.partition.TableStorage#publishRewrite} and its commit record.
 */
package dev.sundial.compaction;
