package dev.sundial.scan;

import dev.sundial.head.Head;
import dev.sundial.head.PartitionRun;
import dev.sundial.head.SealedChunk;
import dev.sundial.partition.TableStorage;
import dev.sundial.segment.ChunkMeta;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.TableDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * A consistent view of one table for one query: the segments live at the moment it was taken (each
 * retained, so no file is closed or deleted under the query) and the head data of the selected
 * series as read-only views. Taken under the table lock in one step, so a concurrent flush moves
 * rows from head to segments either wholly before or wholly after it.
 *
 * <p>Close it to release the segments. Not thread-safe; give each scanning thread its own merger.
 */
public final class TableSnapshot implements AutoCloseable {
    private final TableDefinition definition;
    private final List<SegmentReader> segments;
    private final Map<Integer, List<ChunkSource>> headSources;
    private final RoaringBitmap series;
    private final long from;
    private final long to;
    private final int segmentsTotal;
    private boolean closed;

    private TableSnapshot(TableDefinition definition, List<SegmentReader> segments, int segmentsTotal,
                          Map<Integer, List<ChunkSource>> headSources, RoaringBitmap series, long from, long to) {
        this.definition = definition;
        this.segments = segments;
        this.segmentsTotal = segmentsTotal;
        this.headSources = headSources;
        this.series = series;
        this.from = from;
        this.to = to;
    }

    /**
     * Takes a snapshot of {@code series} in [from, to). Partitions outside the range are pruned here.
     *
     * <p>Every read of a table goes through here, so this is where retention is enforced: the range
     * is clamped to start at the storage's {@link TableStorage#retentionCutoff() retention cutoff},
     * head rows and segment rows alike, and {@link #from()} reports the clamped start (a query that
     * answers aggregates from chunk statistics must use it, so a chunk straddling the cutoff is
     * decoded rather than counted whole). A range wholly past retention becomes empty
     * ({@code from == to}).
     */
    public static TableSnapshot take(TableStorage table, RoaringBitmap series, long from, long to) {
        long cutoff = table.retentionCutoff();
        if (from < cutoff) {
            from = cutoff;
            if (to < from) {
                to = from;
            }
        }
        table.lock().lock();
        try {
            TableDefinition def = table.definition();
            List<SegmentReader> all = table.segments().segments();
            List<SegmentReader> kept = new ArrayList<>();
            // each segment's own span: a compacted one may cover several partitions
            for (SegmentReader s : table.segments().overlapping(from, to)) {
                if (s.retain()) {
                    kept.add(s);
                }
            }
            kept.sort(Comparator.comparingLong(SegmentReader::segmentId));
            List<Head> heads = new ArrayList<>(table.frozenHeads());
            heads.add(table.liveHead());
            Map<Integer, List<ChunkSource>> hs = new HashMap<>();
            for (Head h : heads) {
                if (h.isEmpty() || h.maxTs() < from || h.minTs() >= to) {
                    continue;
                }
                var it = series.getIntIterator();
                while (it.hasNext()) {
                    int s = it.next();
                    for (PartitionRun run : h.runs(s)) {
                        if (run.partitionEnd() <= from || run.partitionStart() >= to || run.maxTs() < from || run.minTs() >= to) {
                            continue;
                        }
                        List<ChunkSource> list = hs.computeIfAbsent(s, k -> new ArrayList<>(4));
                        for (SealedChunk c : run.sealedChunks()) {
                            list.add(new HeadChunkSource(c));
                        }
                        ColumnBatch view = run.activeView();
                        if (view != null) {
                            list.add(new HeadRowsSource(view, run.minTs(), run.maxTs()));
                        }
                    }
                }
            }
            return new TableSnapshot(def, kept, all.size(), hs, series, from, to);
        } finally {
            table.lock().unlock();
        }
    }

    public TableDefinition definition() {
        return definition;
    }

    /** Series selected by the tag filter. */
    public RoaringBitmap series() {
        return series;
    }

    public long from() {
        return from;
    }

    public long to() {
        return to;
    }

    /** Segments kept after partition pruning. */
    public List<SegmentReader> segments() {
        return segments;
    }

    /** Segments of the table, before pruning (for EXPLAIN). */
    public int segmentsTotal() {
        return segmentsTotal;
    }

    /**
     * Sources of one series in precedence order (older segments first, head last), pruned by the
     * segment Bloom filters and by chunk time ranges.
     */
    public List<ChunkSource> sources(int seriesId) {
        return sources(seriesId, from, to);
    }

    /**
     * As {@link #sources(int)}, only for [rangeFrom, rangeTo) inside the snapshot's range: a rollup
     * query reads a few cells of a finer level at the edges of a long range, and listing every chunk of
     * the whole range for them took a third of its time. Chunks of a series in a segment are sorted and
     * disjoint, so the first one is found by binary search.
     */
    public List<ChunkSource> sources(int seriesId, long rangeFrom, long rangeTo) {
        long from = Math.max(this.from, rangeFrom);
        long to = Math.min(this.to, rangeTo);
        List<ChunkSource> out = new ArrayList<>();
        if (from >= to) {
            return out;
        }
        for (SegmentReader s : segments) {
            if (s.partitionStart() >= to || !s.mightContain(seriesId)) {
                continue;
            }
            List<ChunkMeta> chunks = s.chunks(seriesId);
            int lo = 0;
            int hi = chunks.size();
            while (lo < hi) { // first chunk ending at or after from
                int mid = (lo + hi) >>> 1;
                if (chunks.get(mid).maxTs() < from) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo; i < chunks.size() && chunks.get(i).minTs() < to; i++) {
                out.add(new SegmentChunkSource(s, chunks.get(i)));
            }
        }
        List<ChunkSource> head = headSources.get(seriesId);
        if (head != null) {
            for (ChunkSource c : head) {
                if (c.maxTs() >= from && c.minTs() < to) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (SegmentReader s : segments) {
            try {
                s.release();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
