package dev.sundial;

import dev.sundial.fs.FileLayer;
import dev.sundial.wal.WalSyncMode;

/**
 * Settings of an open database. Immutable; start from {@link #defaults()} and use the withers.
 *
 * @param walSync             when a write is acknowledged (DESIGN §3): {@code batch} (fsync before
 *                            acknowledging, shared by concurrent writers), {@code interval=<ms>} or {@code none}
 * @param headMaxBytes        memory the in-memory head may use before it is flushed to segments
 * @param walSegmentBytes     WAL segment size
 * @param walFlushBytes       WAL size that triggers a flush (so the WAL can be checkpointed)
 * @param flushIntervalMillis flush at least this often when there is data (0 = only on pressure and close)
 * @param autoCreate          line protocol and point writes create tables and columns on first sight
 * @param queryTimeoutMillis  a SQL statement running longer fails with a clear error (0 = no limit)
 * @param queryMemoryBytes    memory one SQL statement may hold in sorts, hash tables and buffered rows
 * @param fileLayer           every file operation of the database goes through it: {@link FileLayer#REAL}, or a
 *                            fault-injecting or power-cut-recording layer in tests
 * @param backgroundMaintenance run rollups, retention, compaction and tier moves in the background (after
 *                            flushes and every minute); false: only on demand ({@code CALL maintenance()},
 *                            {@code sundial maintain}) — for tests and benchmarks that need a fixed state
 * @param clock               the wall clock retention is measured against and maintenance runs are stamped with
 *                            ({@link java.time.InstantSource#system()}; tests set their own)
 */
public record SundialOptions(WalSyncMode walSync, long headMaxBytes, long walSegmentBytes, long walFlushBytes,
                             long flushIntervalMillis, boolean autoCreate, long queryTimeoutMillis,
                             long queryMemoryBytes, FileLayer fileLayer, java.time.InstantSource clock,
                             boolean backgroundMaintenance) {
    public SundialOptions {
        if (clock == null) {
            throw new IllegalArgumentException("cannot use clock null");
        }
        if (fileLayer == null) {
            throw new IllegalArgumentException("cannot use file layer null");
        }
        if (headMaxBytes < 1 << 20) {
            throw new IllegalArgumentException("cannot use head.max-bytes=" + headMaxBytes + ": must be at least 1 MiB");
        }
        if (queryTimeoutMillis < 0 || queryMemoryBytes < 1 << 16) {
            throw new IllegalArgumentException("cannot use query limits timeout=" + queryTimeoutMillis + "ms memory="
                    + queryMemoryBytes + ": timeout must be >= 0 and memory at least 64 KiB");
        }
    }

    /**
     * Defaults: batch sync; head up to a quarter of the heap, at most 512 MiB (so an import fits in a
     * 512 MiB heap with room for parsing and flushing); 64 MiB WAL segments; flush when the WAL
     * reaches 1 GiB or every 10 minutes. SQL statements: 5 minutes, and a quarter of the heap
     * (at most 1 GiB) each — enough for sorts of tens of millions of rows, small enough that a few
     * concurrent runaway queries cannot exhaust the heap.
     */
    public static SundialOptions defaults() {
        long head = Math.max(1 << 20, Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 4));
        long query = Math.max(1 << 20, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4));
        return new SundialOptions(WalSyncMode.BATCH, head, 64L << 20, 1L << 30, 600_000, true, 300_000, query, FileLayer.REAL,
                java.time.InstantSource.system(), true);
    }

    public SundialOptions withWalSync(WalSyncMode m) {
        return new SundialOptions(m, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate, queryTimeoutMillis, queryMemoryBytes, fileLayer, clock, backgroundMaintenance);
    }

    public SundialOptions withHeadMaxBytes(long b) {
        return new SundialOptions(walSync, b, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate, queryTimeoutMillis, queryMemoryBytes, fileLayer, clock, backgroundMaintenance);
    }

    public SundialOptions withWalSegmentBytes(long b) {
        return new SundialOptions(walSync, headMaxBytes, b, walFlushBytes, flushIntervalMillis, autoCreate, queryTimeoutMillis, queryMemoryBytes, fileLayer, clock, backgroundMaintenance);
    }

    public SundialOptions withFlushIntervalMillis(long ms) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, ms, autoCreate, queryTimeoutMillis, queryMemoryBytes, fileLayer, clock, backgroundMaintenance);
    }

    public SundialOptions withAutoCreate(boolean b) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, b, queryTimeoutMillis, queryMemoryBytes, fileLayer, clock, backgroundMaintenance);
    }

    public SundialOptions withQueryTimeoutMillis(long ms) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate, ms,
                queryMemoryBytes, fileLayer, clock, backgroundMaintenance);
    }

    public SundialOptions withQueryMemoryBytes(long bytes) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate,
                queryTimeoutMillis, bytes, fileLayer, clock, backgroundMaintenance);
    }

    public SundialOptions withFileLayer(FileLayer layer) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate,
                queryTimeoutMillis, queryMemoryBytes, layer, clock, backgroundMaintenance);
    }

    public SundialOptions withClock(java.time.InstantSource c) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate,
                queryTimeoutMillis, queryMemoryBytes, fileLayer, c, backgroundMaintenance);
    }

    public SundialOptions withBackgroundMaintenance(boolean on) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate,
                queryTimeoutMillis, queryMemoryBytes, fileLayer, clock, on);
    }
}
