package dev.sundial.index;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.FormatVersion;
import dev.sundial.fs.Quarantine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of a series registry file ({@code series.sds}, {@code docs/format/series.md}): a
 * 16-byte header, then one framed, CRC32C-checked record per series, appended in id order.
 *
 * <p>{@link #read} takes the records up to the first bad one and leaves the file as found; what it
 * could not read is cut by the next {@link #append} — the owner ({@link SeriesRegistry}) only
 * appends once it has proven that nothing on disk needs the series the cut part held. The cut is
 * classified for the report: a crash's torn tail (a short record, or zeros, at the end), or damage
 * (a bad record with more data after it), for which a copy of the file as found is kept beside it.
 *
 * <p>Not thread-safe: the registry calls it under its lock.
 */
final class SeriesFile {
    static final int MAGIC = 0x53445352; // "SDSR"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 16;
    /** The tag count of a record is 16 bits; {@code TableSchema.MAX_TAG_COLUMNS} keeps keys far below. */
    static final int MAX_RECORD_TAGS = 0xFFFF;

    private final FileLayer fs;
    private final Quarantine quarantine;
    private final Path file;
    private final int tableId;
    /** Whether the file exists with its header; created by the first {@link #append}. */
    private boolean created;
    /** Records in the file (series ids below it). */
    private int records;
    /** End of the last good record: where the next record goes. */
    private long validBytes;
    /** Length of the file as read or last written; -1 after a failed append; else above {@link #validBytes} while a cut is pending. */
    private long fileBytes;
    /** Why the bytes from {@link #validBytes} on were not read, or null. */
    private String unreadReason;
    /** Whether the unread part looks like a crash's torn tail (else: damage, with whole records after it). */
    private boolean unreadIsTornTail;
    /** Bytes of records after the bad one (damage only). */
    private long bytesAfterBadRecord;

    private SeriesFile(FileLayer fs, Quarantine quarantine, Path file, int tableId) {
        this.fs = fs;
        this.quarantine = quarantine;
        this.file = file;
        this.tableId = tableId;
    }

    /**
     * Reads the file (absent: no series; created by the first append) up to its first bad record,
     * handing each good record's key to {@code into}, in id order, without changing the file.
     *
     * @throws CorruptFileException for a bad header (magic, checksum, version, table id)
     */
    static SeriesFile read(FileLayer fs, Quarantine quarantine, Path file, int tableId, List<SeriesKey> into) throws IOException {
        SeriesFile f = new SeriesFile(fs, quarantine, file, tableId);
        byte[] all;
        try {
            all = fs.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return f;
        }
        f.checkHeader(all);
        f.created = true;
        f.fileBytes = all.length;
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
        int pos = HEADER_BYTES;
        String bad = null;
        while (pos < all.length && bad == null) {
            int len = all.length - pos < 8 ? -1 : b.getInt(pos);
            bad = checkRecord(all, pos, all.length, f.records);
            if (bad == null) {
                into.add(decodeRecord(all, pos, len).key);
                f.records++;
                pos += 8 + len;
            }
        }
        f.validBytes = pos;
        if (bad != null) {
            f.unreadReason = bad;
            f.unreadIsTornTail = isTornTail(all, pos);
            f.bytesAfterBadRecord = f.unreadIsTornTail ? 0 : all.length - pos - 8L - b.getInt(pos); // not torn: the length fits
        }
        return f;
    }

    /** Why the record at {@code pos} (series {@code id}) is bad, or null when it is good and ends by {@code end}. */
    private static String checkRecord(byte[] all, int pos, long end, int id) {
        if (end - pos < 8) {
            return "torn record header";
        }
        // No upper bound but the file: the whole file is in memory, so a damaged length costs
        // nothing but its checksum test, and every record the writer ever wrote reads back.
        int len = ByteBuffer.wrap(all, pos, 4).getInt();
        if (len < 6 || len > end - pos - 8) {
            return "record length " + len + " does not fit the " + (end - pos - 8) + " bytes after its header";
        }
        CRC32C crc = new CRC32C();
        crc.update(all, pos + 8, len);
        if (ByteBuffer.wrap(all, pos + 4, 4).getInt() != (int) crc.getValue()) {
            return "record checksum mismatch";
        }
        try {
            Record r = decodeRecord(all, pos, len);
            if (r.id != id) {
                return "record holds series id " + r.id + ", expected " + id;
            }
        } catch (RuntimeException e) {
            return "record does not decode: " + e.getMessage();
        }
        return null;
    }

    private void checkHeader(byte[] all) throws IOException {
        if (all.length < HEADER_BYTES) {
            throw new CorruptFileException(file, 0, "shorter than its " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(all, 0, 12);
        if (b.getInt(0) != MAGIC || b.getInt(12) != (int) crc.getValue()) {
            throw new CorruptFileException(file, 0, "bad header magic or checksum");
        }
        FormatVersion.check(file, 4, "series registry", b.getInt(4), VERSION, VERSION);
        if (b.getInt(8) != tableId) {
            throw new CorruptFileException(file, 8, "belongs to table id " + b.getInt(8) + ", expected " + tableId);
        }
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
        int len = ByteBuffer.wrap(all, pos, 4).getInt();
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

    private record Record(int id, SeriesKey key) {
    }

    /** Decodes the payload of the record at {@code pos}, whose length {@code len} fits. */
    private static Record decodeRecord(byte[] all, int pos, int len) {
        ByteBuffer r = ByteBuffer.wrap(all, pos + 8, len);
        int id = r.getInt();
        int n = r.getShort() & 0xFFFF;
        String[] tags = new String[n];
        for (int i = 0; i < n; i++) {
            int l = r.getInt();
            if (l == -1) {
                continue;
            }
            if (l < 0 || l > r.remaining()) {
                throw new IllegalArgumentException("tag length " + l);
            }
            tags[i] = new String(all, r.position(), l, StandardCharsets.UTF_8);
            r.position(r.position() + l);
        }
        if (r.hasRemaining()) {
            throw new IllegalArgumentException(r.remaining() + " trailing bytes");
        }
        return new Record(id, SeriesKey.of(tags));
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return created;
    }

    long validBytes() {
        return validBytes;
    }

    /** What the read could not take: {@code " (the rest of the file, N bytes from offset X, is unreadable: why)"}, or "". */
    String unreadNote() {
        return unreadReason == null ? ""
                : " (the rest of the file, " + (fileBytes - validBytes) + " bytes from offset " + validBytes + ", is unreadable: " + unreadReason + ")";
    }

    /** A torn tail found by the read, as a repair message, or null. */
    String tornTail() {
        return unreadReason == null || !unreadIsTornTail ? null
                : "series registry " + file + " [offset=" + validBytes + "]: cut a torn tail of " + (fileBytes - validBytes) + " bytes ("
                        + unreadReason + "), series it held are re-created from the WAL";
    }

    /** Damage found by the read, as a problem message, or null. */
    String damage() {
        return unreadReason == null || unreadIsTornTail ? null
                : "series registry " + file + " [offset=" + validBytes + "] is damaged (" + unreadReason + "), with " + bytesAfterBadRecord
                        + " bytes of records after the bad one: every series that segments and the WAL use was read or re-created from"
                        + " the WAL, so the rest is cut before the next append, keeping a copy of the file as found in the quarantine as t"
                        + tableId + "-" + file.getFileName() + ".corrupt";
    }

    /**
     * Appends the series {@code keys[records …]} and fsyncs: first creating the file, or cutting
     * what the read could not take (after copying the file as found, when that was damage).
     */
    void append(List<SeriesKey> keys) throws IOException {
        if (!created) {
            create();
        } else if (fileBytes != validBytes) {
            cutUnread();
        }
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.BIG_ENDIAN);
        CRC32C crc = new CRC32C();
        long written = 0;
        try (FileChannel ch = fs.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int id = records; id < keys.size(); id++) {
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
                        written += ch.write(buf);
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
                written += ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // The next append must not land after a partial record (a later read would see a bad
            // record with good ones after it): cut back to the last good record first.
            fileBytes = -1;
            throw e;
        }
        records = keys.size();
        validBytes += written;
        fileBytes = validBytes;
    }

    private void create() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        h.putInt(MAGIC).putInt(VERSION).putInt(tableId);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 12);
        h.putInt((int) crc.getValue());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        fs.write(tmp, h.array());
        fs.publish(tmp, file);
        created = true;
        validBytes = HEADER_BYTES;
        fileBytes = HEADER_BYTES;
    }

    private void cutUnread() throws IOException {
        String what;
        if (unreadReason != null && !unreadIsTornTail) {
            Path copy = quarantine.copy(file, "t" + tableId + "-" + file.getFileName() + ".corrupt", "series registry damaged at offset "
                    + validBytes + " (" + unreadReason + "); the table's series were all read or re-created from the WAL, so the"
                    + " registry was cut there; this is the file as found");
            quarantine.sync();
            what = "cut damaged series registry " + file + " at offset " + validBytes + " (" + unreadReason + "); the file as found is kept as " + copy;
        } else if (unreadReason != null) {
            what = "cut " + (fileBytes - validBytes) + " bytes of torn tail from series registry " + file + " at offset " + validBytes;
        } else {
            what = "cut series registry " + file + " back to offset " + validBytes + " after a failed append";
        }
        try (FileChannel ch = fs.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(validBytes);
            ch.force(true);
        }
        fileBytes = validBytes;
        unreadReason = null;
        System.getLogger(SeriesFile.class.getName()).log(System.Logger.Level.WARNING, what);
    }

    /**
     * Re-reads the file and compares its records with {@code keys[0 … records)}: a problem per
     * difference (the first bad record ends the comparison), naming file and offset.
     */
    List<String> verify(List<SeriesKey> keys) {
        List<String> found = new ArrayList<>();
        if (!created) {
            if (fs.exists(file)) {
                found.add("cannot verify " + file + ": it appeared after the table was opened");
            }
            return found;
        }
        byte[] all;
        try {
            all = fs.readAllBytes(file);
            checkHeader(all);
        } catch (NoSuchFileException e) {
            found.add("cannot read " + file + " [offset=0]: the file is missing, it held " + records + " series");
            return found;
        } catch (IOException e) {
            found.add(e instanceof CorruptFileException ? e.getMessage() : "cannot verify " + file + ": " + e.getMessage());
            return found;
        }
        if (all.length < validBytes) {
            found.add("cannot read " + file + " [offset=" + all.length + "]: the file is shorter than the " + validBytes
                    + " bytes of its " + records + " series");
            return found;
        }
        int pos = HEADER_BYTES;
        for (int id = 0; id < records; id++) {
            String bad = checkRecord(all, pos, validBytes, id);
            if (bad == null) {
                int len = ByteBuffer.wrap(all, pos, 4).getInt();
                SeriesKey k = decodeRecord(all, pos, len).key;
                if (k.equals(keys.get(id))) {
                    pos += 8 + len;
                    continue;
                }
                bad = "record holds " + k + ", expected " + keys.get(id);
            }
            found.add("cannot read " + file + " [offset=" + pos + "]: series " + id + ": " + bad);
            return found;
        }
        return found;
    }
}
