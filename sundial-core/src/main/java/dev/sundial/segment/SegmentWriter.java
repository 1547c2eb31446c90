package dev.sundial.segment;

import dev.sundial.bytes.GrowableBytes;
import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import dev.sundial.head.ColumnBlock;
import dev.sundial.head.ColumnStats;
import dev.sundial.head.SealedChunk;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes one immutable segment file: chunks grouped by series (ascending id), then time, followed by
 * the index and the footer. The file is written under a temporary name and published by
 * {@link #finish()} (fsync, atomic rename, directory fsync), so a crash never leaves a partial
 * segment under its final name.
 *
 * <p>Not thread-safe; one writer per file.
 */
public final class SegmentWriter implements AutoCloseable {
    private final FileLayer fs;
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private final CRC32C fileCrc = new CRC32C();
    private final CRC32C chunkCrc = new CRC32C();
    private final long segmentId;
    /** {@link SegmentFormat#VERSION} (warm) or {@link SegmentFormat#VERSION_COLD} (zstd-compressed chunks). */
    private final int version;
    /** Chunk parts of a cold chunk, gathered for compression. */
    private final GrowableBytes coldParts;
    private long position;
    private final GrowableBytes seriesIndex = new GrowableBytes(4096);
    private int seriesCount;
    private int[] seriesIds = new int[64];
    private int currentSeries = -1;
    private int currentChunkCount;
    private final GrowableBytes currentChunks = new GrowableBytes(1024);
    private long lastMaxTs;
    private long rows;
    private long points;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;
    private boolean done;

    private SegmentWriter(FileLayer fs, Path target, long segmentId, int version) throws IOException {
        this.fs = fs;
        this.target = target;
        this.segmentId = segmentId;
        this.version = version;
        this.coldParts = version == SegmentFormat.VERSION_COLD ? new GrowableBytes(1 << 16) : null;
        this.temp = target.resolveSibling(target.getFileName() + DataDirectoryLayout.TEMP_SUFFIX);
        // durably: a partition directory that vanished in a power cut would take its published segments along
        fs.createDirectoriesDurably(target.getParent());
        this.out = new BufferedOutputStream(fs.newOutputStream(temp), 1 << 16);
    }

    /** Starts a (warm, version 1) segment that will be published at {@code target}. */
    public static SegmentWriter create(FileLayer fs, Path target, int tableId, long partitionStart, long segmentId) throws IOException {
        return create(fs, target, tableId, partitionStart, segmentId, SegmentFormat.VERSION);
    }

    /** Starts a rollup-level (version 3) segment: version 1 chunks, an index without block statistics. */
    public static SegmentWriter createWithoutStats(FileLayer fs, Path target, int tableId, long partitionStart, long segmentId)
            throws IOException {
        return create(fs, target, tableId, partitionStart, segmentId, SegmentFormat.VERSION_NO_STATS);
    }

    /** Starts a cold (version 2) segment: every chunk is zstd-compressed on top of its type codecs. */
    public static SegmentWriter createCold(FileLayer fs, Path target, int tableId, long partitionStart, long segmentId)
            throws IOException {
        return create(fs, target, tableId, partitionStart, segmentId, SegmentFormat.VERSION_COLD);
    }

    private static SegmentWriter create(FileLayer fs, Path target, int tableId, long partitionStart, long segmentId, int version)
            throws IOException {
        SegmentWriter w = new SegmentWriter(fs, target, segmentId, version);
        GrowableBytes h = new GrowableBytes(SegmentFormat.HEADER_BYTES);
        h.putInt(SegmentFormat.MAGIC).putInt(version).putInt(tableId).putLong(partitionStart).putLong(segmentId);
        CRC32C c = new CRC32C();
        c.update(h.array(), 0, h.size());
        h.putInt((int) c.getValue());
        w.write(h.array(), 0, h.size());
        return w;
    }

    private void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        fileCrc.update(b, off, len);
        position += len;
    }

    /**
     * Appends a chunk of a series. Series come in ascending id order; the chunks of one series in
     * ascending time order without overlap.
     */
    public void addChunk(int seriesId, SealedChunk chunk) throws IOException {
        if (seriesId < currentSeries) {
            throw new IllegalStateException("BUG: series " + seriesId + " after " + currentSeries);
        }
        if (seriesId != currentSeries) {
            endSeries();
            currentSeries = seriesId;
        } else if (chunk.minTs() <= lastMaxTs) {
            throw new IllegalStateException("BUG: chunk of series " + seriesId + " starting at " + chunk.minTs()
                    + " overlaps the previous one ending at " + lastMaxTs);
        }
        long offset = position;
        chunkCrc.reset();
        if (coldParts == null) {
            writeChunkPart(chunk.timestamps());
            for (ColumnBlock b : chunk.columns()) {
                writeChunkPart(b.presence());
                writeChunkPart(b.values());
            }
        } else {
            writeColdChunkBody(chunk);
        }
        int crc = (int) chunkCrc.getValue();
        byte[] c = {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc};
        write(c, 0, 4);
        int length = (int) (position - offset);
        GrowableBytes m = currentChunks;
        m.putVarLong(offset).putVarInt(length).putVarInt(chunk.rowCount()).putLong(chunk.minTs()).putLong(chunk.maxTs())
                .putVarInt(chunk.timestamps().length).putVarInt(chunk.columns().size());
        for (ColumnBlock b : chunk.columns()) {
            ColumnStats s = b.stats();
            m.putVarInt(b.column()).putByte(b.type().code).putVarInt(b.presence().length).putVarInt(b.values().length)
                    .putVarInt(s.count());
            if (version != SegmentFormat.VERSION_NO_STATS) {
                m.putLong(s.minBits()).putLong(s.maxBits()).putLong(s.firstBits()).putLong(s.lastBits())
                        .putLong(Double.doubleToRawLongBits(s.sum())).putLong(s.longSum()).putByte(s.longSumOverflow() ? 1 : 0)
                        .putVarInt(s.nanCount());
            }
        }
        currentChunkCount++;
        lastMaxTs = chunk.maxTs();
        rows += chunk.rowCount();
        points += chunk.points();
        minTs = Math.min(minTs, chunk.minTs());
        maxTs = Math.max(maxTs, chunk.maxTs());
    }

    /**
     * The body of a cold chunk: its parts zstd-compressed as one frame, or stored as they are when
     * compression would not make them smaller (tiny chunks of sparse series).
     */
    private void writeColdChunkBody(SealedChunk chunk) throws IOException {
        GrowableBytes raw = coldParts;
        raw.clear();
        raw.put(chunk.timestamps(), 0, chunk.timestamps().length);
        for (ColumnBlock b : chunk.columns()) {
            raw.put(b.presence(), 0, b.presence().length);
            raw.put(b.values(), 0, b.values().length);
        }
        byte[] packed = com.github.luben.zstd.Zstd.compress(java.util.Arrays.copyOf(raw.array(), raw.size()),
                SegmentFormat.COLD_ZSTD_LEVEL);
        if (packed.length < raw.size()) {
            writeChunkPart(new byte[] {SegmentFormat.CHUNK_ZSTD});
            writeChunkPart(packed);
        } else {
            writeChunkPart(new byte[] {SegmentFormat.CHUNK_STORED});
            chunkCrc.update(raw.array(), 0, raw.size());
            write(raw.array(), 0, raw.size());
        }
    }

    private void writeChunkPart(byte[] b) throws IOException {
        chunkCrc.update(b, 0, b.length);
        write(b, 0, b.length);
    }

    private void endSeries() {
        if (currentSeries < 0 || currentChunkCount == 0) {
            return;
        }
        if (seriesCount == seriesIds.length) {
            seriesIds = java.util.Arrays.copyOf(seriesIds, seriesCount * 2);
        }
        seriesIds[seriesCount++] = currentSeries;
        seriesIndex.putVarInt(currentSeries).putVarInt(currentChunkCount).put(currentChunks.array(), 0, currentChunks.size());
        currentChunks.clear();
        currentChunkCount = 0;
    }

    /** True when no chunk was added. */
    public boolean isEmpty() {
        return rows == 0;
    }

    /** Writes index and footer, publishes the file durably and returns its summary. */
    public SegmentInfo finish() throws IOException {
        endSeries();
        GrowableBytes index = new GrowableBytes(seriesIndex.size() + 64);
        index.putVarInt(seriesCount).put(seriesIndex.array(), 0, seriesIndex.size());
        SeriesBloomFilter bloom = SeriesBloomFilter.of(seriesIds, seriesCount);
        long[] words = bloom.words();
        index.putVarInt(words.length);
        for (long w : words) {
            index.putLong(w);
        }
        long indexOffset = position;
        CRC32C ic = new CRC32C();
        ic.update(index.array(), 0, index.size());
        write(index.array(), 0, index.size());
        GrowableBytes f = new GrowableBytes(SegmentFormat.FOOTER_BYTES);
        f.putLong(indexOffset).putInt(index.size()).putInt((int) ic.getValue()).putInt((int) fileCrc.getValue())
                .putInt(0).putInt(version).putInt(SegmentFormat.FOOTER_MAGIC);
        out.write(f.array(), 0, f.size());
        position += f.size();
        out.close();
        done = true;
        fs.publish(temp, target);
        return new SegmentInfo(segmentId, target, position, rows, points, seriesCount, minTs, maxTs);
    }

    /** Abandons an unfinished segment and deletes its temporary file. */
    @Override
    public void close() throws IOException {
        if (!done) {
            done = true;
            try {
                out.close();
            } finally {
                fs.deleteIfExists(temp);
            }
        }
    }
}
