package dev.sundial.tier;

import dev.sundial.codec.Compression;
import dev.sundial.flush.HeadFlusher;
import dev.sundial.head.ChunkCodec;
import dev.sundial.head.ChunkSizing;
import dev.sundial.head.RowFolding;
import dev.sundial.head.SealedChunk;
import dev.sundial.partition.TableStorage;
import dev.sundial.segment.ChunkMeta;
import dev.sundial.segment.SegmentInfo;
import dev.sundial.segment.SegmentReader;
import dev.sundial.segment.SegmentWriter;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * Moves one partition of a storage to the cold tier: all its segments are rewritten into one
 * version-2 segment (chunks zstd-compressed on top of the type codecs) that replaces them.
 *
 * <p>Protocol (crash-safe like a delete's rewrite): (1) under the flush lock, list the partition's
 * live segments (each retained) and reserve the new segment's id — after the listing, so any
 * segment flushed later has a higher id and keeps winning over the rows copied here;
 * (2) outside every lock, read and write the new file (temporary name, fsync, rename, directory
 * fsync); (3) under the flush lock, check that every listed segment is still live (a delete,
 * compaction or expiry may have replaced them meanwhile: then the new file is deleted and the
 * step reports it skipped) and replace them in one manifest write, the commit point. A crash before
 * the commit leaves the old segments and an unlisted new file (deleted on open); after it, the new
 * segment and unlisted old files. Queries holding the old segments finish on them; the files are
 * deleted when the last one releases them.
 *
 * <p>Every value is kept bit for bit: a chunk that overlaps no other chunk of its series keeps its
 * encoded bytes (only zstd is added); overlapping chunks (late data, upserts) are decoded, folded
 * with the later segment winning per field, exactly as a query folds them, and re-encoded with the
 * table's codecs. Stateless; one move per storage at a time (the caller's task runs one step at a time).
 */
public final class ColdRewrite {
    private ColdRewrite() {
    }

    /** Outcome of one move. */
    public record Result(boolean moved, int segmentsReplaced, long bytesBefore, long bytesAfter, long rows) {
        static Result skipped() {
            return new Result(false, 0, 0, 0, 0);
        }
    }

    /**
     * Rewrites the partition starting at {@code partitionStart} of {@code storage} cold.
     *
     * @param flushLock the lock every change of the storage's segment set is made under
     * @return what was done; {@code moved == false} when the partition is empty, already one cold
     *         segment, or was changed by another rewrite while this one ran
     */
    public static Result move(TableStorage storage, long partitionStart, Object flushLock) throws IOException {
        List<SegmentReader> segments = new ArrayList<>();
        long id;
        long end = Long.MIN_VALUE;
        synchronized (flushLock) {
            if (storage.isDropped()) {
                return Result.skipped();
            }
            for (var group : storage.segments().groups()) { // the group starting there: its segments move as one
                if (group.start() == partitionStart) {
                    end = group.end();
                    for (SegmentReader r : group.segments()) {
                        if (r.retain()) {
                            segments.add(r);
                        }
                    }
                }
            }
            segments.sort(java.util.Comparator.comparingLong(SegmentReader::segmentId));
            if (segments.isEmpty() || (segments.size() == 1 && segments.get(0).isCold())) {
                releaseAll(segments, null);
                return Result.skipped();
            }
            id = storage.reserveSegmentIds(1);
        }
        Result result;
        try {
            result = rewrite(storage, partitionStart, end, id, segments, flushLock);
        } catch (IOException | RuntimeException e) {
            releaseAll(segments, e);
            throw e;
        }
        IOException failure = releaseAll(segments, null);
        if (failure != null) {
            // committed already: the files left behind are unlisted and removed on the next open
            System.getLogger(ColdRewrite.class.getName()).log(System.Logger.Level.WARNING, "cannot release segments of table "
                    + storage.definition().name() + " after a tier move (removed on the next open): " + failure.getMessage(), failure);
        }
        return result;
    }

