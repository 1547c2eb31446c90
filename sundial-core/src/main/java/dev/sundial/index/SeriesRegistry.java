package dev.sundial.index;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileSync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * The series of one table: dense int ids (0, 1, 2, …) for tag-value combinations, persisted in an
 * append-only file ({@code series.sds}, {@code docs/format/series.md}) and indexed by tag value.
 *
 * <p>Durability: new series are first made durable through the WAL (write batches carry the
 * definitions of the series they create); {@link #persistPending()} appends them to the series file
 * and fsyncs it before a flush publishes segments that use them. A torn tail of the series file is
 * cut on open; the WAL replay re-creates those series.
 *
 * <p>Thread-safe: all methods are synchronized.
 */
public final class SeriesRegistry implements AutoCloseable {
    static final int MAGIC = 0x53445352; // "SDSR"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 16;
    /** A record holds one series; 1 MiB bounds a corrupt length field without limiting real tag sets. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private final Path file;
    private final Map<SeriesKey, Integer> ids = new HashMap<>();
    private final List<SeriesKey> keys = new ArrayList<>();
    private final TagIndex index = new TagIndex();
    private int persisted;
    private final List<String> problems = new ArrayList<>();
    private final List<String> repairs = new ArrayList<>();

    private SeriesRegistry(Path file) {
        this.file = file;
    }

    /** Opens the registry file of a table, creating it if absent and cutting a torn tail. */
    public static SeriesRegistry open(Path file, int tableId) throws IOException {
        SeriesRegistry r = new SeriesRegistry(file);
        if (!Files.exists(file)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
            h.putInt(MAGIC).putInt(VERSION).putInt(tableId);
            CRC32C crc = new CRC32C();
            crc.update(h.array(), 0, 12);
            h.putInt((int) crc.getValue());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, h.array());
            FileSync.publish(tmp, file);
            return r;
        }
        r.load(tableId);
        return r;
    }

    private void load(int tableId) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
        if (all.length < HEADER_BYTES) {
            throw new CorruptFileException(file, 0, "shorter than its " + HEADER_BYTES + "-byte header");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, 12);
        if (b.getInt(0) != MAGIC || b.getInt(12) != (int) crc.getValue()) {
            throw new CorruptFileException(file, 0, "bad header magic or checksum");
        }
        if (b.getInt(4) != VERSION) {
            throw new CorruptFileException(file, 4, "unsupported version " + b.getInt(4));
        }
        if (b.getInt(8) != tableId) {
            throw new CorruptFileException(file, 8, "belongs to table id " + b.getInt(8) + ", expected " + tableId);
        }
        int pos = HEADER_BYTES;
        while (pos < all.length) {
            String bad = null;
            if (all.length - pos < 8) {
                bad = "torn record header";
            } else {
                int len = b.getInt(pos);
                if (len < 6 || len > MAX_RECORD_BYTES || len > all.length - pos - 8) {
                    bad = "record length " + len + " out of range";
                } else {
                    crc.reset();
                    crc.update(all, pos + 8, len);
                    if (b.getInt(pos + 4) != (int) crc.getValue()) {
                        bad = "record checksum mismatch";
                    } else {
                        try {
                            decodeRecord(ByteBuffer.wrap(all, pos + 8, len).order(ByteOrder.BIG_ENDIAN));
                        } catch (RuntimeException e) {
                            bad = "record does not decode: " + e.getMessage();
                        }
                        if (bad == null) {
                            pos += 8 + len;
                            continue;
                        }
                    }
                }
            }
            // A torn tail (crash during append) is expected; anything after it was never acknowledged
            // as flushed, because series are durable through the WAL first. Cut it and report it.
            // A bad record with whole records after it is damage, not a torn append: keep a copy.
            boolean torn = isTornTail(all, pos);
            String msg = (torn ? "cut torn tail of " : "cut damaged series registry ") + file + " [offset=" + pos + "]: " + bad;
            if (torn) {
                repairs.add(msg);
            } else {
                Path copy = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
                Files.copy(file, copy);
                problems.add(msg + " (a copy of the file as found is kept as " + copy + ")");
            }
            System.getLogger(SeriesRegistry.class.getName()).log(System.Logger.Level.WARNING, msg);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(pos);
                ch.force(true);
            }
            break;
        }
        persisted = keys.size();
    }

    /**
     * A crash during an append leaves a short record or zeros at the end. Anything that claims a
     * length fitting in the file and is followed by more bytes is damage.
     */
    private static boolean isTornTail(byte[] all, int pos) {
        int remaining = all.length - pos;
        if (remaining < 8) {
            return true;
        }
        int len = ByteBuffer.wrap(all, pos, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        if (len < 0 || len > remaining - 8) {
            return true;
        }
        for (int i = pos; i < all.length; i++) {
            if (all[i] != 0) {
                return pos + 8 + len >= all.length;
            }
        }
        return true;
    }

    private void decodeRecord(ByteBuffer r) {
        int id = r.getInt();
        int n = r.getShort() & 0xFFFF;
        String[] tags = new String[n];
        for (int i = 0; i < n; i++) {
            int len = r.getInt();
            if (len == -1) {
                continue;
            }
            if (len < 0 || len > r.remaining()) {
                throw new IllegalArgumentException("tag length " + len);
            }
            tags[i] = new String(r.array(), r.arrayOffset() + r.position(), len, StandardCharsets.UTF_8);
            r.position(r.position() + len);
        }
        if (r.hasRemaining()) {
            throw new IllegalArgumentException(r.remaining() + " trailing bytes");
        }
        if (id != keys.size()) {
            throw new IllegalArgumentException("series id " + id + " out of sequence, expected " + keys.size());
        }
        register(SeriesKey.of(tags));
    }

    private int register(SeriesKey key) {
        int id = keys.size();
        keys.add(key);
        ids.put(key, id);
        index.add(id, key);
        return id;
    }

    /** Id of an existing series, or -1. */
    public synchronized int find(SeriesKey key) {
        Integer id = ids.get(key);
        return id == null ? -1 : id;
    }

    /** Id of the series, registering it (in memory) when new. */
    public synchronized int getOrCreate(SeriesKey key) {
        Integer id = ids.get(key);
        return id != null ? id : register(key);
    }

    /**
     * Re-creates a series from a WAL record during replay: the id must either be the next one, or
     * already be registered with the same key.
     */
    public synchronized void replay(int id, SeriesKey key) throws IOException {
        if (id < keys.size()) {
            if (!keys.get(id).equals(key)) {
                throw new CorruptFileException(file, -1, "WAL defines series " + id + " as " + key + " but the registry holds " + keys.get(id));
            }
            return;
        }
        if (id != keys.size()) {
            throw new CorruptFileException(file, -1, "WAL defines series " + id + " but the registry has only " + keys.size());
        }
        register(key);
    }

    public synchronized SeriesKey key(int id) {
        return keys.get(id);
    }

    public synchronized int size() {
        return keys.size();
    }

    /** Series ids matching a filter; tags unknown to the table match nothing under {@code =}. */
    public synchronized RoaringBitmap select(TagFilter filter, ToIntFunction<String> tagIndexOf) {
        return index.select(filter, tagIndexOf);
    }

    /** Damage found on open (a bad record with data after it, cut; a copy kept), for {@code sundial check}. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Expected crash aftermath repaired on open (a torn tail cut). */
    public synchronized List<String> repairs() {
        return List.copyOf(repairs);
    }

    /** Appends every series created since the last call to the file and fsyncs it. */
    public synchronized void persistPending() throws IOException {
        if (persisted == keys.size()) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.BIG_ENDIAN);
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int id = persisted; id < keys.size(); id++) {
                SeriesKey k = keys.get(id);
                int len = 6;
                byte[][] enc = new byte[k.length()][];
                for (int t = 0; t < k.length(); t++) {
                    enc[t] = k.tag(t) == null ? null : k.tag(t).getBytes(StandardCharsets.UTF_8);
                    len += 4 + (enc[t] == null ? 0 : enc[t].length);
                }
                if (buf.remaining() < len + 8) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    buf.clear();
                    if (buf.capacity() < len + 8) {
                        buf = ByteBuffer.allocate(len + 8).order(ByteOrder.BIG_ENDIAN);
                    }
                }
                int start = buf.position();
                buf.putInt(len).putInt(0).putInt(id).putShort((short) k.length());
                for (byte[] e : enc) {
                    if (e == null) {
                        buf.putInt(-1);
                    } else {
                        buf.putInt(e.length).put(e);
                    }
                }
                crc.reset();
                crc.update(buf.array(), start + 8, len);
                buf.putInt(start + 4, (int) crc.getValue());
            }
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        persisted = keys.size();
    }

    @Override
    public void close() {
        // nothing held open: the file is opened per append
    }
}
