package dev.sundial;

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
 */
public record SundialOptions(WalSyncMode walSync, long headMaxBytes, long walSegmentBytes, long walFlushBytes,
                             long flushIntervalMillis, boolean autoCreate) {
    public SundialOptions {
        if (headMaxBytes < 1 << 20) {
            throw new IllegalArgumentException("cannot use head.max-bytes=" + headMaxBytes + ": must be at least 1 MiB");
        }
    }

    /**
     * Defaults: batch sync; head up to a quarter of the heap, at most 512 MiB (so an import fits in a
     * 512 MiB heap with room for parsing and flushing); 64 MiB WAL segments; flush when the WAL
     * reaches 1 GiB or every 10 minutes.
     */
    public static SundialOptions defaults() {
        long head = Math.max(1 << 20, Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 4));
        return new SundialOptions(WalSyncMode.BATCH, head, 64L << 20, 1L << 30, 600_000, true);
    }

    public SundialOptions withWalSync(WalSyncMode m) {
        return new SundialOptions(m, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate);
    }

    public SundialOptions withHeadMaxBytes(long b) {
        return new SundialOptions(walSync, b, walSegmentBytes, walFlushBytes, flushIntervalMillis, autoCreate);
    }

    public SundialOptions withWalSegmentBytes(long b) {
        return new SundialOptions(walSync, headMaxBytes, b, walFlushBytes, flushIntervalMillis, autoCreate);
    }

    public SundialOptions withFlushIntervalMillis(long ms) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, ms, autoCreate);
    }

    public SundialOptions withAutoCreate(boolean b) {
        return new SundialOptions(walSync, headMaxBytes, walSegmentBytes, walFlushBytes, flushIntervalMillis, b);
    }
}
