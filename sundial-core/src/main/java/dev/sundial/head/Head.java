package dev.sundial.head;

import dev.sundial.codec.Compression;
import dev.sundial.table.ColumnType;
import dev.sundial.table.PartitionGranularity;
import dev.sundial.table.ValueVector;
import java.util.Arrays;
import java.util.List;

/**
 * The in-memory head of one table: per series, per time partition, a {@link PartitionRun}. Rows are
 * appended in write order and sealed into compressed chunks every
 * {@link ChunkSizing#MAX_ROWS_PER_CHUNK} rows. A head is either live (written) or frozen (handed to
 * the flusher, read-only); readers read both.
 *
 * <p>Not thread-safe: the owning table serializes writers and snapshotting readers with its lock.
 */
public final class Head {
    private PartitionRun[][] runs = new PartitionRun[64][];
    private final PartitionGranularity granularity;
    private long estimatedBytes;
    private long rows;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;
    private long lastWalSequence = -1;
    /** Series with at least one run. */
    private int series;
    /**
     * Distinct partition starts of the runs, sorted: kept as runs are created (once per series and
     * partition, not per row) so that {@link #partitionStarts()} — read under the table lock by
     * statistics and {@code /metrics} — costs the few partitions, not a walk over every series.
     */
    private long[] partitions = new long[0];

    /** Rows at which a run's active chunk is sealed. */
    private final int maxRowsPerChunk;

    public Head(PartitionGranularity granularity) {
        this(granularity, ChunkSizing.MAX_ROWS_PER_CHUNK);
    }

    /** A head sealing chunks of at most {@code maxRowsPerChunk} rows (rollup levels use small chunks: see LevelsBuilder). */
    public Head(PartitionGranularity granularity, int maxRowsPerChunk) {
        if (maxRowsPerChunk < 1 || maxRowsPerChunk > ChunkSizing.MAX_ROWS_PER_CHUNK) {
            throw new IllegalArgumentException("BUG: chunk size " + maxRowsPerChunk);
        }
        this.granularity = granularity;
        this.maxRowsPerChunk = maxRowsPerChunk;
    }

    /** Where the next row of a series goes; callers then fill values through the returned writer. */
    public RowWriter appendRow(int seriesId, long ts, ColumnType[] types, Compression compression) {
        PartitionRun run = run(seriesId, ts);
        if (run.active == null) {
            run.active = new MutableChunk(types.length);
        } else if (run.active.size() >= maxRowsPerChunk) {
            estimatedBytes += run.seal(types, compression);
            run.active = new MutableChunk(types.length);
        }
        long before = run.active.estimatedBytes();
        int row = run.active.appendRow(ts, types.length);
        estimatedBytes += run.active.estimatedBytes() - before;
        run.minTs = Math.min(run.minTs, ts);
        run.maxTs = Math.max(run.maxTs, ts);
        minTs = Math.min(minTs, ts);
        maxTs = Math.max(maxTs, ts);
        rows++;
        writer.chunk = run.active;
        writer.row = row;
        writer.types = types;
        return writer;
    }

    private final RowWriter writer = new RowWriter();

    /** Sets the values of the row just appended. Reused; valid until the next {@link #appendRow}. */
    public static final class RowWriter {
        MutableChunk chunk;
        int row;
        ColumnType[] types;

        public void setDouble(int column, double v) {
            ValueVector vec = chunk.column(column, types[column]);
            vec.doubles[row] = v;
            vec.present[row] = true;
        }

        public void setLong(int column, long v) {
            ValueVector vec = chunk.column(column, types[column]);
            vec.longs[row] = v;
            vec.present[row] = true;
        }

        public void setBoolean(int column, boolean v) {
            ValueVector vec = chunk.column(column, types[column]);
            vec.booleans[row] = v;
            vec.present[row] = true;
        }

        public void setString(int column, String v) {
            ValueVector vec = chunk.column(column, types[column]);
            vec.strings[row] = v;
            vec.present[row] = true;
        }
    }

