package dev.sundial.partition;

import dev.sundial.bytes.ByteReader;
import dev.sundial.bytes.GrowableBytes;
import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commit record of a rewrite (a delete, a compaction): which segments it replaced and which it
 * wrote ({@code tables/t<id>/rewrite-<id>.sdrw}, {@code docs/format/rewrite-record.md}). It is
 * written durably after the new segment files and before the manifest replacement, and that write
 * is the rewrite's commit point: once it exists, the replaced segments are proven garbage, whatever
 * manifest the next open finds. On open, a manifest that still lists the replaced segments is rolled
 * forward; a manifest rebuilt from the segment files (lost or damaged) leaves them out, so deleted
 * rows do not come back. The record is removed once the replaced files are gone.
 *
 * <p>Immutable value.
 *
 * @param id       unique per table, taken from the segment id sequence when committing: records
 *                 apply in ascending id
 * @param replaced the segments the rewrite replaced
 * @param written  the segments it wrote (none when every row was deleted)
 */
public record RewriteRecord(long id, List<Replaced> replaced, List<Written> written) {
    static final int MAGIC = 0x53445257; // "SDRW"
    static final int VERSION = 1;

    /** A replaced segment: enough to name its file. */
    public record Replaced(long partitionStart, long segmentId) {
    }

    /** A written segment and its span. */
    public record Written(long partitionStart, long partitionEnd, long segmentId) {
    }

    public RewriteRecord {
        replaced = List.copyOf(replaced);
        written = List.copyOf(written);
    }

    /** Persists durably (temp file, fsync, rename, directory fsync). */
    public void write(FileLayer fs, Path file) throws IOException {
        GrowableBytes g = new GrowableBytes(32 + replaced.size() * 16 + written.size() * 24);
        g.putLong(id).putVarInt(replaced.size());
        for (Replaced r : replaced) {
            g.putLong(r.partitionStart()).putLong(r.segmentId());
        }
        g.putVarInt(written.size());
        for (Written w : written) {
            g.putLong(w.partitionStart()).putLong(w.partitionEnd()).putLong(w.segmentId());
        }
        ChecksummedFile.write(fs, file, MAGIC, VERSION, g.array(), g.size());
    }

    /** Reads a record; null when the file does not exist. */
    public static RewriteRecord read(FileLayer fs, Path file) throws IOException {
        ChecksummedFile.Body body = ChecksummedFile.read(fs, file, MAGIC, VERSION);
        if (body == null) {
            return null;
        }
        ByteBuffer b = body.bytes();
        ByteReader r = new ByteReader(b.array(), b.arrayOffset() + b.position(), b.remaining());
        try {
            long id = r.getLong();
            int n = r.getVarInt(r.remaining() / 16);
            List<Replaced> replaced = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                replaced.add(new Replaced(r.getLong(), r.getLong()));
            }
            int m = r.getVarInt(r.remaining() / 24);
            List<Written> written = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                Written w = new Written(r.getLong(), r.getLong(), r.getLong());
                if (w.partitionEnd() <= w.partitionStart() || w.segmentId() <= 0) {
                    throw new IllegalArgumentException("written segment " + w.segmentId() + " has span [" + w.partitionStart()
                            + ", " + w.partitionEnd() + ")");
                }
                written.add(w);
            }
            if (r.remaining() != 0) {
                throw new IllegalArgumentException(r.remaining() + " trailing bytes");
            }
            if (id <= 0 || replaced.isEmpty()) {
                throw new IllegalArgumentException("record id " + id + " replacing " + replaced.size() + " segments");
            }
            return new RewriteRecord(id, replaced, written);
        } catch (ByteReader.IndexFormatException | IllegalArgumentException e) {
            throw new CorruptFileException(file, ChecksummedFile.HEADER_BYTES, "rewrite record does not decode: " + e.getMessage());
        }
    }

    /** Whether the manifest lists segment {@code id}. */
    static boolean lists(Manifest m, long id) {
        for (Manifest.Entry e : m.segments()) {
            if (e.segmentId() == id) {
                return true;
            }
        }
        return false;
    }
}
