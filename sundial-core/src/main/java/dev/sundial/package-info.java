/**
 * Sundial's storage engine and embedded API. The facade is {@link dev.sundial.Sundial} (open a data
 * directory), with {@link dev.sundial.Table}, {@link dev.sundial.DataPoint} and
 * {@link dev.sundial.WriteBatch}.
 *
 * <p>Packages, in the order data flows through them:
 * <ol>
 *   <li>{@code ingest} — line protocol and CSV parsing and writing (input and export formats)</li>
 *   <li>{@code codec} — bit I/O and column encoders; no file I/O</li>
 *   <li>{@code wal} — write-ahead log: framed, checksummed records; group commit; recovery</li>
 *   <li>{@code head} — in-memory per-series appenders; sealing rows into compressed chunks</li>
 *   <li>{@code flush} — turning a frozen head into segment files; the flush scheduler</li>
 *   <li>{@code segment} — the immutable segment file format (chunks, index, Bloom filter)</li>
 *   <li>{@code partition} — per-table storage state: time partitions, manifest, segment sets</li>
 *   <li>{@code index} — series registry and tag inverted index (RoaringBitmap)</li>
 *   <li>{@code scan} — snapshots and merged reads of head and segments (the read path)</li>
 *   <li>{@code compaction} — rewriting a partition's segments into one (today: deleting rows)</li>
 *   <li>{@code fs} — fsync, atomic publication, directory lock, file names of a data directory</li>
 *   <li>{@code table} — schema, options, column batches</li>
 * </ol>
 * Background compaction, rollups, retention and tiers arrive with their own issues as packages of the same names.
 */
package dev.sundial;
