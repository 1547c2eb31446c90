/**
 * The write-ahead log: every write batch is appended here, framed and checksummed, and made
 * durable per {@code wal.sync} before it is acknowledged; on open the log is validated and repaired
 * and its records are replayed into the head; after a flush the engine checkpoints it.
 *
 * <p>Entry point: {@link dev.sundial.wal.WriteAheadLog}. Format: {@code docs/format/wal.md}.
 */
package dev.sundial.wal;
