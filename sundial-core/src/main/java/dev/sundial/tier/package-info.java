/**
 * Storage tiers (DESIGN §4): <b>hot</b> = the in-memory head and the recent partitions,
 * <b>warm</b> = older partitions in ordinary (version 1) segments, <b>cold</b> = partitions older
 * than the table option {@code cold_after}, rewritten into one version-2 segment whose chunks are
 * zstd-compressed on top of the type codecs ({@link ColdRewrite}, run by {@link TierTask}).
 *
 * <p>The tier is not stored in the manifest: a segment is cold when its file is version 2, and a
 * partition is hot while it overlaps the last partition length before now ({@link Tiers}).
 * Queries read every tier through the same reader; a cold chunk is decompressed when read.
 */
package dev.sundial.tier;
