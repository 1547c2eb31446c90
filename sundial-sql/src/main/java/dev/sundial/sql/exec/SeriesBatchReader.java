package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.index.SeriesKey;
import dev.sundial.scan.ChunkSource;
import dev.sundial.scan.SeriesMerger;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.PartitionGranularity;
import dev.sundial.table.TableSchema;
import dev.sundial.table.ValueVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one series' rows from its sources into batches of the table layout — one per chunk when
 * chunks do not overlap, else one per time partition (so one huge series never has to fit in memory
 * at once) — with the row filter applied.
 * Value vectors are shared with the decoded chunk, not copied, unless they have NULLs (the storage
 * keeps a presence mask, operators a null mask).
 *
 * <p>Not thread-safe: one per worker thread (it owns a {@link SeriesMerger}).
 */
final class SeriesBatchReader {
    private final ScanSpec spec;
    private final SeriesMerger merger;
    private final PartitionGranularity partitions;
    private final int tagCount;
    private final int slotCount;
    long rowsRead;
    long chunksRead;

    private final boolean transientBatches;

    /**
     * @param transientBatches the sink uses each batch only during its call (aggregation): the reader
     *                         then reuses its decode buffers instead of allocating per chunk
     */
    SeriesBatchReader(ScanSpec spec, boolean transientBatches) {
        this.spec = spec;
        this.transientBatches = transientBatches;
        TableSchema schema = spec.table().schema();
        ColumnType[] types = new ColumnType[spec.valueColumns().length];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.value(spec.valueColumns()[i]).type();
        }
        this.merger = new SeriesMerger(spec.valueColumns(), types);
        this.partitions = spec.snapshot().definition().options().partitionBy();
        this.tagCount = schema.tagCount();
        this.slotCount = spec.slotCount();
    }

    /** Reads {@code sources} of series {@code key} in [from, to), handing each non-empty filtered batch to {@code sink}. */
    void read(SeriesKey key, List<ChunkSource> sources, long from, long to, Consumer<Batch> sink) {
        if (sources.isEmpty()) {
            return;
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (ChunkSource s : sources) {
            lo = Math.min(lo, s.minTs());
            hi = Math.max(hi, s.maxTs());
        }
        chunksRead += sources.size();
        long start = Math.max(from, lo);
        long end = hi == Long.MAX_VALUE ? to : Math.min(to, hi + 1);
        Vec[] tags = tagVectors(key);
        // Non-overlapping sources stream chunk by chunk anyway; only overlapping ones are merged one
        // partition at a time. (A chunk of a compacted segment may span many partitions: cutting the
        // range per partition would decode it once per partition.)
        boolean disjoint = disjoint(sources);
        long p = disjoint ? start : partitions.partitionStart(start);
        while (p < end) {
            long pe = disjoint ? end : partitions.partitionEnd(p);
            try {
                merger.readEach(sources, Math.max(start, p), Math.min(end, pe), transientBatches, cb -> {
                    rowsRead += cb.size;
                    Batch b = filter(toBatch(cb, tags));
                    if (b.size > 0) {
                        sink.accept(b);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read series " + key + " of table " + spec.table().name() + ": " + e.getMessage(), e);
            }
            if (pe <= p) {
                break;
            }
            p = pe;
        }
    }

    /**
     * Whether the sources, in the order given, ascend in time without overlap (the usual case:
     * segments in id order are in time order). Allocation-free; sources out of order answer false,
     * which only costs the per-partition reading.
     */
    private static boolean disjoint(List<ChunkSource> sources) {
        for (int i = 1; i < sources.size(); i++) {
            if (sources.get(i - 1).maxTs() >= sources.get(i).minTs()) {
                return false;
            }
        }
        return true;
    }

    Vec[] tagVectors(SeriesKey key) {
        Vec[] tags = new Vec[tagCount];
        for (int t = 0; t < tagCount; t++) {
            tags[t] = Vec.constant(SqlType.VARCHAR, t < key.length() ? key.tag(t) : null);
        }
        return tags;
    }

    /** A batch of the table layout with only the timestamps and tags set: the keys of {@code n} rollup cells of one series. */
    Batch keyRows(Vec[] tags, long[] ts, int n) {
        Vec[] cols = new Vec[slotCount];
        cols[0] = Vec.ofLongs(SqlType.TIMESTAMP, ts, null);
        System.arraycopy(tags, 0, cols, 1, tagCount);
        return new Batch(n, cols);
    }

    /** A one-row batch of the table layout with only the timestamp and tags set (for keys of a whole chunk). */
    Batch keyRow(Vec[] tags, long ts) {
        Vec[] cols = new Vec[slotCount];
        cols[0] = Vec.ofLongs(SqlType.TIMESTAMP, new long[] {ts}, null);
        System.arraycopy(tags, 0, cols, 1, tagCount);
        return new Batch(1, cols);
    }

    private Batch toBatch(ColumnBatch cb, Vec[] tags) {
        Vec[] cols = new Vec[slotCount];
        cols[0] = Vec.ofLongs(SqlType.TIMESTAMP, cb.timestamps, null);
        System.arraycopy(tags, 0, cols, 1, tagCount);
        int[] ids = spec.valueColumns();
        for (int i = 0; i < ids.length; i++) {
            cols[1 + tagCount + ids[i]] = toVec(cb.columns[i], cb.size, spec.table().schema().value(ids[i]).type());
        }
        return new Batch(cb.size, cols);
    }

    private static Vec toVec(ValueVector v, int n, ColumnType type) {
        if (v == null) {
            boolean[] all = new boolean[Math.max(n, 1)];
            java.util.Arrays.fill(all, true);
            Vec e = Vec.allocate(sqlType(type), n);
            e.nulls = all;
            return e;
        }
        boolean[] nulls = null;
        if (v.present != null) {
            nulls = new boolean[Math.max(n, 1)];
            boolean any = false;
            for (int r = 0; r < n; r++) {
                nulls[r] = !v.present[r];
                any |= nulls[r];
            }
            if (!any) {
                nulls = null;
            }
        }
        return switch (type) {
            case DOUBLE -> Vec.ofDoubles(v.doubles, nulls);
            case BIGINT -> Vec.ofLongs(SqlType.BIGINT, v.longs, nulls);
            case BOOLEAN -> Vec.ofBools(v.booleans, nulls);
            case VARCHAR -> Vec.ofStrings(v.strings, nulls);
        };
    }

    static SqlType sqlType(ColumnType t) {
        return switch (t) {
            case DOUBLE -> SqlType.DOUBLE;
            case BIGINT -> SqlType.BIGINT;
            case BOOLEAN -> SqlType.BOOLEAN;
            case VARCHAR -> SqlType.VARCHAR;
        };
    }

    private Batch filter(Batch b) {
        Eval f = spec.rowFilter();
        return f == null ? b : Filters.apply(f, b);
    }
}
