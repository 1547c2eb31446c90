package dev.sundial.segment;

import dev.sundial.bytes.ByteReader;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.FormatVersion;
import dev.sundial.head.ColumnBlock;
import dev.sundial.head.ColumnStats;
import dev.sundial.head.SealedChunk;
import dev.sundial.table.ColumnType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * An open segment file: header, footer and index are validated on open (magics, version, index
 * CRC32C, every offset inside the chunk region); each chunk's CRC32C is checked when the chunk is
 * read; {@link #verify()} also checks the whole-file CRC.
 *
 * <p>Lifetime: reference counted. The owner holds one reference; each query snapshot
 * {@link #retain()}s and {@link #release()}s; the channel closes (and a retired file is deleted)
 * when the count reaches zero, so no file is closed or deleted under a reader.
 *
 * <p>Thread-safe: reads use positional I/O on a shared channel; the index is immutable.
 */
public final class SegmentReader {
    private final Path file;
    private final FileChannel channel;
    /** Deletes the file when retired. */
    private final FileLayer fs;
    private final long size;
    private final int tableId;
    private final long partitionStart;
    private final long segmentId;
    /** {@link SegmentFormat#VERSION} (warm) or {@link SegmentFormat#VERSION_COLD} (zstd-compressed chunks). */
    private final int version;
    private final int[] seriesIds;
    private final int[] chunkStart;
    private final ChunkMeta[] chunks;
    private final SeriesBloomFilter bloom;
    private final AtomicInteger refs = new AtomicInteger(1);
    /** Chunks (by index position) whose CRC32C has been checked by this process; see {@link #readChunk(ChunkMeta, int[])}. */
    private final java.util.concurrent.atomic.AtomicLongArray verified;
    private volatile boolean deleteWhenReleased;

    private SegmentReader(FileLayer fs, Path file, FileChannel channel, long size, int version, int tableId, long partitionStart,
                          long segmentId, int[] seriesIds, int[] chunkStart, ChunkMeta[] chunks, SeriesBloomFilter bloom) {
        this.fs = fs;
        this.version = version;
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.tableId = tableId;
        this.partitionStart = partitionStart;
        this.segmentId = segmentId;
        this.seriesIds = seriesIds;
        this.chunkStart = chunkStart;
        this.chunks = chunks;
        this.bloom = bloom;
        this.verified = new java.util.concurrent.atomic.AtomicLongArray((chunks.length + 63) / 64);
    }

    /** Opens and validates a segment; throws {@link CorruptFileException} naming file and offset. */
    public static SegmentReader open(FileLayer fs, Path file) throws IOException {
        FileChannel ch = fs.open(file, StandardOpenOption.READ);
        try {
            return open(fs, file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static SegmentReader open(FileLayer fs, Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < SegmentFormat.HEADER_BYTES + SegmentFormat.FOOTER_BYTES) {
            throw new CorruptFileException(file, size, "file of " + size + " bytes is shorter than header and footer");
        }
        byte[] h = readFully(ch, file, 0, SegmentFormat.HEADER_BYTES);
        ByteReader hr = new ByteReader(h, 0, h.length);
        int magic = hr.getInt();
        if (magic != SegmentFormat.MAGIC) {
            throw new CorruptFileException(file, 0, String.format("bad magic 0x%08X, expected 0x%08X", magic, SegmentFormat.MAGIC));
        }
        int version = hr.getInt();
        int tableId = hr.getInt();
        long partitionStart = hr.getLong();
        long segmentId = hr.getLong();
        CRC32C crc = new CRC32C();
        crc.update(h, 0, 28);
        if (hr.getInt() != (int) crc.getValue()) {
            throw new CorruptFileException(file, 28, "header checksum mismatch");
        }
        FormatVersion.check(file, 4, "segment", version, SegmentFormat.MIN_VERSION, SegmentFormat.MAX_VERSION);
        long footerAt = size - SegmentFormat.FOOTER_BYTES;
        byte[] f = readFully(ch, file, footerAt, SegmentFormat.FOOTER_BYTES);
        ByteReader fr = new ByteReader(f, 0, f.length);
        long indexOffset = fr.getLong();
        int indexLength = fr.getInt();
        int indexCrc = fr.getInt();
        fr.getInt(); // file CRC: checked by verify(), which reads the whole file
        int reserved = fr.getInt();
        int footerVersion = fr.getInt();
        int footerMagic = fr.getInt();
        if (footerMagic != SegmentFormat.FOOTER_MAGIC || footerVersion != version || reserved != 0) {
            throw new CorruptFileException(file, footerAt, "bad footer magic or version (torn or truncated file)");
        }
        if (indexOffset < SegmentFormat.HEADER_BYTES || indexLength < 0 || indexLength > SegmentFormat.MAX_INDEX_BYTES
                || indexOffset + indexLength != footerAt) {
            throw new CorruptFileException(file, footerAt, "index offset " + indexOffset + " / length " + indexLength
                    + " do not fit the file of " + size + " bytes");
        }
        byte[] idx = readFully(ch, file, indexOffset, indexLength);
        crc.reset();
        crc.update(idx, 0, idx.length);
        if ((int) crc.getValue() != indexCrc) {
            throw new CorruptFileException(file, indexOffset, "index checksum mismatch");
        }
        try {
            return parseIndex(fs, file, ch, size, version, tableId, partitionStart, segmentId, idx, indexOffset);
        } catch (ByteReader.IndexFormatException | IllegalArgumentException e) {
            throw new CorruptFileException(file, indexOffset, "index does not decode: " + e.getMessage());
        }
    }

    private static SegmentReader parseIndex(FileLayer fs, Path file, FileChannel ch, long size, int version, int tableId,
                                            long partitionStart, long segmentId, byte[] idx, long indexOffset) {
        boolean cold = version == SegmentFormat.VERSION_COLD;
        ByteReader r = new ByteReader(idx, 0, idx.length);
        int seriesCount = r.getVarInt(idx.length);
        int[] ids = new int[seriesCount];
        int[] starts = new int[seriesCount + 1];
        List<ChunkMeta> metas = new ArrayList<>();
        int prev = -1;
        for (int s = 0; s < seriesCount; s++) {
            int id = r.getVarInt(Integer.MAX_VALUE);
            if (id <= prev) {
                throw new IllegalArgumentException("series ids not ascending: " + id + " after " + prev);
            }
            prev = id;
            ids[s] = id;
            starts[s] = metas.size();
            int n = r.getVarInt(r.remaining());
            long prevMax = Long.MIN_VALUE;
            for (int c = 0; c < n; c++) {
                long off = r.getVarLong();
                int len = r.getVarInt(SegmentFormat.MAX_CHUNK_BYTES);
                int rows = r.getVarInt(1 << 20);
                long minTs = r.getLong();
                long maxTs = r.getLong();
                // a cold chunk's parts are its decompressed bytes: bounded by the chunk limit, not by its stored length
                int partBound = cold ? SegmentFormat.MAX_CHUNK_BYTES : len;
                int tsLen = r.getVarInt(partBound);
                int blocks = r.getVarInt(r.remaining());
                if (off < SegmentFormat.HEADER_BYTES || off + len > indexOffset || rows == 0 || minTs > maxTs
                        || (c > 0 && minTs <= prevMax)) {
                    throw new IllegalArgumentException("chunk " + c + " of series " + id + " has bad placement or time range");
                }
                prevMax = maxTs;
                ChunkMeta.BlockMeta[] bm = new ChunkMeta.BlockMeta[blocks];
                long total = tsLen + 4L;
                for (int b = 0; b < blocks; b++) {
                    int col = r.getVarInt(Integer.MAX_VALUE);
                    ColumnType type = ColumnType.fromCode(r.getByte());
                    int pl = r.getVarInt(partBound);
                    int vl = r.getVarInt(partBound);
                    int count = r.getVarInt(rows);
                    ColumnStats st = version == SegmentFormat.VERSION_NO_STATS ? ColumnStats.ofCount(count)
                            : new ColumnStats(count, r.getLong(), r.getLong(), r.getLong(), r.getLong(),
                            Double.longBitsToDouble(r.getLong()), r.getLong(), r.getByte() != 0, r.getVarInt(count));
                    bm[b] = new ChunkMeta.BlockMeta(col, type, pl, vl, st);
                    total += pl + (long) vl;
                }
                // warm: the parts and the CRC are the stored chunk; cold: they are the decompressed
                // chunk, stored as a mode byte, a body and the CRC
                if (cold ? total > SegmentFormat.MAX_CHUNK_BYTES || len < 6 : total != len) {
                    throw new IllegalArgumentException("chunk " + c + " of series " + id + ": parts sum to " + total + ", length is " + len);
                }
                metas.add(new ChunkMeta(off, len, rows, minTs, maxTs, tsLen, bm));
            }
        }
        starts[seriesCount] = metas.size();
        int words = r.getVarInt(r.remaining() / 8);
        long[] w = new long[words];
        for (int i = 0; i < words; i++) {
            w[i] = r.getLong();
        }
        if (words == 0 || r.remaining() != 0) {
            throw new IllegalArgumentException("bad Bloom filter or trailing bytes");
        }
        return new SegmentReader(fs, file, ch, size, version, tableId, partitionStart, segmentId, ids, starts,
                metas.toArray(ChunkMeta[]::new), SeriesBloomFilter.fromWords(w));
    }

    private static byte[] readFully(FileChannel ch, Path file, long pos, int len) throws IOException {
        byte[] b = new byte[len];
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            int n = ch.read(bb, pos + bb.position());
            if (n < 0) {
                throw new CorruptFileException(file, pos + bb.position(), "unexpected end of file");
            }
        }
        return b;
    }

    public Path file() {
        return file;
    }

    public long sizeBytes() {
        return size;
    }

    public int tableId() {
        return tableId;
    }

    public long partitionStart() {
        return partitionStart;
    }

    public long segmentId() {
        return segmentId;
    }

    /** The file's format version: {@link SegmentFormat#VERSION} or {@link SegmentFormat#VERSION_COLD}. */
    public int formatVersion() {
        return version;
    }

    /** Whether this is a cold-tier segment (zstd-compressed chunks); the tier is derived from the file, not the manifest. */
    public boolean isCold() {
        return version == SegmentFormat.VERSION_COLD;
    }

    /** Series ids in the segment, ascending (a copy). */
    public int[] seriesIds() {
        return seriesIds.clone();
    }

    /** Highest series id in the segment, or -1 when it holds none. */
    public int maxSeriesId() {
        return seriesIds.length == 0 ? -1 : seriesIds[seriesIds.length - 1];
    }

    public boolean mightContain(int seriesId) {
        return bloom.mightContain(seriesId);
    }

    /** Chunks of a series in time order; empty when absent. */
    public List<ChunkMeta> chunks(int seriesId) {
        if (!bloom.mightContain(seriesId)) {
            return List.of();
        }
        int i = Arrays.binarySearch(seriesIds, seriesId);
        if (i < 0) {
            return List.of();
        }
        return Arrays.asList(chunks).subList(chunkStart[i], chunkStart[i + 1]);
    }

    /** All chunk metadata, in file order. */
    public List<ChunkMeta> allChunks() {
        return Arrays.asList(chunks);
    }

    /** Summary figures computed from the index (used to rebuild a lost manifest). */
    public SegmentInfo summary() {
        long rows = 0;
        long points = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (ChunkMeta m : chunks) {
            rows += m.rowCount();
            for (ChunkMeta.BlockMeta b : m.blocks()) {
                points += b.stats().count();
            }
            min = Math.min(min, m.minTs());
            max = Math.max(max, m.maxTs());
        }
        return new SegmentInfo(segmentId, file, size, rows, points, seriesIds.length, min, max);
    }

    /**
     * Reads the timestamp block and the blocks of {@code columns} (value column ids) of a chunk.
     * The first read of a chunk in this process reads it whole and checks its CRC32C; later reads
     * fetch the chunk only up to the last block asked for (the chunk's checksum covers the whole
     * chunk, so a partial read cannot be checked, and the file is immutable) and copy out just the
     * blocks asked for. Damage appearing on disk after the first read is found by
     * {@code sundial check} and on the next open, not by queries.
     */
    public SealedChunk readChunk(ChunkMeta m, int[] columns) throws IOException {
        if (version == SegmentFormat.VERSION_COLD) {
            return readChunk(m); // a zstd frame is read and decompressed whole
        }
        int ordinal = ordinal(m);
        if (ordinal < 0 || !isVerified(ordinal)) {
            SealedChunk whole = readChunk(m);
            if (ordinal >= 0) {
                markVerified(ordinal);
            }
            return whole;
        }
        // one read from the chunk start to the end of the last block needed (blocks are in column
        // order): a single system call whatever the number of columns, and no bytes past the last one
        long span = m.tsLength();
        long pos = m.tsLength();
        for (ChunkMeta.BlockMeta bm : m.blocks()) {
            pos += bm.presenceLength() + bm.valuesLength();
            if (contains(columns, bm.column())) {
                span = pos;
            }
        }
        byte[] b = readFully(channel, file, m.offset(), (int) span);
        byte[] ts = Arrays.copyOfRange(b, 0, m.tsLength());
        List<ColumnBlock> blocks = new ArrayList<>(columns.length);
        int at = m.tsLength();
        for (ChunkMeta.BlockMeta bm : m.blocks()) {
            if (at >= span) {
                break;
            }
            if (contains(columns, bm.column())) {
                byte[] pr = Arrays.copyOfRange(b, at, at + bm.presenceLength());
                byte[] v = Arrays.copyOfRange(b, at + bm.presenceLength(), at + bm.presenceLength() + bm.valuesLength());
                blocks.add(new ColumnBlock(bm.column(), bm.type(), pr, v, bm.stats()));
            }
            at += bm.presenceLength() + bm.valuesLength();
        }
        return new SealedChunk(m.minTs(), m.maxTs(), m.rowCount(), ts, blocks);
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    /** Position of {@code m} in the index (chunks are in file order), or -1. */
    private int ordinal(ChunkMeta m) {
        int lo = 0;
        int hi = chunks.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long o = chunks[mid].offset();
            if (o < m.offset()) {
                lo = mid + 1;
            } else if (o > m.offset()) {
                hi = mid - 1;
            } else {
                return chunks[mid] == m ? mid : -1;
            }
        }
        return -1;
    }

    private boolean isVerified(int i) {
        return (verified.get(i >>> 6) & (1L << i)) != 0;
    }

    private void markVerified(int i) {
        verified.getAndAccumulate(i >>> 6, 1L << i, (a, b) -> a | b);
    }

    /** Reads a whole chunk and checks its CRC32C. */
    public SealedChunk readChunk(ChunkMeta m) throws IOException {
        byte[] b = readFully(channel, file, m.offset(), m.length());
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        int stored = ((b[b.length - 4] & 0xFF) << 24) | ((b[b.length - 3] & 0xFF) << 16) | ((b[b.length - 2] & 0xFF) << 8) | (b[b.length - 1] & 0xFF);
        if (stored != (int) crc.getValue()) {
            throw new CorruptFileException(file, m.offset(), "chunk checksum mismatch");
        }
        int pos = 0;
        if (version == SegmentFormat.VERSION_COLD) {
            b = unpackCold(m, b);
        }
        byte[] ts = Arrays.copyOfRange(b, pos, pos + m.tsLength());
        pos += m.tsLength();
        List<ColumnBlock> blocks = new ArrayList<>(m.blocks().length);
        for (ChunkMeta.BlockMeta bm : m.blocks()) {
            byte[] p = Arrays.copyOfRange(b, pos, pos + bm.presenceLength());
            pos += bm.presenceLength();
            byte[] v = Arrays.copyOfRange(b, pos, pos + bm.valuesLength());
            pos += bm.valuesLength();
            blocks.add(new ColumnBlock(bm.column(), bm.type(), p, v, bm.stats()));
        }
        return new SealedChunk(m.minTs(), m.maxTs(), m.rowCount(), ts, blocks);
    }

    /**
     * The chunk parts of a stored cold chunk ({@code mode | body | CRC}, CRC already checked):
     * decompressed, and checked to be exactly as long as the index says.
     */
    private byte[] unpackCold(ChunkMeta m, byte[] stored) throws CorruptFileException {
        int rawLength = m.tsLength();
        for (ChunkMeta.BlockMeta bm : m.blocks()) {
            rawLength += bm.presenceLength() + bm.valuesLength();
        }
        int bodyLength = stored.length - 5;
        byte mode = stored[0];
        if (mode == SegmentFormat.CHUNK_STORED) {
            if (bodyLength != rawLength) {
                throw new CorruptFileException(file, m.offset(), "stored cold chunk of " + bodyLength + " bytes, index says " + rawLength);
            }
            return Arrays.copyOfRange(stored, 1, 1 + rawLength);
        }
        if (mode != SegmentFormat.CHUNK_ZSTD) {
            throw new CorruptFileException(file, m.offset(), "unknown cold chunk mode " + mode);
        }
        byte[] raw = new byte[rawLength];
        long n;
        try {
            n = com.github.luben.zstd.Zstd.decompressByteArray(raw, 0, rawLength, stored, 1, bodyLength);
        } catch (RuntimeException e) { // zstd-jni reports a bad frame as ZstdException
            throw new CorruptFileException(file, m.offset(), "cold chunk does not decompress: " + e.getMessage());
        }
        if (com.github.luben.zstd.Zstd.isError(n) || n != rawLength) {
            throw new CorruptFileException(file, m.offset(), "cold chunk decompresses to "
                    + (com.github.luben.zstd.Zstd.isError(n) ? com.github.luben.zstd.Zstd.getErrorName(n) : n + " bytes")
                    + ", index says " + rawLength);
        }
        return raw;
    }

    /** Checks the whole-file CRC and every chunk's CRC; throws naming the first bad offset. */
    public void verify() throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long end = size - SegmentFormat.FOOTER_BYTES;
        long pos = 0;
        while (pos < end) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), end - pos));
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new CorruptFileException(file, pos, "unexpected end of file");
            }
            buf.flip();
            crc.update(buf);
            pos += n;
        }
        byte[] f = readFully(channel, file, end + 16, 4);
        int stored = ((f[0] & 0xFF) << 24) | ((f[1] & 0xFF) << 16) | ((f[2] & 0xFF) << 8) | (f[3] & 0xFF);
        for (ChunkMeta m : chunks) {
            readChunk(m);
        }
        if (stored != (int) crc.getValue()) {
            throw new CorruptFileException(file, end + 16, "whole-file checksum mismatch");
        }
    }

    /** Takes a reference for a reader; false when the segment is already closed. */
    public boolean retain() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the file (and deletes it if retired). */
    public void release() throws IOException {
        int r = refs.decrementAndGet();
        if (r == 0) {
            channel.close();
            if (deleteWhenReleased) {
                fs.deleteIfExists(file);
            }
        } else if (r < 0) {
            throw new IllegalStateException("BUG: segment " + file + " released more often than retained");
        }
    }

    /** Marks the file for deletion once the last reader releases it (after compaction or retention). */
    public void retire() throws IOException {
        deleteWhenReleased = true;
        release();
    }
}
