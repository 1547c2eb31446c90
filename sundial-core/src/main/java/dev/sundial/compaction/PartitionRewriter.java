package dev.sundial.compaction;

import dev.sundial.codec.Compression;
import dev.sundial.flush.HeadFlusher;
import dev.sundial.head.ChunkCodec;
import dev.sundial.head.ChunkSizing;
import dev.sundial.head.RowFolding;
import dev.sundial.head.SealedChunk;
import dev.sundial.scan.SeriesMerger;
import dev.sundial.segment.ChunkMeta;
import dev.sundial.segment.SegmentReader;
import dev.sundial.segment.SegmentWriter;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Rewrites all segments of one partition group (one partition, or segments a compaction merged
 * over several) into one segment, leaving out the rows of chosen series whose timestamp lies in
 * [from, to) (none, for a compaction). Upserts are resolved on the way: when a series' chunks of
 * different segments overlap in time, they are decoded in precedence order (lower segment id
 * first), folded (later wins per field) and re-encoded, exactly as a query would merge them; so the
 * new segment answers every query as the old ones did, minus the deleted rows.
 *
 * <p>Cost: a chunk that keeps all its rows and overlaps no other chunk of its series is copied byte
 * for byte (statistics included); a chunk wholly inside the deleted range is dropped without being
 * read; only chunks cut by the range, or overlapping others, are decoded and re-encoded. One
 * series is held in memory at a time: memory is bounded by one series' chunks of the group (only
 * overlapping ones are decoded together; {@link #peakRowsHeld()} reports the most rows held at once).
 *
 * <p>With {@code coalesce} (compaction), runs of adjacent small chunks of a series — one per flush
 * or per partition of sparse data — are decoded and re-encoded as chunks of up to
 * {@link ChunkSizing#MAX_ROWS_PER_CHUNK} rows, since each chunk costs its index entry and its
 * codecs' headers. With a {@link IoRateLimiter}, each chunk written waits for its bytes' tokens.
 *
 * <p>Not thread-safe; one rewrite of a group at a time (the caller holds the flush lock, or commits
 * under it and checks that the group did not change).
 */
final class PartitionRewriter {
    private final ColumnType[] types;
    private final Compression compression;
    private final int[] allColumns;
    private final ColumnBatch scratch;
    private final boolean coalesce;
    private final IoRateLimiter limiter;
    /** Rows per chunk written: {@link ChunkSizing#MAX_ROWS_PER_CHUNK}, or a rollup level's cells per chunk. */
    private final int chunkRows;
    /** Rows of the series being coalesced, not yet written (coalesce mode). */
    private ColumnBatch pending;
    private long peakRowsHeld;

    /** A chunk of fewer rows than this is coalesced with its neighbours (coalesce mode), for raw tables; levels use half their chunk size. */
    static final int SMALL_CHUNK_ROWS = ChunkSizing.MAX_ROWS_PER_CHUNK / 2;

    /**
     * @param types       the table's value column types, by column id (columns only grow, so
     *                    every chunk's columns are among them)
     * @param compression the table's codec choice, for re-encoded chunks
     */
    PartitionRewriter(ColumnType[] types, Compression compression) {
        this(types, compression, false, IoRateLimiter.UNLIMITED);
    }

    /**
     * @param coalesce merge runs of small chunks into full ones
     * @param limiter  bounds the bytes written per second
     */
    PartitionRewriter(ColumnType[] types, Compression compression, boolean coalesce, IoRateLimiter limiter) {
        this(types, compression, coalesce, limiter, ChunkSizing.MAX_ROWS_PER_CHUNK);
    }

    /** @param chunkRows rows per chunk written ({@link ChunkSizing#LEVEL_CELLS_PER_CHUNK} for rollup levels) */
    PartitionRewriter(ColumnType[] types, Compression compression, boolean coalesce, IoRateLimiter limiter, int chunkRows) {
        this.chunkRows = chunkRows;
        this.types = types;
        this.compression = compression;
        this.coalesce = coalesce;
        this.limiter = limiter;
        this.allColumns = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            allColumns[i] = i;
        }
        this.scratch = new ColumnBatch(allColumns, ChunkSizing.MAX_ROWS_PER_CHUNK);
    }

    /** The most decoded rows this rewriter held at once (one series' overlapping chunks, or a coalescing run). */
    long peakRowsHeld() {
        return peakRowsHeld;
    }

    private void held(long rows) {
        peakRowsHeld = Math.max(peakRowsHeld, rows);
    }

    /** A chunk and the segment it lives in. */
    private record Piece(SegmentReader segment, ChunkMeta meta) {
        long minTs() {
            return meta.minTs();
        }
    }

    /**
     * Whether any chunk of {@code series} in {@code segments} may hold a row in [from, to): the
     * cheap test (segment indexes only) that spares partitions a delete cannot touch.
     */
    static boolean mayHoldRows(List<SegmentReader> segments, RoaringBitmap series, long from, long to) {
        for (SegmentReader seg : segments) {
            for (int s : seg.seriesIds()) {
                if (!series.contains(s)) {
                    continue;
                }
                for (ChunkMeta m : seg.chunks(s)) {
                    if (m.maxTs() >= from && m.minTs() < to) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Writes the rows of {@code segments} (one partition group, sorted by segment id) into {@code out},
     * without the rows of {@code series} in [from, to). Returns the number of rows left out
     * (distinct series × timestamp, as queries count them).
     */
    long rewrite(List<SegmentReader> segments, SegmentWriter out, RoaringBitmap series, long from, long to) throws IOException {
        RoaringBitmap present = new RoaringBitmap();
        for (SegmentReader seg : segments) {
            present.add(seg.seriesIds());
        }
        long deleted = 0;
        var it = present.getIntIterator();
        while (it.hasNext()) {
            int s = it.next();
            List<Piece> pieces = new ArrayList<>();
            for (SegmentReader seg : segments) {
                for (ChunkMeta m : seg.chunks(s)) {
                    pieces.add(new Piece(seg, m));
                }
            }
            boolean deleting = series.contains(s);
            List<Piece> byTime = new ArrayList<>(pieces);
            byTime.sort(Comparator.comparingLong(Piece::minTs));
            boolean disjoint = true;
            for (int i = 1; i < byTime.size() && disjoint; i++) {
                disjoint = byTime.get(i - 1).meta().maxTs() < byTime.get(i).meta().minTs();
            }
            if (disjoint) {
                deleted += copyDisjoint(s, byTime, out, deleting, from, to);
            } else {
                deleted += mergeOverlapping(s, pieces, out, deleting, from, to);
            }
        }
        return deleted;
    }

    /**
     * Chunks that do not overlap: each is copied, dropped, or cut on its own; in coalesce mode,
     * small ones (and what is left of cut ones) gather into full chunks.
     */
    private long copyDisjoint(int seriesId, List<Piece> byTime, SegmentWriter out, boolean deleting, long from, long to)
            throws IOException {
        long deleted = 0;
        pending = null;
        for (Piece p : byTime) {
            ChunkMeta m = p.meta();
            if (!deleting || m.maxTs() < from || m.minTs() >= to) {
                if (coalesce && m.rowCount() < chunkRows / 2) {
                    decode(p, scratch);
                    gather(out, seriesId, scratch);
                } else {
                    writePending(out, seriesId);
                    write(out, seriesId, p.segment().readChunk(m)); // bytes and statistics as they are
                }
            } else if (m.minTs() >= from && m.maxTs() < to) {
                deleted += m.rowCount(); // wholly deleted: not even read
            } else {
                SealedChunk c = decode(p, scratch);
                int a = SeriesMerger.lowerBound(scratch.timestamps, scratch.size, from);
                int b = SeriesMerger.lowerBound(scratch.timestamps, scratch.size, to);
                deleted += b - a;
                if (coalesce && scratch.size - (b - a) < chunkRows / 2) {
                    gather(out, seriesId, withoutRange(scratch, a, b));
                } else if (a == b) {
                    writePending(out, seriesId);
                    write(out, seriesId, c); // the range falls between two of its rows: keep it as it is
                } else {
                    writePending(out, seriesId);
                    encodeInto(out, seriesId, withoutRange(scratch, a, b));
                }
            }
        }
        writePending(out, seriesId);
        return deleted;
    }

    /** Adds sorted rows after those pending, writing full chunks as they fill. */
    private void gather(SegmentWriter out, int seriesId, ColumnBatch rows) throws IOException {
        if (rows.size == 0) {
            return;
        }
        if (pending != null && pending.size + rows.size > chunkRows) {
            writePending(out, seriesId);
        }
        if (pending == null) {
            pending = new ColumnBatch(allColumns, chunkRows);
        }
        HeadFlusher.append(pending, rows, types);
        held(pending.size);
    }

    private void writePending(SegmentWriter out, int seriesId) throws IOException {
        if (pending != null && pending.size > 0) {
            encodeInto(out, seriesId, pending);
        }
        pending = null;
    }

    private void write(SegmentWriter out, int seriesId, SealedChunk c) throws IOException {
        out.addChunk(seriesId, c);
        limiter.acquire(c.encodedBytes());
    }

    /** Chunks that overlap (late writes, upserts across segments): decode, fold, cut, re-encode. */
    private long mergeOverlapping(int seriesId, List<Piece> precedence, SegmentWriter out, boolean deleting, long from, long to)
            throws IOException {
        ColumnBatch all = new ColumnBatch(allColumns, ChunkSizing.MAX_ROWS_PER_CHUNK);
        for (Piece p : precedence) {
            decode(p, scratch);
            HeadFlusher.append(all, scratch, types);
        }
        held(all.size);
        ColumnBatch folded = RowFolding.sortAndFold(all);
        long deleted = 0;
        if (deleting) {
            int a = SeriesMerger.lowerBound(folded.timestamps, folded.size, from);
            int b = SeriesMerger.lowerBound(folded.timestamps, folded.size, to);
            deleted = b - a;
            folded = withoutRange(folded, a, b);
        }
        encodeInto(out, seriesId, folded);
        return deleted;
    }

    /** Reads (checking its CRC) and decodes a chunk into {@code into}; returns the chunk as read. */
    private static SealedChunk decode(Piece p, ColumnBatch into) throws IOException {
        SealedChunk c = p.segment().readChunk(p.meta());
        try {
            ChunkCodec.decode(c, into);
            return c;
        } catch (RuntimeException e) {
            throw new dev.sundial.fs.CorruptFileException(p.segment().file(), p.meta().offset(), "chunk does not decode: " + e.getMessage());
        }
    }

    /** Rows [0, a) and [b, size) of a sorted batch, as a new batch (or the batch itself when nothing is cut). */
    private ColumnBatch withoutRange(ColumnBatch in, int a, int b) {
        if (a >= b) {
            return in;
        }
        ColumnBatch kept = new ColumnBatch(allColumns, Math.max(in.size - (b - a), 1));
        HeadFlusher.appendRange(kept, in, 0, a, types);
        HeadFlusher.appendRange(kept, in, b, in.size, types);
        return kept;
    }

    private void encodeInto(SegmentWriter out, int seriesId, ColumnBatch rows) throws IOException {
        for (int i = 0; i < rows.size; i += chunkRows) {
            write(out, seriesId, ChunkCodec.encode(rows, i, Math.min(rows.size, i + chunkRows), types, compression));
        }
    }

}
