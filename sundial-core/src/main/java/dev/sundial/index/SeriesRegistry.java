package dev.sundial.index;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.Quarantine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.roaringbitmap.RoaringBitmap;

/**
 * The series of one table: dense int ids (0, 1, 2, …) for tag-value combinations, persisted in an
 * append-only file ({@link SeriesFile}, {@code docs/format/series.md}) and indexed by tag value.
 *
 * <p>Durability: new series are first made durable through the WAL (write batches carry the
 * definitions of the series they create); {@link #persistPending()} appends them to the series file
 * and fsyncs it before a flush publishes segments that use them.
 *
 * <p>Damage: an id is never given to a new series while data on disk carries it, or rows would
 * change owner. Opening reads the records up to the first bad one and leaves the file as found.
 * The owner then proves that nothing on disk needs what was not read: {@link #requireDefined} for
 * the series ids the table's segments carry, {@link #replay} for each series a WAL record defines,
 * {@link #missingSeries} for a WAL row of a series the registry lacks. If all holds — always so
 * after a crash, whose torn tail held only series the WAL still defines — the unread part is cut
 * before the next append (reported as a repair for a torn tail; as a problem, with a copy of the
 * file as found, for a bad record with more data after it). Otherwise the table is refused with an
 * error naming the file: restore it from a backup. A missing file reads as an empty registry, and
 * the same checks decide.
 *
 * <p>Thread-safe: all methods are synchronized.
 */
public final class SeriesRegistry implements AutoCloseable {
    private final SeriesFile file;
    private final Map<SeriesKey, Integer> ids = new HashMap<>();
    private final List<SeriesKey> keys = new ArrayList<>();
    private final TagIndex index = new TagIndex();
    /** Series in the file (ids below it); the rest exist only in memory and the WAL. */
    private int persisted;

    private SeriesRegistry(SeriesFile file, List<SeriesKey> read) {
        this.file = file;
        for (SeriesKey k : read) {
            register(k);
        }
        persisted = keys.size();
    }

    /**
     * Reads the registry file of a table (absent: empty, created on the first append) up to its
     * first bad record, without changing the file.
     *
     * @param quarantine where a copy of a damaged file goes before the damaged part is cut
     * @throws CorruptFileException for a bad header (magic, checksum, version, table id)
     */
    public static SeriesRegistry open(FileLayer fs, Quarantine quarantine, Path file, int tableId) throws IOException {
        List<SeriesKey> read = new ArrayList<>();
        SeriesFile f = SeriesFile.read(fs, quarantine, file, tableId, read);
        return new SeriesRegistry(f, read);
    }

    private int register(SeriesKey key) {
        if (key.length() > SeriesFile.MAX_RECORD_TAGS) {
            throw new IllegalStateException("BUG: series key with " + key.length() + " tag values does not fit a registry record");
        }
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

    /**
     * Id of the series, registering it (in memory) when new. The caller has checked the key against
     * {@link SeriesKeyLimit}.
     */
    public synchronized int getOrCreate(SeriesKey key) {
        Integer id = ids.get(key);
        return id != null ? id : register(key);
    }

    /**
     * Refuses the table when data on disk carries a series id the registry does not define: a new
     * series would take it over, and the rows would change owner.
     *
     * @param highestId the highest series id that {@code carrier} holds rows of (-1: none)
     * @param carrier   what holds them ("segment …"), for the message
     * @param table     the table's name, for the message
     */
    public synchronized void requireDefined(int highestId, String carrier, String table) throws CorruptFileException {
        if (highestId >= keys.size()) {
            throw missingSeries(highestId, carrier, table);
        }
    }

    /**
     * The error refusing the table because {@code user} needs series {@code id}, which this
     * registry does not define: {@code cannot read …/series.sds [offset=N]: holds 3 series, but
     * segment … uses series id 7: refusing to open table m, …; restore the file from a backup}.
     */
    public synchronized CorruptFileException missingSeries(int id, String user, String table) {
        String state = file.exists() ? "holds " + keys.size() + " series" : "is missing (so it holds no series)";
        return new CorruptFileException(file.path(), file.validBytes(), state + file.unreadNote() + ", but " + user + " uses series id " + id
                + ": refusing to open table " + table + ", whose rows would be given to new series; restore the file from a backup");
    }

    /**
     * Re-creates a series from a WAL record during replay: the id must either be the next one, or
     * already be registered with the same key; else the table is refused.
     *
     * @param record the WAL record ("WAL record [sequence=…]") and {@code table} its table, for the message
     */
    public synchronized void replay(int id, SeriesKey key, String record, String table) throws CorruptFileException {
        if (id < keys.size()) {
            if (!keys.get(id).equals(key)) {
                throw new CorruptFileException(file.path(), file.validBytes(), record + " defines series " + id + " as " + key
                        + " but the registry holds " + keys.get(id) + ": refusing to open table " + table + "; restore the file from a backup");
            }
            return;
        }
        if (id != keys.size()) {
            throw missingSeries(keys.size(), record + " (which defines series " + id + " next)", table);
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

    /** Damage found on open (a bad record with data after it), for {@code sundial check}. */
    public synchronized List<String> problems() {
        String d = file.damage();
        return d == null ? List.of() : List.of(d);
    }

    /** Expected crash aftermath found on open (a torn tail, cut before the next append). */
    public synchronized List<String> repairs() {
        String t = file.tornTail();
        return t == null ? List.of() : List.of(t);
    }

    /**
     * Re-reads the file and compares it with the series in memory, for {@code sundial check}: a
     * problem naming file and offset for damage since the open (what the open found is in
     * {@link #problems()}). Empty when all is well.
     */
    public synchronized List<String> verify() {
        return file.verify(keys);
    }

    /**
     * Appends every series created since the last call to the file and fsyncs it (first cutting
     * what the open could not read: by now the table was opened, so nothing on disk needs it).
     */
    public synchronized void persistPending() throws IOException {
        if (persisted == keys.size()) {
            return;
        }
        file.append(keys);
        persisted = keys.size();
    }

    @Override
    public void close() {
        // nothing held open: the file is opened per append
    }
}
