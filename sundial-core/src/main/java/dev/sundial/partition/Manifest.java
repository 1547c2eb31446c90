package dev.sundial.partition;

import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.bytes.ByteReader;
import dev.sundial.bytes.GrowableBytes;
import dev.sundial.table.PartitionGranularity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The durable list of live segments of one table, by partition, plus how far the WAL has been
 * flushed into them ({@code manifest.sdm}, {@code docs/format/manifest.md}). It is replaced
 * atomically as a whole, so a partition's set of segments changes in one step: a segment file not
 * listed here is an orphan of an interrupted flush and is deleted on open.
 *
 * <p>Each entry names its segment's own time span: normally one partition of the table's
 * granularity, but compaction may merge small, settled partitions into one segment spanning several
 * ({@code docs/format/manifest.md}, version 2). Version 1 files, written before that, are read with
 * every span derived from the table's granularity.
 *
 * <p>Immutable value; {@link #write} persists one (always the newest version).
 *
 * @param flushedThroughSequence every WAL record of this table with a sequence ≤ this is in segments
 * @param nextSegmentId          next segment id to assign (ids only grow: they are the upsert precedence)
 * @param segments               live segments, sorted by (partitionStart, segmentId)
 */
public record Manifest(long flushedThroughSequence, long nextSegmentId, List<Entry> segments) {
    static final int MAGIC = 0x53444D46; // "SDMF"
    /** Version written; 1 (no spans) is still read. */
    static final int VERSION = 2;
    /**
     * The flushed-through mark of a manifest rebuilt from its segments (or of a table whose manifest
     * was never written): every WAL record still present must be replayed for the table, and the WAL
     * cannot tell from it where the last checkpoint was.
     */
    public static final long FLUSHED_THROUGH_UNKNOWN = -1;

    /**
     * One live segment.
     *
     * @param partitionStart start of the segment's span (its directory {@code p-<start>} and header field)
     * @param partitionEnd   end (exclusive) of its span: one partition of the table's granularity, or
     *                       several merged by compaction; every row lies in [partitionStart, partitionEnd)
     */
    public record Entry(long partitionStart, long partitionEnd, long segmentId, long bytes, long rows, long points,
                        int seriesCount, long minTs, long maxTs) {
        /** The entry of a written segment spanning [partitionStart, partitionEnd). */
        public static Entry of(dev.sundial.segment.SegmentInfo s, long partitionStart, long partitionEnd) {
            return new Entry(partitionStart, partitionEnd, s.segmentId(), s.bytes(), s.rows(), s.points(), s.seriesCount(),
                    s.minTs(), s.maxTs());
        }
    }

    public Manifest {
        List<Entry> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingLong(Entry::partitionStart).thenComparingLong(Entry::segmentId));
        segments = List.copyOf(sorted);
    }

    public static Manifest empty(long flushedThroughSequence) {
        return new Manifest(flushedThroughSequence, 1, List.of());
    }

    /**
     * Reads a manifest; null when the file does not exist.
     *
     * @param granularity the table's partition granularity: the span of every entry of a version 1 file
     */
    public static Manifest read(FileLayer fs, Path file, PartitionGranularity granularity) throws IOException {
        ChecksummedFile.Body body = ChecksummedFile.read(fs, file, MAGIC, VERSION);
        if (body == null) {
            return null;
        }
        ByteBuffer b = body.bytes();
        ByteReader r = new ByteReader(b.array(), b.arrayOffset() + b.position(), b.remaining());
        try {
            long flushed = r.getLong();
            long next = r.getLong();
            int n = r.getVarInt(r.remaining());
            List<Entry> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long start = r.getLong();
                long end = body.version() >= 2 ? r.getLong() : granularity.partitionEnd(start);
                Entry e = new Entry(start, end, r.getLong(), r.getLong(), r.getLong(), r.getLong(), r.getInt(), r.getLong(), r.getLong());
                if (e.segmentId() >= next || e.segmentId() <= 0) {
                    throw new IllegalArgumentException("segment id " + e.segmentId() + " outside [1, " + next + ")");
                }
                if (end <= start || (e.rows() > 0 && (e.minTs() < start || e.maxTs() >= end))) {
                    throw new IllegalArgumentException("segment " + e.segmentId() + ": span [" + start + ", " + end
                            + ") does not hold its rows [" + e.minTs() + ", " + e.maxTs() + "]");
                }
                list.add(e);
            }
            if (r.remaining() != 0) {
                throw new IllegalArgumentException(r.remaining() + " trailing bytes");
            }
            return new Manifest(flushed, next, list);
        } catch (ByteReader.IndexFormatException | IllegalArgumentException e) {
            throw new CorruptFileException(file, ChecksummedFile.HEADER_BYTES, "manifest does not decode: " + e.getMessage());
        }
    }

    /** Persists durably (atomic replace). */
    public void write(FileLayer fs, Path file) throws IOException {
        GrowableBytes g = new GrowableBytes(64 + segments.size() * 72);
        g.putLong(flushedThroughSequence).putLong(nextSegmentId).putVarInt(segments.size());
        for (Entry e : segments) {
            g.putLong(e.partitionStart()).putLong(e.partitionEnd()).putLong(e.segmentId()).putLong(e.bytes()).putLong(e.rows()).putLong(e.points())
                    .putInt(e.seriesCount()).putLong(e.minTs()).putLong(e.maxTs());
        }
        ChecksummedFile.write(fs, file, MAGIC, VERSION, g.array(), g.size());
    }

    public Manifest withFlush(long flushedThrough, long nextId, List<Entry> added) {
        List<Entry> all = new ArrayList<>(segments);
        all.addAll(added);
        return new Manifest(flushedThrough, nextId, all);
    }

    /**
     * The manifest after a rewrite (a delete, later compaction): the segments {@code removed} (by
     * id) leave and {@code added} come in, in one step; the flushed-through mark is unchanged.
     */
    public Manifest replacing(java.util.Set<Long> removed, List<Entry> added) {
        List<Entry> all = new ArrayList<>(segments);
        all.removeIf(e -> removed.contains(e.segmentId()));
        all.addAll(added);
        return new Manifest(flushedThroughSequence, nextSegmentId, all);
    }

    public Manifest without(long segmentId) {
        List<Entry> all = new ArrayList<>(segments);
        all.removeIf(e -> e.segmentId() == segmentId);
        return new Manifest(flushedThroughSequence, nextSegmentId, all);
    }
}
