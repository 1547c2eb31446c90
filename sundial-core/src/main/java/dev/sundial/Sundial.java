package dev.sundial;

import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.DataDirectoryLock;
import dev.sundial.fs.FileLayer;
import dev.sundial.maintenance.MaintenanceScheduler;
import dev.sundial.maintenance.MaintenanceTask;
import dev.sundial.partition.Manifest;
import dev.sundial.partition.TableStorage;
import dev.sundial.retention.RetentionCutoff;
import dev.sundial.retention.RetentionTask;
import dev.sundial.table.Catalog;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableDefinition;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.tier.TierTask;
import dev.sundial.wal.WalOptions;
import dev.sundial.wal.WriteAheadLog;
import dev.sundial.wal.WriteRecordEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Sundial database: one data directory, opened by one process at a time.
 *
 * <pre>{@code
 * try (Sundial db = Sundial.open(Path.of("sundial-data"))) {
 *     Table t = db.createTable(TableSchema.builder("metrics").tag("host").value("value", ColumnType.DOUBLE).build(),
 *             TableOptions.DEFAULTS);
 *     t.insert(DataPoint.at(Instant.now()).tag("host", "a").field("value", 1.5).build());
 *     List<DataPoint> points = t.query(start, end, TagFilter.eq("host", "a"));
 * }
 * }</pre>
 *
 * <p>Write path: a {@link WriteBatch} becomes one WAL record (durable per {@code wal.sync}), is then
 * applied to the in-memory head, which a background flush turns into immutable segment files per
 * time partition, after which the WAL is checkpointed. Opening replays the WAL after the last
 * checkpoint; damaged files are quarantined and reported in {@link #problems()}.
 *
 * <p>Thread-safe: any number of threads may write (each with its own batch) and query.
 * {@link #close()} flushes and releases the directory.
 */
public final class Sundial implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sundial.class.getName());

    private final DataDirectoryLayout layout;
    private final SundialOptions options;
    private final DataDirectoryLock dirLock;
    private final Catalog catalog;
    private final Map<Integer, TableStorage> storages = new ConcurrentHashMap<>();
    private final Object schemaLock = new Object();
    private final WriteAheadLog wal;
    private final MaintenanceScheduler maintenance;
    /** Where {@link #sql} and {@link #prepare} run: default settings, fixed. */
    private final Session defaultSession = new Session(this, true);
    private final FlushCoordinator flushes;
    private final CommitPath commits;
    private final TableRollupSet rollups = new TableRollupSet(this::installLevelRetention);
    private final dev.sundial.rollup.RollupTask rollupTask = new dev.sundial.rollup.RollupTask(this::allRollups);
    private final RetentionTask retention;
    private final TierTask tiers;
    private final dev.sundial.maintenance.MaintenanceTask compaction;
    /** Damage found on open (quarantined or cut files that were not a crash's torn tail). */
    private final List<String> problems = new ArrayList<>();
    /** Crash aftermath repaired on open: incomplete WAL tails cut (the bytes kept), dropped tables' directories removed. */
    private final List<String> repairs = new ArrayList<>();
    private volatile boolean closed;

    private Sundial(Path dir, SundialOptions options) throws IOException {
        this.options = options;
        FileLayer fs = options.fileLayer();
        fs.createDirectoriesDurably(dir);
        this.layout = new DataDirectoryLayout(dir, fs);
        this.dirLock = DataDirectoryLock.acquire(fs, layout.lockFile());
        boolean ok = false;
        WriteAheadLog w = null;
        try {
            boolean catalogExisted = fs.exists(layout.catalogFile());
            this.catalog = Catalog.open(fs, layout.catalogFile());
            removeDroppedTableDirectories(catalogExisted);
            long maxFlushed = 0;
            boolean checkpointUnknown = false;
            for (TableDefinition d : catalog.tables()) {
                TableStorage s = TableStorage.open(layout, d, Manifest.FLUSHED_THROUGH_UNKNOWN);
                installRetention(s);
                storages.put(d.id(), s);
                problems.addAll(s.problems());
                repairs.addAll(s.repairs());
                maxFlushed = Math.max(maxFlushed, s.manifest().flushedThroughSequence());
                checkpointUnknown |= s.manifest().flushedThroughSequence() == Manifest.FLUSHED_THROUGH_UNKNOWN;
            }
            w = WriteAheadLog.open(layout.walDir(), WalOptions.builder().syncMode(options.walSync()).fileLayer(fs)
                    .segmentSizeBytes(options.walSegmentBytes()).quarantineDir(layout.quarantineDir())
                    .startSequence(Math.max(maxFlushed, catalog.droppedThroughSequence()) + 1)
                    .checkpointUnknown(checkpointUnknown).build());
            this.wal = w;
            w.problems().forEach(p -> (p.tornTail() ? repairs : problems).add(p.toString()));
            new WalReplay(storages, problems).replay(w);
            for (TableStorage s : storages.values()) {
                problems.addAll(rollups.open(s));
            }
            this.flushes = new FlushCoordinator(w, storages);
            flushes.addBeforePublish(rollups);
            flushes.addBeforeDelete(rollups);
            // ---- maintenance (issue 8): the scheduler and its tasks ----
            // Flush runs on the scheduler's reserved worker; the other tasks share its one task
            // worker, one step at a time, in the order registered here (register each task below,
            // in dependency order: rollup, retention, compaction, tiers). Triggered after each
            // flush and every MaintenanceScheduler.DEFAULT_INTERVAL_MILLIS; see docs/maintenance.md.
            this.maintenance = new MaintenanceScheduler(options.clock(), new FlushTask(storages, this::flushForScheduler),
                    options.flushIntervalMillis(), MaintenanceScheduler.DEFAULT_INTERVAL_MILLIS);
            this.retention = new RetentionTask(this::tablesAndLevels, flushes.lock());
            this.tiers = new TierTask(this::tableStorages, flushes.lock(), options.clock());
            maintenance.setBackgroundTasks(options.backgroundMaintenance());
            this.compaction = new dev.sundial.maintenance.CompactionTask(compactor(dev.sundial.compaction.IoRateLimiter.DEFAULT_BYTES_PER_SECOND));
            maintenance.register(rollupTask);
            maintenance.register(retention);
            maintenance.register(compaction);
            maintenance.register(tiers);
            // ---- end of maintenance ----
            this.commits = new CommitPath(options, w, storages, maintenance);
            ok = true;
        } finally {
            if (!ok) {
                if (w != null) {
                    w.close();
                }
                rollups.close();
                for (TableStorage s : storages.values()) {
                    s.close();
                }
                dirLock.close();
            }
        }
        for (String p : problems) {
            LOG.log(System.Logger.Level.WARNING, p);
        }
        for (String r : repairs) {
            LOG.log(System.Logger.Level.INFO, "repaired after a crash: " + r);
        }
    }

    /**
     * Deletes the directories of tables the catalog no longer lists: a DROP TABLE commits by
     * rewriting the catalog and deletes the directory afterwards, so a crash in between leaves one
     * (reported in {@link #repairs()}). A directory with an id the catalog never assigned is not
     * ours to delete, nor to reuse (a new table would adopt its rows): the open is refused until an
     * operator restores the catalog or moves the directory away.
     */
    private void removeDroppedTableDirectories(boolean catalogExisted) throws IOException {
        FileLayer fs = layout.fs();
        Path tables = layout.tablesDir();
        if (!fs.isDirectory(tables)) {
            return;
        }
        java.util.Set<Integer> live = new java.util.HashSet<>();
        for (TableDefinition d : catalog.tables()) {
            live.add(d.id());
        }
        List<Path> dirs = fs.list(tables);
        List<Path> unknown = new ArrayList<>();
        List<Path> dropped = new ArrayList<>();
        for (Path d : dirs) {
            int id = DataDirectoryLayout.tableIdOf(d.getFileName().toString());
            if (id < 0 || live.contains(id) || !fs.isDirectory(d)) {
                continue;
            }
            (id >= catalog.nextTableId() ? unknown : dropped).add(d);
        }
        if (!unknown.isEmpty()) {
            throw new IOException("cannot open data directory " + layout.root() + ": " + unknown
                    + (catalogExisted ? " hold tables the catalog " + layout.catalogFile() + " never assigned (it assigned ids below "
                            + catalog.nextTableId() + "; is it older than the data?)"
                            : " hold tables, but the catalog " + layout.catalogFile() + " is missing")
                    + ". Restore the catalog from a backup, or move those directories out of " + tables
                    + " to open the database without them; Sundial neither deletes nor reuses them");
        }
        for (Path d : dropped) {
            fs.deleteTree(d);
            repairs.add("removed " + d + ": its table was dropped (the directory outlived an interrupted DROP TABLE)");
        }
    }

    /**
     * Runs one SQL statement with optional parameters ({@code ?} or {@code $1} …) and returns its
     * result, streamed. Needs {@code sundial-sql} on the class path. Close the result.
     *
     * @throws QueryException for syntax, name, type and limit errors, with the position in {@code sql}
     */
    public QueryResult sql(String sql, Object... params) {
        return prepare(sql).execute(params);
    }

    /**
     * Parses and analyzes a statement once, to run many times with parameters. Runs in the default
     * session: default settings, and {@code SET} is an error (use {@link #session()}).
     */
    public PreparedQuery prepare(String sql) {
        return prepareIn(defaultSession, sql);
    }

    /** A new SQL session: statements run in it share settings ({@code SET rollups = off}) until it is dropped. */
    public Session session() {
        checkOpen();
        return new Session(this, false);
    }

    PreparedQuery prepareIn(Session session, String sql) {
        if (closed) {
            throw new QueryException("cannot run SQL: the database " + layout.root() + " is closed");
        }
        return SqlEngineHolder.ENGINE.prepare(session, sql);
    }

    /** Finds the SQL module once, on first use. */
    private static final class SqlEngineHolder {
        static final SqlEngine ENGINE = java.util.ServiceLoader.load(SqlEngine.class).findFirst()
                .orElseGet(() -> (session, sql) -> {
                    throw new QueryException("cannot run SQL: the module sundial-sql is not on the class path");
                });
    }

    /** Opens (creating if needed) the database in {@code dir} with default options. */
    public static Sundial open(Path dir) throws IOException {
        return open(dir, SundialOptions.defaults());
    }

    /** Opens (creating if needed) the database in {@code dir}. */
    public static Sundial open(Path dir, SundialOptions options) throws IOException {
        return new Sundial(dir, options);
    }

    public Path directory() {
        return layout.root();
    }

    public SundialOptions options() {
        return options;
    }

    /**
     * Damage found when opening: files quarantined, damaged records cut, a manifest rebuilt. Empty
     * when all was well. The torn tails a crash leaves are not damage: see {@link #repairs()}.
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Crash aftermath repaired when opening: incomplete records cut from a WAL tail (the cut bytes are kept in the quarantine), directories of dropped tables removed. */
    public List<String> repairs() {
        return List.copyOf(repairs);
    }

    // ---- tables ----

    /**
     * Makes {@code retention_raw} act on a table's reads and expiry: the cutoff is computed from the
     * clock and the table's current options at every read, so {@code ALTER TABLE … SET} takes effect
     * at once.
     */
    private void installRetention(TableStorage s) {
        s.setRetentionCutoff(RetentionCutoff.of(options.clock(), s::definition, RetentionCutoff.RAW));
    }

    /** Every table's storage, by ascending id (the targets of retention and tier moves). */
    /** Gives a rollup level, when its storage opens, its retention cutoff ({@code retention_<level>}; none = kept). */
    private void installLevelRetention(TableStorage raw, dev.sundial.rollup.RollupLevel level, TableStorage storage) {
        storage.setRetentionCutoff(RetentionCutoff.of(options.clock(), raw::definition, level.name()));
    }

    /** Every table's storage, then every rollup level's: what retention expires and compaction merges. */
    private List<TableStorage> tablesAndLevels() {
        List<TableStorage> all = tableStorages();
        for (dev.sundial.rollup.TableRollups r : rollups.all()) {
            for (dev.sundial.rollup.RollupLevel l : r.builtLevels()) {
                all.add(l.storage());
            }
        }
        return all;
    }

    private List<TableStorage> tableStorages() {
        List<TableStorage> all = new ArrayList<>(storages.values());
        all.sort(Comparator.comparingInt(s -> s.definition().id()));
        return all;
    }

    // ---- maintenance ----

    /**
     * The {@code retention} task: deletes partitions past each table's {@code retention_raw}, one
     * table per step ({@link RetentionTask}). Rollup levels join by adding their storages to its
     * target list.
     */
    public MaintenanceTask retentionTask() {
        return retention;
    }

    /** The {@code tiers} task: moves partitions older than {@code cold_after} to the cold tier, one per step ({@link TierTask}). */
    public MaintenanceTask tierTask() {
        return tiers;
    }

    /** Creates a table; fails if it exists. */
    public Table createTable(TableSchema schema, TableOptions options) throws IOException {
        checkOpen();
        synchronized (schemaLock) {
            TableDefinition d = catalog.create(schema, options);
            TableStorage s = TableStorage.open(layout, d, wal.lastSequence());
            installRetention(s);
            rollups.open(s);
            storages.put(d.id(), s);
            return new Table(this, s);
        }
    }

    /** Creates a table unless one with that name exists; returns the table either way. */
    public Table createTableIfNotExists(TableSchema schema, TableOptions options) throws IOException {
        synchronized (schemaLock) {
            Table t = table(schema.name());
            return t != null ? t : createTable(schema, options);
        }
    }

    /**
     * Drops a table: removes it from the catalog (the commit point: durable when this returns, and
     * a crash before it leaves the table whole), then closes its storage and deletes its directory
     * (a crash after the commit leaves a directory that the next open removes). Rows of the table
     * still in the WAL are skipped on replay; its id is never given to another table, so creating
     * a table of the same name afterwards starts empty. Handles on the dropped table become stale:
     * their operations throw {@link IllegalStateException}; writes that resolved the table before
     * the drop and commit after it fail with {@link WriteBatch.WriteException}. Queries running on
     * it keep their snapshot until they close.
     *
     * <p>Waits for a running flush or delete (it takes the flush lock).
     *
     * @return true when the table existed and was dropped, false when there was no such table
     *         (SQL {@code DROP TABLE IF EXISTS} ignores that; plain {@code DROP TABLE} reports it)
     */
    public boolean dropTable(String name) throws IOException {
        checkOpen();
        TableStorage s;
        synchronized (flushes.lock()) {
            synchronized (schemaLock) {
                TableDefinition d = catalog.get(name);
                if (d == null) {
                    return false;
                }
                s = storages.get(d.id());
                s.lock().lock();
                try {
                    catalog.drop(name, wal.lastSequence()); // the commit point; on failure nothing changed
                    s.markDropped();
                    storages.remove(d.id());
                } finally {
                    s.lock().unlock();
                }
            }
        }
        // Outside the locks (no flush waits for a large directory to go): nothing reaches this
        // storage any more — it left the map, and stale handles check the dropped mark.
        try {
            rollups.dropped(s);
            s.close();
            layout.fs().deleteTree(layout.tableDir(s.definition().id()));
        } catch (IOException e) {
            // The drop is committed; failing now would misreport it. The next open removes the rest.
            LOG.log(System.Logger.Level.WARNING, "table " + name + " is dropped, but cannot delete its directory "
                    + layout.tableDir(s.definition().id()) + " (removed on the next open): " + e.getMessage(), e);
        }
        return true;
    }

    /** The table of that name (case-sensitive), or null. */
    public Table table(String name) {
        checkOpen();
        TableDefinition d = catalog.get(name);
        TableStorage s = d == null ? null : storages.get(d.id());
        // null storage: a concurrent create or drop is between its catalog change and its storage map change
        return s == null ? null : new Table(this, s);
    }

    /** All tables, by name. */
    public List<Table> tables() {
        checkOpen();
        List<Table> out = new ArrayList<>();
        for (TableDefinition d : catalog.tables()) {
            TableStorage s = storages.get(d.id());
            if (s != null) { // else a concurrent create or drop is halfway
                out.add(new Table(this, s));
            }
        }
        out.sort(Comparator.comparing(Table::name));
        return out;
    }

    /** A new write batch; see {@link WriteBatch}. */
    public WriteBatch newBatch() {
        checkOpen();
        return new WriteBatch(this);
    }

    TableStorage storageForWrite(String name) throws IOException {
        checkOpen();
        TableDefinition d = catalog.get(name);
        TableStorage found = d == null ? null : storages.get(d.id());
        if (found != null) {
            return found;
        }
        synchronized (schemaLock) { // create and drop change catalog and storage map together under it
            d = catalog.get(name);
            if (d == null) {
                if (!options.autoCreate()) {
                    throw new WriteBatch.WriteException("cannot write to table " + name + ": it does not exist (auto-create is off)");
                }
                createTable(new TableSchema(name, TableSchema.DEFAULT_TIMESTAMP_COLUMN, List.of(), List.of()), TableOptions.DEFAULTS);
                d = catalog.get(name);
            }
            return storages.get(d.id());
        }
    }

    TableSchema addColumn(TableStorage s, String name, ColumnType type) throws IOException {
        if (!options.autoCreate()) {
            throw new WriteBatch.WriteException("cannot write field " + name + " of table " + s.definition().name()
                    + ": no such column (auto-create is off)");
        }
        return alter(s, schema -> schema.valueIndex(name) >= 0 ? schema : schema.withValue(new ColumnDef(name, type)));
    }

    TableSchema addTag(TableStorage s, String tag) throws IOException {
        if (!options.autoCreate()) {
            throw new WriteBatch.WriteException("cannot write tag " + tag + " of table " + s.definition().name()
                    + ": no such tag column (auto-create is off)");
        }
        return alter(s, schema -> schema.tagIndex(tag) >= 0 ? schema : schema.withTag(tag));
    }

    /** Applies a schema change durably (catalog first), then installs it in the table storage. */
    TableSchema alter(TableStorage s, java.util.function.UnaryOperator<TableSchema> change) throws IOException {
        synchronized (schemaLock) {
            TableDefinition d = s.definition();
            TableSchema next = change.apply(d.schema());
            if (next != d.schema()) {
                install(s, new TableDefinition(d.id(), next, d.options()));
            }
            return s.definition().schema();
        }
    }

    /** Replaces a table's options (validated by the caller); durable when this returns. */
    void setOptions(TableStorage s, TableOptions o) throws IOException {
        synchronized (schemaLock) {
            TableDefinition d = s.definition();
            install(s, new TableDefinition(d.id(), d.schema(), o));
        }
    }

    /** Caller holds schemaLock: the catalog first (durable), then the table's storage (under its lock). */
    private void install(TableStorage s, TableDefinition next) throws IOException {
        catalog.update(next);
        TableDefinition before = s.definition();
        s.lock().lock();
        try {
            s.setDefinition(next);
        } finally {
            s.lock().unlock();
        }
        rollups.definitionChanged(s, before);
    }

    /** The rollup levels of a table (null while a create or drop is halfway). */
    dev.sundial.rollup.TableRollups rollupsOf(TableStorage s) {
        return rollups.of(s);
    }

    /**
     * Runs every pending rollup step now — builds levels up to the newest flushed data and rebuilds
     * dirty buckets — and returns one line per step done. The maintenance scheduler runs the same
     * steps in the background; this is for operators, tests and benchmarks that need them done.
     */
    public List<String> buildRollups() throws IOException {
        checkOpen();
        List<String> done = new ArrayList<>();
        String line;
        while ((line = rollupTask.runStep()) != null) {
            done.add(line);
        }
        return done;
    }

    /** The rollup levels of every table, for the maintenance task. */
    List<dev.sundial.rollup.TableRollups> allRollups() {
        return rollups.all();
    }

    // ---- write path ----

    CommitPath.Committed commit(WriteRecordEncoder encoder, java.util.function.IntFunction<TableStorage> storageOf) throws IOException {
        checkOpen();
        return counted(commits.commit(encoder, storageOf));
    }

    /** Rows written since open that replaced a row of the same series and timestamp (see {@link WriteResult}). */
    public long rowsReplaced() {
        return rowsReplaced.sum();
    }

    private final java.util.concurrent.atomic.LongAdder rowsReplaced = new java.util.concurrent.atomic.LongAdder();

    private CommitPath.Committed counted(CommitPath.Committed c) {
        if (c.replaced() > 0) {
            rowsReplaced.add(c.replaced());
        }
        return c;
    }

    /**
     * Waits until the WAL record {@code sequence} (from {@link WriteBatch#commitWithoutWaiting()})
     * is durable under the configured {@code wal.sync}: an fsync in {@code batch} mode (shared with
     * concurrent writers); nothing to wait for in {@code interval} and {@code none} modes.
     */
    public void awaitDurable(long sequence) throws IOException {
        commits.awaitDurable(sequence);
    }

    CommitPath.Committed commitWithoutWaiting(WriteRecordEncoder encoder, java.util.function.IntFunction<TableStorage> storageOf)
            throws IOException {
        checkOpen();
        return counted(commits.commitWithoutWaiting(encoder, storageOf));
    }

    /** Estimated bytes of all live heads. */
    long liveHeadBytes() {
        return commits.liveHeadBytes();
    }

    // ---- flush ----

    /**
     * Flushes every table's head into segment files and checkpoints the WAL. Returns when done.
     * Runs one at a time; writers continue meanwhile.
     */
    public void flush() throws IOException {
        checkOpen();
        maintenance.runFlush();
    }

    private void flushForScheduler() throws IOException {
        if (!closed) {
            flushNow(false);
        }
    }

    private void flushNow(boolean closing) throws IOException {
        flushes.flush(closing);
    }

    // ---- delete ----

    /** Deletes rows of a table (see {@link Table#delete}); see {@link FlushCoordinator#delete}. */
    long delete(TableStorage s, long from, long to, dev.sundial.index.TagFilter filter) throws IOException {
        checkOpen();
        return flushes.delete(s, from, to, filter);
    }

    // ---- introspection ----

    /**
     * Verifies every checksum of the data directory: catalog, manifests, series registries and WAL
     * (all validated when the database was opened; problems found then are included) and every
     * byte of every segment (whole-file and per-chunk CRC32C).
     */
    public CheckReport check() {
        checkOpen();
        List<String> found = new ArrayList<>(problems);
        int files = 1 + wal.segmentCount();
        for (TableStorage s : storages.values()) {
            files += 2;
            found.addAll(s.registry().verify());
            files += verifySegments(s, found);
            dev.sundial.rollup.TableRollups r = rollups.of(s);
            if (r != null) {
                for (dev.sundial.rollup.RollupLevel l : r.builtLevels()) {
                    files += 1 + verifySegments(l.storage(), found);
                }
            }
        }
        List<String> repaired = new ArrayList<>(repairs);
        addQuarantineEntries(found, repaired);
        return new CheckReport(files, found, repaired);
    }

    /** Verifies every byte of the live segments of a table or rollup level; returns how many were read. */
    private static int verifySegments(TableStorage s, List<String> found) {
        int files = 0;
        for (var seg : s.segments().segments()) {
            if (!seg.retain()) {
                continue;
            }
            try {
                seg.verify();
            } catch (IOException e) {
                found.add(e.getMessage());
            } finally {
                try {
                    seg.release();
                } catch (IOException e) {
                    found.add("cannot close " + seg.file() + ": " + e.getMessage());
                }
            }
            files++;
        }
        return files;
    }

    /**
     * Adds what the quarantine holds: damage entries stay problems until an operator removes them
     * ({@code sundial quarantine --delete}), however long ago they were found; cut WAL tails are
     * listed with the repairs. Entries already named by a message of this open are not repeated.
     */
    private void addQuarantineEntries(List<String> found, List<String> repaired) {
        List<dev.sundial.fs.Quarantine.Entry> entries;
        try {
            entries = dev.sundial.fs.Quarantine.list(layout.fs(), layout.quarantineDir());
        } catch (IOException e) {
            found.add("cannot list the quarantine " + layout.quarantineDir() + ": " + e.getMessage());
            return;
        }
        for (var e : entries) {
            List<String> into = e.kind() == dev.sundial.fs.Quarantine.Kind.DAMAGE ? found : repaired;
            String where = (e.file() != null ? e.file() : e.reasonFile()).toString();
            if (into.stream().noneMatch(m -> m.contains(where))) {
                into.add(e.toString());
            }
        }
    }

    /** Size of the WAL on disk. */
    public long walBytes() {
        return wal.sizeBytes();
    }

    /** Live WAL segment files (the active one included). */
    public int walSegments() {
        return wal.segmentCount();
    }

    /** The WAL's appends and fsyncs (with their durations) since the database opened, for monitoring. */
    public dev.sundial.wal.WalStats walStats() {
        return wal.stats();
    }

    WriteAheadLog wal() {
        return wal;
    }

    /**
     * The maintenance scheduler: flush, rollups, retention, compaction and tier moves; its history
     * ({@code SHOW MAINTENANCE}), what is pending, and on-demand runs ({@code CALL maintenance()},
     * {@code sundial maintain}). Tasks register with {@link MaintenanceScheduler#register}.
     */
    public MaintenanceScheduler maintenance() {
        return maintenance;
    }

    // ---- compaction (issue 8): the one place the facade knows it ----

    /**
     * The maintenance task compacting this database's tables ({@link dev.sundial.compaction.Compactor}):
     * the maintenance scheduler registers it; a caller may also run its steps on demand (benchmarks,
     * tests). Its commits take the flush lock (and do nothing once the database is closing).
     */
    public dev.sundial.maintenance.MaintenanceTask compactionTask() {
        return compaction;
    }

    /** A compactor of this database writing at most {@code bytesPerSecond}. */
    dev.sundial.compaction.Compactor compactor(long bytesPerSecond) {
        // tables and their rollup levels (a level gains a segment at every rollup step and rebuild)
        return new dev.sundial.compaction.Compactor(this::tablesAndLevels, commit -> {
            synchronized (flushes.lock()) {
                return !closed && commit.run();
            }
        }, options.clock(), new dev.sundial.compaction.IoRateLimiter(bytesPerSecond));
    }

    /** Flush and delete coordination; its after-flush hook is where rollups attach. */
    FlushCoordinator flushes() {
        return flushes;
    }

    DataDirectoryLayout layout() {
        return layout;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("cannot use database " + layout.root() + ": it is closed");
        }
    }

    /**
     * Stops the maintenance scheduler (waiting for a running step; no step starts after this
     * point), flushes in the closing thread, then releases every file and the directory lock. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        IOException failure = null;
        try {
            maintenance.close();
            flushNow(true);
        } catch (IOException e) {
            failure = e;
        } finally {
            closed = true;
            try {
                wal.close();
            } catch (IOException e) {
                failure = add(failure, e);
            }
            try {
                rollups.close(); // waits for a running rollup step; before the tables (levels share their registries)
            } catch (IOException e) {
                failure = add(failure, e);
            }
            for (TableStorage s : storages.values()) {
                try {
                    s.close();
                } catch (IOException e) {
                    failure = add(failure, e);
                }
            }
            try {
                dirLock.close();
            } catch (IOException e) {
                failure = add(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Releases everything WITHOUT flushing, leaving acknowledged writes only in the WAL: what a
     * crash right after the last acknowledgement leaves behind. For recovery tests.
     */
    void closeWithoutFlushForTesting() throws IOException {
        maintenance.close();
        closed = true;
        wal.close();
        rollups.close();
        for (TableStorage s : storages.values()) {
            s.close();
        }
        dirLock.close();
    }

    private static IOException add(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