    private PartitionRun run(int seriesId, long ts) {
        if (seriesId >= runs.length) {
            runs = Arrays.copyOf(runs, Math.max(seriesId + 1, runs.length * 2));
        }
        PartitionRun[] list = runs[seriesId];
        if (list != null) {
            // the newest partition first: almost every write goes there
            for (int i = list.length - 1; i >= 0; i--) {
                PartitionRun r = list[i];
                if (ts >= r.partitionStart && ts < r.partitionEnd) {
                    return r;
                }
            }
        }
        long start = granularity.partitionStart(ts);
        PartitionRun r = new PartitionRun(start, granularity.partitionEnd(start));
        runs[seriesId] = list == null ? new PartitionRun[] {r} : append(list, r);
        estimatedBytes += 96;
        if (list == null) {
            series++;
        }
        notePartition(start);
        return r;
    }

    private void notePartition(long start) {
        int i = Arrays.binarySearch(partitions, start);
        if (i < 0) {
            int at = -i - 1;
            long[] p = new long[partitions.length + 1];
            System.arraycopy(partitions, 0, p, 0, at);
            p[at] = start;
            System.arraycopy(partitions, at, p, at + 1, partitions.length - at);
            partitions = p;
        }
    }

    private static PartitionRun[] append(PartitionRun[] a, PartitionRun r) {
        PartitionRun[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = r;
        return b;
    }

    /**
     * Whether the head holds a row of {@code seriesId} at {@code ts} (sealed or not yet), looking
     * only at the run of ts's partition and the chunks whose time range covers it. For counting the
     * rows a write replaces; under the table lock.
     */
    public boolean holds(int seriesId, long ts, ChunkTimestamps cache) {
        if (seriesId >= runs.length || runs[seriesId] == null) {
            return false;
        }
        for (PartitionRun r : runs[seriesId]) {
            if (ts >= r.partitionStart && ts < r.partitionEnd) {
                return ts >= r.minTs && ts <= r.maxTs && r.holds(ts, cache);
            }
        }
        return false;
    }

    /**
     * Calls {@code sink} with each series' smallest and largest timestamp in this head (for the
     * bounds {@code ReplacedRows} starts from).
     */
    public void seriesRanges(SeriesRange sink) {
        for (int s = 0; s < runs.length; s++) {
            PartitionRun[] list = runs[s];
            if (list != null) {
                for (PartitionRun r : list) {
                    if (r.minTs <= r.maxTs) {
                        sink.accept(s, r.minTs, r.maxTs);
                    }
                }
            }
        }
    }

    /** Receives a series' time range. */
    @FunctionalInterface
    public interface SeriesRange {
        void accept(int seriesId, long minTs, long maxTs);
    }

    /** Seals every mutable chunk (called when the head is frozen for a flush). */
    public void sealAll(ColumnType[] types, Compression compression) {
        for (PartitionRun[] list : runs) {
            if (list != null) {
                for (PartitionRun r : list) {
                    estimatedBytes += r.seal(types, compression);
                }
            }
        }
    }

    /** Runs of one series (empty when it has none); the array is a copy. */
    public List<PartitionRun> runs(int seriesId) {
        if (seriesId >= runs.length || runs[seriesId] == null) {
            return List.of();
        }
        return List.of(runs[seriesId]);
    }

    /** Highest series id with data, plus one. */
    public int seriesBound() {
        for (int i = runs.length - 1; i >= 0; i--) {
            if (runs[i] != null) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Distinct partition starts held, sorted (a copy). */
    public long[] partitionStarts() {
        return partitions.clone();
    }

    /** Series holding rows. */
    public int seriesCount() {
        return series;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    public long estimatedBytes() {
        return estimatedBytes;
    }

    /** Rows appended (before upsert folding). */
    public long rows() {
        return rows;
    }

    public long minTs() {
        return minTs;
    }

    public long maxTs() {
        return maxTs;
    }

    /** Highest WAL sequence whose rows are in this head (or -1). */
    public long lastWalSequence() {
        return lastWalSequence;
    }

    /** Marks the head frozen at WAL sequence {@code seq} (see TableStorage.freeze). */
    public void freezeAt(long seq) {
        frozenAtSequence = seq;
    }

    public long frozenAtSequence() {
        return frozenAtSequence;
    }

    private long frozenAtSequence = -1;

    public void noteWalSequence(long seq) {
        lastWalSequence = Math.max(lastWalSequence, seq);
    }
}
