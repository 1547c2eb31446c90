package dev.sundial.rollup;

import dev.sundial.partition.TableStorage;
import dev.sundial.table.Interval;
import dev.sundial.table.PartitionGranularity;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One rollup level of a table: its bucket width and its storage (a table of its own as far as files
 * go, see {@link TableStorage#openLevel}). The storage is opened on first use — by the first build
 * step, or by a query, statistics, check or maintenance once the level holds cells — so that a
 * database of thousands of small tables does not hold four more storages per table from the start
 * (measured: a 1,000-table import ran out of a 32 MiB heap when every level was opened with its table).
 *
 * <p>Thread-safe.
 */
public final class RollupLevel {
    /** Opens the storage of a level (reads or creates its manifest). */
    @FunctionalInterface
    interface Opener {
        TableStorage open(RollupLevel level) throws IOException;
    }

    private final int index;
    private final Interval width;
    private final Opener opener;
    private TableStorage storage;
    private boolean closed;

    RollupLevel(int index, Interval width, Opener opener) {
        this.index = index;
        this.width = width;
        this.opener = opener;
    }

    /** Position in the table's ladder, finest first. */
    public int index() {
        return index;
    }

    /** Bucket width (fixed, no months), dividing the next level's. */
    public Interval width() {
        return width;
    }

    public long nanos() {
        return width.nanos();
    }

    public String name() {
        return width.toString();
    }

    /**
     * The level's storage, opened now when it was not yet.
     *
     * @throws UncheckedIOException the level's files cannot be opened
     * @throws IllegalStateException the level was closed (its table dropped or its ladder changed)
     */
    public synchronized TableStorage storage() {
        if (closed) {
            throw new IllegalStateException("cannot use rollup level " + name() + ": it was closed");
        }
        if (storage == null) {
            try {
                storage = opener.open(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open rollup level " + name() + ": " + e.getMessage(), e);
            }
        }
        return storage;
    }

    /** The storage when it is open, else null (nothing of the level was needed yet). */
    public synchronized TableStorage storageIfOpen() {
        return storage;
    }

    synchronized void close() throws IOException {
        closed = true;
        if (storage != null) {
            storage.close();
        }
    }

    /**
     * Partition size of a level: about a thousand buckets or more per series and partition, so that
     * a partition's fixed cost (segment header, index, manifest entry) stays small against its cells:
     * 1m → DAY (1,440), 5m → WEEK (2,016), coarser → MONTH (1h: 720, 1d: 30 — months are the coarsest).
     */
    public static PartitionGranularity partitionFor(Interval width) {
        long n = width.nanos();
        if (n < 5L * 60 * Interval.NANOS_PER_SECOND) {
            return PartitionGranularity.DAY;
        }
        if (n < 3600L * Interval.NANOS_PER_SECOND) {
            return PartitionGranularity.WEEK;
        }
        return PartitionGranularity.MONTH;
    }
}
