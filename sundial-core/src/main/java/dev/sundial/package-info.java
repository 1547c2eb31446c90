/**
 * Sundial's storage engine and embedded API. The facade is {@link dev.sundial.Sundial} (open a data
 * directory), with {@link dev.sundial.Table}, {@link dev.sundial.DataPoint} and
 * {@link dev.sundial.WriteBatch}.
 *
 * <p>Data flows {@code ingest} → WAL ({@code wal}) → in-memory head ({@code head}) → {@code flush} →
 * segment files ({@code segment}) in time partitions ({@code partition}), read back by {@code scan}
 * and rewritten by {@code compaction}. The packages, from the bottom up — each may depend only on
 * packages listed before it, and the facade ({@code dev.sundial}) on all (pinned by
 * {@code PackageOrderTest}, which reads this list):
 * <ol>
 *   <li>{@code fs} — the file layer (every file operation, swappable for fault injection and power-cut
 *       simulation), fsync and atomic publication, file headers and versions, quarantine, directory
 *       lock, file names of a data directory</li>
 *   <li>{@code bytes} — growable byte buffers and bounds-checked readers (no formats)</li>
 *   <li>{@code metrics} — counters and fixed-bucket duration histograms the engine records about
 *       itself for monitoring (lock-free; no metrics library: a server converts them when scraped)</li>
 *   <li>{@code codec} — bit I/O and column encoders; no file I/O</li>
 *   <li>{@code table} — schema, options, column batches</li>
 *   <li>{@code index} — series registry and tag inverted index (RoaringBitmap)</li>
 *   <li>{@code wal} — write-ahead log: framed, checksummed records; group commit; recovery</li>
 *   <li>{@code head} — in-memory per-series appenders; sealing rows into compressed chunks</li>
 *   <li>{@code segment} — the immutable segment file format (chunks, index, Bloom filter)</li>
 *   <li>{@code partition} — per-table storage state: time partitions, manifest, segment sets, recovery</li>
 *   <li>{@code scan} — snapshots and merged reads of head and segments (the read path)</li>
 *   <li>{@code flush} — turning a frozen head into segment files</li>
 *   <li>{@code compaction} — rewriting a partition's segments into one (deleting rows, merging overlapping and small segments)</li>
 *   <li>{@code maintenance} — the task contract and the scheduler running flush, rollups, retention, compaction
 *       and tier moves (it knows them only through the contract; the stages below implement it)</li>
 *   <li>{@code rollup} — rollup levels: per series and bucket summaries (cells) built from raw rows; dirty buckets</li>
 *   <li>{@code retention} — expiry of raw data and of each rollup level against the wall clock</li>
 *   <li>{@code tier} — hot/warm/cold tiers: moving old partitions into zstd-compressed cold segments</li>
 *   <li>{@code ingest} — line protocol and CSV parsing and writing (input and export formats)</li>
 * </ol>
 *
 * <h2>Errors</h2>
 * Messages read {@code cannot <verb> <object> [key=value]: cause} and name the file and byte offset
 * where there is one ({@link dev.sundial.fs.CorruptFileException} does this for damaged bytes). Three
 * kinds are kept apart:
 * <ul>
 *   <li>a user's mistake (bad input, unknown table, a limit): {@link java.lang.IllegalArgumentException},
 *       {@link dev.sundial.WriteBatch.WriteException}, {@link dev.sundial.QueryException} — nothing of the
 *       operation was applied;</li>
 *   <li>I/O and damage: {@link java.io.IOException} and its subclasses
 *       ({@link dev.sundial.fs.CorruptFileException} for bytes that fail validation,
 *       {@link dev.sundial.fs.FormatTooNewException} for files of a newer build: the open is refused and
 *       nothing is touched);</li>
 *   <li>an invariant broken inside Sundial: {@code IllegalStateException("BUG: …")}.</li>
 * </ul>
 * Damage found on open is repaired only where the repair is proven safe (a torn WAL tail); otherwise
 * the file is quarantined ({@link dev.sundial.fs.Quarantine}) and reported until an operator removes
 * it, or the open is refused. Nothing is deleted that cannot be proven garbage.
 *
 * <h2>Lock order</h2>
 * Always acquired in this order, never the other way round:
 * <ol>
 *   <li>the maintenance scheduler's step locks (one for flush steps, one for the other tasks' steps),
 *       held around one step by its worker or an on-demand run; a step then takes the locks below;</li>
 *   <li>{@code FlushCoordinator.lock()} — one flush, delete or drop at a time, and every other change of a
 *       segment set (retention's expiry, a tier move's listing and commit);</li>
 *   <li>{@code Sundial.schemaLock} — catalog and storage-map changes (create, drop, alter);</li>
 *   <li>a {@link dev.sundial.rollup.TableRollups}' step lock — one rollup step of a table at a time;
 *       closing a table's levels (drop, a new ladder) waits for it;</li>
 *   <li>{@code Catalog} (its monitor) — only around catalog reads and writes;</li>
 *   <li>{@link dev.sundial.partition.TableStorage#lock()} of each table, several in ascending table id
 *       (a write batch spanning tables);</li>
 *   <li>the WAL's locks ({@code checkpointLock}, then {@code appendLock}, then {@code forceLock}),
 *       internal to {@link dev.sundial.wal.WriteAheadLog};</li>
 *   <li>a {@code TableRollups}' monitor — its built marks and dirty ranges; a leaf, taken briefly by
 *       rollup steps, queries and the flush and delete hooks (which hold the flush lock).</li>
 * </ol>
 * No lock is held while waiting for an fsync of the WAL (group commit waits after the table locks are
 * released).
 */
package dev.sundial;
