package dev.sundial.flush;

import dev.sundial.codec.Compression;
import dev.sundial.head.ChunkCodec;
import dev.sundial.head.ChunkSizing;
import dev.sundial.head.Head;
import dev.sundial.head.PartitionRun;
import dev.sundial.head.RowFolding;
import dev.sundial.head.SealedChunk;
import dev.sundial.partition.TableStorage;
import dev.sundial.segment.SegmentInfo;
import dev.sundial.segment.SegmentWriter;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a frozen head of a table into one new segment per time partition it touches, then
 * publishes them through {@link TableStorage#publishFlush}. Chunks sealed in time order are copied
 * byte for byte; a series whose head chunks overlap (late or repeated writes) is decoded, folded
 * (upserts) and re-encoded.
 *
 * <p>Durability order: series registry fsync → segment files (each fsynced and renamed) → manifest
 * (atomic replace). Only after that may the WAL be checkpointed (by the caller).
 *
 * <p>Stateless; the caller serializes flushes of one table.
 */
public final class HeadFlusher {
    private HeadFlusher() {
    }

    /** Flushes {@code head} (frozen) of {@code table}; returns the segments written. */
    public static List<SegmentInfo> flush(TableStorage table, Head head) throws IOException {
        table.registry().persistPending();
        long[] partitions = head.partitionStarts();
        long firstId = table.reserveSegmentIds(partitions.length);
        ColumnType[] types = table.types();
        Compression compression = table.definition().options().compression();
        int bound = head.seriesBound();
        List<SegmentInfo> written = new ArrayList<>();
        for (int p = 0; p < partitions.length; p++) {
            long start = partitions[p];
            long id = firstId + p;
            // a rollup level's segments carry no chunk statistics (nothing reads them; see SegmentFormat.VERSION_NO_STATS)
            var file = table.layout().segmentFile(table.definition().id(), start, id);
            try (SegmentWriter w = table.layout().rollupLevel() != null
                    ? SegmentWriter.createWithoutStats(table.layout().fs(), file, table.definition().id(), start, id)
                    : SegmentWriter.create(table.layout().fs(), file, table.definition().id(), start, id)) {
                for (int s = 0; s < bound; s++) {
                    for (PartitionRun run : head.runs(s)) {
                        if (run.partitionStart() == start) {
                            for (SealedChunk c : chunksOf(run, types, compression)) {
                                w.addChunk(s, c);
                            }
                        }
                    }
                }
                if (!w.isEmpty()) {
                    written.add(w.finish());
                }
            }
        }
        table.publishFlush(head, written);
        return written;
    }

    /**
     * The run's rows as sorted, non-overlapping chunks. Sealed chunks already in order are kept as
     * they are (no re-encoding); unsealed rows that all come after them are encoded on their own.
     * Only when writes overlapped in time (late data, upserts) is the run decoded and folded.
     */
    static List<SealedChunk> chunksOf(PartitionRun run, ColumnType[] types, Compression compression) {
        List<SealedChunk> sealed = run.sealedChunks();
        ColumnBatch active = run.activeView();
        boolean ordered = true;
        for (int i = 1; i < sealed.size() && ordered; i++) {
            ordered = sealed.get(i - 1).maxTs() < sealed.get(i).minTs();
        }
        if (ordered && active == null) {
            return sealed;
        }
        if (ordered) {
            ColumnBatch tail = RowFolding.sortAndFold(active); // never mutates its input
            if (sealed.isEmpty() || tail.timestamps[0] > sealed.get(sealed.size() - 1).maxTs()) {
                List<SealedChunk> out = new ArrayList<>(sealed);
                encodeInto(out, tail, types, compression);
                return out;
            }
        }
        // Concatenate in write order (sealed chunks, then unsealed rows) and fold: later wins.
        int total = active == null ? 0 : active.size;
        for (SealedChunk c : sealed) {
            total += c.rowCount();
        }
        int[] ids = identity(types.length);
        ColumnBatch all = new ColumnBatch(ids, Math.max(total, 1));
        ColumnBatch tmp = new ColumnBatch(ids, ChunkSizing.MAX_ROWS_PER_CHUNK);
        for (SealedChunk c : sealed) {
            ChunkCodec.decode(c, tmp);
            append(all, tmp, types);
        }
        if (active != null) {
            append(all, active, types);
        }
        List<SealedChunk> out = new ArrayList<>();
        encodeInto(out, RowFolding.sortAndFold(all), types, compression);
        return out;
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    private static void encodeInto(List<SealedChunk> out, ColumnBatch rows, ColumnType[] types, Compression compression) {
        for (int from = 0; from < rows.size; from += ChunkSizing.MAX_ROWS_PER_CHUNK) {
            out.add(ChunkCodec.encode(rows, from, Math.min(rows.size, from + ChunkSizing.MAX_ROWS_PER_CHUNK), types, compression));
        }
    }

    /** Appends all rows of {@code src} to {@code dst} (same column ids). */
    public static void append(ColumnBatch dst, ColumnBatch src, ColumnType[] types) {
        appendRange(dst, src, 0, src.size, types);
    }

    /**
     * Appends rows [from, to) of {@code src} to {@code dst} (same column ids).
     *
     * @param types type of each value column of the table, indexed by column id
     */
    public static void appendRange(ColumnBatch dst, ColumnBatch src, int from, int to, ColumnType[] types) {
        int base = dst.size;
        int n = to - from;
        if (n <= 0) {
            return;
        }
        dst.ensureCapacity(base + n);
        System.arraycopy(src.timestamps, from, dst.timestamps, base, n);
        for (int c = 0; c < src.columns.length && c < dst.columns.length; c++) {
            var sv = src.columns[c];
            if (sv == null) {
                if (dst.columns[c] != null) {
                    dst.columns[c].ensureCapacity(base + n);
                    dst.columns[c].materializePresence(base);
                    java.util.Arrays.fill(dst.columns[c].present, base, base + n, false);
                }
                continue;
            }
            var dv = dst.vector(c, types[dst.columnIds[c]]);
            dv.ensureCapacity(base + n);
            for (int r = 0; r < n; r++) {
                dv.copyRow(sv, from + r, base + r);
            }
        }
        dst.size = base + n;
    }
}