    private static Result rewrite(TableStorage storage, long partitionStart, long partitionEnd, long id,
                                  List<SegmentReader> segments, Object flushLock) throws IOException {
        int tableId = storage.definition().id();
        var fs = storage.layout().fs();
        SegmentInfo written;
        try (SegmentWriter w = SegmentWriter.createCold(fs, storage.layout().segmentFile(tableId, partitionStart, id), tableId,
                partitionStart, id)) {
            new Copier(storage.types(), storage.definition().options().compression()).copy(segments, w);
            if (w.isEmpty()) {
                return Result.skipped(); // segments without rows: nothing to move (close() drops the temp file)
            }
            written = w.finish();
        }
        long before = 0;
        for (SegmentReader r : segments) {
            before += r.sizeBytes();
        }
        synchronized (flushLock) {
            Set<SegmentReader> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            live.addAll(storage.segments().segments());
            if (storage.isDropped() || !live.containsAll(segments)) {
                // another rewrite (delete, compaction, expiry) replaced what was read: this copy is stale
                fs.deleteIfExists(written.file());
                return Result.skipped();
            }
            // On failure the manifest may or may not have been replaced on disk, so the new file
            // stays: whichever manifest the next open finds, it deletes the files it does not list.
            if (!storage.publishRewrite(segments, List.of(new TableStorage.RewriteOutput(written, partitionStart, partitionEnd)))) {
                fs.deleteIfExists(written.file());
                return Result.skipped();
            }
        }
        return new Result(true, segments.size(), before, written.bytes(), written.rows());
    }

    /** Releases every reader; failures are added to {@code primary}, or returned when it is null. */
    private static IOException releaseAll(List<SegmentReader> readers, Exception primary) {
        IOException first = null;
        for (SegmentReader r : readers) {
            try {
                r.release();
            } catch (IOException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }

    /** Copies the rows of a partition's segments, series by series, into one writer. Not thread-safe. */
    private static final class Copier {
        private final ColumnType[] types;
        private final Compression compression;
        private final int[] allColumns;
        private final ColumnBatch scratch;

        Copier(ColumnType[] types, Compression compression) {
            this.types = types;
            this.compression = compression;
            this.allColumns = new int[types.length];
            for (int i = 0; i < types.length; i++) {
                allColumns[i] = i;
            }
            this.scratch = new ColumnBatch(allColumns, ChunkSizing.MAX_ROWS_PER_CHUNK);
        }

        private record Piece(SegmentReader segment, ChunkMeta meta) {
        }

        void copy(List<SegmentReader> segments, SegmentWriter out) throws IOException {
            RoaringBitmap present = new RoaringBitmap();
            for (SegmentReader seg : segments) {
                present.add(seg.seriesIds());
            }
            var it = present.getIntIterator();
            while (it.hasNext()) {
                int s = it.next();
                List<Piece> precedence = new ArrayList<>();
                for (SegmentReader seg : segments) {
                    for (ChunkMeta m : seg.chunks(s)) {
                        precedence.add(new Piece(seg, m));
                    }
                }
                List<Piece> byTime = new ArrayList<>(precedence);
                byTime.sort(Comparator.comparingLong(p -> p.meta().minTs()));
                boolean disjoint = true;
                for (int i = 1; i < byTime.size() && disjoint; i++) {
                    disjoint = byTime.get(i - 1).meta().maxTs() < byTime.get(i).meta().minTs();
                }
                if (disjoint) {
                    for (Piece p : byTime) {
                        out.addChunk(s, p.segment().readChunk(p.meta())); // bytes and statistics as they are
                    }
                } else {
                    fold(s, precedence, out);
                }
            }
        }

        /** Overlapping chunks: decode in precedence order, fold (later wins per field), re-encode. */
        private void fold(int seriesId, List<Piece> precedence, SegmentWriter out) throws IOException {
            ColumnBatch all = new ColumnBatch(allColumns, ChunkSizing.MAX_ROWS_PER_CHUNK);
            for (Piece p : precedence) {
                SealedChunk c = p.segment().readChunk(p.meta());
                try {
                    ChunkCodec.decode(c, scratch);
                } catch (RuntimeException e) {
                    throw new dev.sundial.fs.CorruptFileException(p.segment().file(), p.meta().offset(),
                            "chunk does not decode: " + e.getMessage());
                }
                HeadFlusher.append(all, scratch, types);
            }
            ColumnBatch rows = RowFolding.sortAndFold(all);
            for (int i = 0; i < rows.size; i += ChunkSizing.MAX_ROWS_PER_CHUNK) {
                out.addChunk(seriesId, ChunkCodec.encode(rows, i, Math.min(rows.size, i + ChunkSizing.MAX_ROWS_PER_CHUNK), types,
                        compression));
            }
        }
    }
}
