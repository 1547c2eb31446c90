package dev.sundial.rollup;

import dev.sundial.bytes.ByteReader;
import dev.sundial.bytes.GrowableBytes;
import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable state of a table's rollup levels ({@code rollup/state.sdr}, {@code docs/format/rollup.md}):
 * per level how far it is built, and per series the raw time ranges changed under built buckets
 * (dirty) and not yet rebuilt.
 *
 * <p>Built-through: level {@code k} holds a cell for every bucket below {@code builtThrough[k]} that
 * had rows when it was built; a bucket not dirty there is exact. Dirty ranges are kept merged and
 * aligned to the finest level's buckets; they apply to every level (a level's bucket is stale when it
 * overlaps one).
 *
 * <p>Not thread-safe: {@link TableRollups} guards it.
 */
final class RollupState {
    static final int MAGIC = 0x53445253; // "SDRS"
    static final int VERSION = 1;
    /** builtThrough of a level never built. */
    static final long NEVER = Long.MIN_VALUE;

    final long[] levelNanos;
    final long[] builtThrough;
    /** series id → start → end (exclusive), merged */
    final Map<Integer, TreeMap<Long, Long>> dirty = new HashMap<>();

    RollupState(long[] levelNanos) {
        this.levelNanos = levelNanos.clone();
        this.builtThrough = new long[levelNanos.length];
        java.util.Arrays.fill(builtThrough, NEVER);
    }

    /**
     * Adds [from, to) to the series' dirty ranges, merging with the ranges it touches (log time: a
     * flush of many late rows adds one range per row).
     */
    static void add(Map<Integer, TreeMap<Long, Long>> ranges, int series, long from, long to) {
        if (from >= to) {
            return;
        }
        TreeMap<Long, Long> m = ranges.computeIfAbsent(series, k -> new TreeMap<>());
        Map.Entry<Long, Long> lower = m.floorEntry(from);
        if (lower != null && lower.getValue() >= from) {
            from = lower.getKey();
            to = Math.max(to, lower.getValue());
        }
        while (true) {
            Map.Entry<Long, Long> next = m.ceilingEntry(from);
            if (next == null || next.getKey() > to) {
                break;
            }
            to = Math.max(to, next.getValue());
            m.remove(next.getKey());
        }
        m.put(from, to);
    }

    private static long covered(TreeMap<Long, Long> m, long bucket) {
        long n = 0;
        for (Map.Entry<Long, Long> e : m.entrySet()) {
            n += (e.getValue() - e.getKey()) / bucket;
        }
        return n;
    }

    long dirtyBuckets() {
        long n = 0;
        for (TreeMap<Long, Long> m : dirty.values()) {
            n += covered(m, levelNanos[0]);
        }
        return n;
    }

    static RollupState read(FileLayer fs, Path file, long[] levelNanos) throws IOException {
        ChecksummedFile.Body body = ChecksummedFile.read(fs, file, MAGIC, VERSION);
        RollupState s = new RollupState(levelNanos);
        if (body == null) {
            return null;
        }
        ByteBuffer b = body.bytes();
        ByteReader r = new ByteReader(b.array(), b.arrayOffset() + b.position(), b.remaining());
        try {
            int levels = r.getVarInt(r.remaining());
            for (int i = 0; i < levels; i++) {
                long nanos = r.getLong();
                long built = r.getLong();
                for (int k = 0; k < levelNanos.length; k++) {
                    if (levelNanos[k] == nanos) {
                        s.builtThrough[k] = built; // a level no longer listed is dropped; a new one starts unbuilt
                    }
                }
            }
            int series = r.getVarInt(r.remaining());
            for (int i = 0; i < series; i++) {
                int id = r.getVarInt(Integer.MAX_VALUE);
                int n = r.getVarInt(r.remaining());
                TreeMap<Long, Long> m = new TreeMap<>();
                for (int j = 0; j < n; j++) {
                    long from = r.getLong();
                    long to = r.getLong();
                    if (to <= from) {
                        throw new IllegalArgumentException("empty dirty range [" + from + ", " + to + ") of series " + id);
                    }
                    m.put(from, to);
                }
                s.dirty.put(id, m);
            }
            if (r.remaining() != 0) {
                throw new IllegalArgumentException(r.remaining() + " trailing bytes");
            }
        } catch (ByteReader.IndexFormatException | IllegalArgumentException e) {
            throw new CorruptFileException(file, ChecksummedFile.HEADER_BYTES, "rollup state does not decode: " + e.getMessage());
        }
        return s;
    }

    /** Persists durably (atomic replace); {@code extra} (ranges being rebuilt) is written as dirty too. */
    void write(FileLayer fs, Path file, Map<Integer, TreeMap<Long, Long>> extra) throws IOException {
        Map<Integer, TreeMap<Long, Long>> all = new HashMap<>();
        for (Map.Entry<Integer, TreeMap<Long, Long>> e : dirty.entrySet()) {
            all.put(e.getKey(), new TreeMap<>(e.getValue()));
        }
        for (Map.Entry<Integer, TreeMap<Long, Long>> e : extra.entrySet()) {
            for (Map.Entry<Long, Long> r : e.getValue().entrySet()) {
                add(all, e.getKey(), r.getKey(), r.getValue());
            }
        }
        GrowableBytes g = new GrowableBytes(64);
        g.putVarInt(levelNanos.length);
        for (int k = 0; k < levelNanos.length; k++) {
            g.putLong(levelNanos[k]).putLong(builtThrough[k]);
        }
        List<Integer> ids = new ArrayList<>(all.keySet());
        ids.removeIf(id -> all.get(id).isEmpty());
        java.util.Collections.sort(ids);
        g.putVarInt(ids.size());
        for (int id : ids) {
            TreeMap<Long, Long> m = all.get(id);
            g.putVarInt(id).putVarInt(m.size());
            for (Map.Entry<Long, Long> e : m.entrySet()) {
                g.putLong(e.getKey()).putLong(e.getValue());
            }
        }
        fs.createDirectoriesDurably(file.getParent());
        ChecksummedFile.write(fs, file, MAGIC, VERSION, g.array(), g.size());
    }
}
