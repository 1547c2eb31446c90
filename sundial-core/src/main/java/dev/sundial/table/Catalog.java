package dev.sundial.table;

import dev.sundial.codec.Compression;
import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persisted list of tables of a data directory ({@code catalog.sdc}, format in
 * {@code docs/format/catalog.md}). Every change is written durably (atomic replace) before it is
 * visible, so a write that depends on a new table or column never reaches the WAL before the
 * catalog knows the column.
 *
 * <p>Thread-safe: all methods are synchronized; lookups return immutable definitions.
 */
public final class Catalog {
    static final int MAGIC = 0x53444341; // "SDCA"
    /** Written today; version 1 (no dropped-table WAL mark) is still read. */
    static final int VERSION = 2;

    private final FileLayer fs;
    private final Path file;
    private final Map<String, TableDefinition> byName = new LinkedHashMap<>();
    private int nextTableId;
    /** WAL sequence of the last record a dropped table may have; 0 when no table was ever dropped. */
    private long droppedThroughSequence;

    private Catalog(FileLayer fs, Path file) {
        this.fs = fs;
        this.file = file;
    }

    /** Opens (or starts) the catalog stored at {@code file}. */
    public static Catalog open(FileLayer fs, Path file) throws IOException {
        Catalog c = new Catalog(fs, file);
        ChecksummedFile.Body body = ChecksummedFile.read(fs, file, MAGIC, VERSION);
        if (body != null) {
            try {
                c.decode(body.bytes(), body.version());
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new CorruptFileException(file, ChecksummedFile.HEADER_BYTES + body.bytes().position(),
                        "catalog body does not decode: " + e.getMessage());
            }
        }
        return c;
    }

    public synchronized TableDefinition get(String name) {
        return byName.get(name);
    }

    /** The id the next created table gets; every id below it was assigned once and is never reused. */
    public synchronized int nextTableId() {
        return nextTableId;
    }

    public synchronized List<TableDefinition> tables() {
        return List.copyOf(byName.values());
    }

    /** Creates a table; fails if the name exists. Durable when this returns. */
    public synchronized TableDefinition create(TableSchema schema, TableOptions options) throws IOException {
        if (byName.containsKey(schema.name())) {
            throw new IllegalArgumentException("cannot create table " + schema.name() + ": it already exists");
        }
        TableDefinition d = new TableDefinition(nextTableId, schema, options);
        byName.put(schema.name(), d);
        nextTableId++;
        try {
            persist();
        } catch (IOException e) {
            byName.remove(schema.name());
            nextTableId--;
            throw e;
        }
        return d;
    }

    /** Replaces a table's definition (added columns, changed options); durable when this returns. */
    public synchronized void update(TableDefinition d) throws IOException {
        TableDefinition old = byName.get(d.name());
        if (old == null || old.id() != d.id()) {
            throw new IllegalStateException("BUG: updating unknown table " + d.name());
        }
        byName.put(d.name(), d);
        try {
            persist();
        } catch (IOException e) {
            byName.put(d.name(), old);
            throw e;
        }
    }

    /**
     * Removes a table from the catalog, durably (the commit point of DROP TABLE); its files are
     * deleted by the caller afterwards.
     *
     * @param lastWalSequence the WAL's last sequence, read while no record of the table can be
     *                        written: every record of the table is at or below it, so the WAL below
     *                        it is not needed for the table and sequence numbers must continue above it
     *                        even when every table that remembers later records is gone too
     */
    public synchronized void drop(String name, long lastWalSequence) throws IOException {
        TableDefinition old = byName.remove(name);
        if (old == null) {
            throw new IllegalArgumentException("cannot drop table " + name + ": it does not exist");
        }
        long oldMark = droppedThroughSequence;
        droppedThroughSequence = Math.max(droppedThroughSequence, lastWalSequence);
        try {
            persist();
        } catch (IOException e) {
            byName.put(name, old);
            droppedThroughSequence = oldMark;
            throw e;
        }
    }

    /**
     * The highest WAL sequence a dropped table may have records at (0 if none was dropped). The WAL
     * continues above it: with the flushed-through marks of the tables that remain it bounds what
     * has been checkpointed, which the tables alone no longer tell once the newest was dropped.
     */
    public synchronized long droppedThroughSequence() {
        return droppedThroughSequence;
    }

    private void persist() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(nextTableId);
        out.writeLong(droppedThroughSequence);
        Collection<TableDefinition> all = byName.values();
        out.writeInt(all.size());
        for (TableDefinition d : all) {
            out.writeInt(d.id());
            TableSchema s = d.schema();
            writeString(out, s.name());
            writeString(out, s.timestampColumn());
            out.writeInt(s.tagCount());
            for (String t : s.tags()) {
                writeString(out, t);
            }
            out.writeInt(s.valueCount());
            for (ColumnDef c : s.values()) {
                writeString(out, c.name());
                out.writeByte(c.type().code);
            }
            Map<String, String> opts = d.options().asText();
            out.writeInt(opts.size());
            for (Map.Entry<String, String> e : opts.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
        }
        out.flush();
        ChecksummedFile.write(fs, file, MAGIC, VERSION, bytes.toByteArray(), bytes.size());
    }

    private void decode(ByteBuffer b, int version) {
        nextTableId = b.getInt();
        if (version >= 2) {
            droppedThroughSequence = b.getLong();
            if (droppedThroughSequence < 0) {
                throw new IllegalArgumentException("negative dropped-through WAL sequence " + droppedThroughSequence);
            }
        }
        int n = checkCount(b.getInt(), b);
        for (int i = 0; i < n; i++) {
            int id = b.getInt();
            String name = readString(b);
            String ts = readString(b);
            int tagCount = checkCount(b.getInt(), b);
            List<String> tags = new ArrayList<>(tagCount);
            for (int k = 0; k < tagCount; k++) {
                tags.add(readString(b));
            }
            int valueCount = checkCount(b.getInt(), b);
            List<ColumnDef> values = new ArrayList<>(valueCount);
            for (int k = 0; k < valueCount; k++) {
                String cn = readString(b);
                values.add(new ColumnDef(cn, ColumnType.fromCode(b.get())));
            }
            int optCount = checkCount(b.getInt(), b);
            Map<String, String> opts = new LinkedHashMap<>();
            for (int k = 0; k < optCount; k++) {
                opts.put(readString(b), readString(b));
            }
            TableOptions options = new TableOptions(PartitionGranularity.DAY, Compression.AUTO, Map.of(), List.of()).with(opts);
            byName.put(name, new TableDefinition(id, new TableSchema(name, ts, tags, values), options));
            if (id >= nextTableId) {
                throw new IllegalArgumentException("table id " + id + " not below next id " + nextTableId);
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " trailing bytes");
        }
    }

    private static int checkCount(int n, ByteBuffer b) {
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("count " + n + " exceeds remaining " + b.remaining() + " bytes");
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer b) {
        int len = checkCount(b.getInt(), b);
        String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }
}
