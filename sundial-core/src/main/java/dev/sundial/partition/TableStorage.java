package dev.sundial.partition;

import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import dev.sundial.head.Head;
import dev.sundial.index.SeriesKey;
import dev.sundial.index.SeriesRegistry;
import dev.sundial.segment.SegmentInfo;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableDefinition;
import dev.sundial.wal.WriteRecordDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * All storage state of one table: definition, series registry, live head, heads being flushed,
 * manifest and open segments. It is the unit the write path locks, the flusher drains and queries
 * snapshot.
 *
 * <p>Thread-safety: {@link #lock()} guards the live head, the frozen-head list and the swap of the
 * segment set; writers hold it while applying a WAL record, readers while taking a snapshot.
 * Segment sets and sealed chunks are immutable and read without the lock.
 */
public final class TableStorage implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TableStorage.class.getName());

    private final DataDirectoryLayout layout;
    private volatile TableDefinition definition;
    private volatile ColumnType[] types;
    private final SeriesRegistry registry;
    /** False for a rollup level, which shares its table's registry. */
    private final boolean ownsRegistry;
    private final ReentrantLock lock = new ReentrantLock();
    private Head live;
    private final List<Head> frozen = new CopyOnWriteArrayList<>();
    private volatile Manifest manifest;
    private volatile SegmentSet segments = SegmentSet.EMPTY;
    private int walLoggedSeriesBound;
    /** Set (under the lock) when the table was removed from the catalog; no write may reach the WAL after. */
    private volatile boolean dropped;
    private final List<String> problems;
    private final List<String> repairs;
    /** Epoch ns below which rows are past retention; see {@link #retentionCutoff()}. */
    private volatile java.util.function.LongSupplier retentionCutoff = () -> Long.MIN_VALUE;

    /** A table's storage as {@link TableRecovery} found it on disk. */
    TableStorage(DataDirectoryLayout layout, TableDefinition definition, SeriesRegistry registry, boolean ownsRegistry,
                 Manifest manifest, List<SegmentSet.Live> segments, List<String> problems, List<String> repairs) {
        this.layout = layout;
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        setDefinition(definition);
        this.live = new Head(definition.options().partitionBy());
        this.manifest = manifest;
        this.segments = SegmentSet.EMPTY.plus(segments);
        this.problems = List.copyOf(problems);
        this.repairs = List.copyOf(repairs);
        this.walLoggedSeriesBound = registry.size();
    }

    /**
     * Opens a table's files ({@link TableRecovery}): the series registry, the manifest (rebuilt from
     * the segments when missing or damaged) and every listed segment (a damaged one quarantined).
     *
     * @param newTableWalSequence flushed-through sequence to record for a table without manifest
     */
    public static TableStorage open(DataDirectoryLayout layout, TableDefinition def, long newTableWalSequence) throws IOException {
        return new TableRecovery(layout, def).open(newTableWalSequence);
    }

    /**
     * Opens the storage of one rollup level of a table: a table of its own as far as files go
     * ({@code layout} from {@link DataDirectoryLayout#forRollupLevel}), with a derived schema, sharing
     * the table's series registry (which it neither writes nor closes). Levels take no WAL part: their
     * flushed-through mark is unused.
     */
    public static TableStorage openLevel(DataDirectoryLayout layout, TableDefinition levelDef, SeriesRegistry tableRegistry)
            throws IOException {
        if (layout.rollupLevel() == null) {
            throw new IllegalStateException("BUG: openLevel with the raw layout");
        }
        return new TableRecovery(layout, levelDef, tableRegistry).open(0);
    }

    /**
     * Deletes a partition directory that holds no file (every segment of the partition was deleted
     * or rewritten away). A directory still holding a file — a retired segment a query still reads —
     * is left for the next open.
     */
    static void deleteIfEmpty(FileLayer fs, Path partitionDir) throws IOException {
        if (!fs.list(partitionDir).isEmpty()) {
            return;
        }
        try {
            fs.delete(partitionDir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // a file appeared meanwhile (a reader's retired segment cannot; a flush could not run): keep it
            LOG.log(System.Logger.Level.DEBUG, "keeping " + partitionDir + ": " + e.getMessage());
        }
    }

    public ReentrantLock lock() {
        return lock;
    }

    /**
     * Marks the table dropped; call under the lock, right after the catalog removed it. Writers
     * check {@link #isDropped()} under the lock before writing to the WAL, so no record of the table
     * follows the catalog change.
     */
    public void markDropped() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("BUG: markDropped without the table lock");
        }
        dropped = true;
    }

    /** Whether the table was dropped: its files are gone or going, handles on it are stale. */
    public boolean isDropped() {
        return dropped;
    }

    /** Throws {@code cannot <verb> table <name>: it was dropped} for a stale handle. */
    public void checkNotDropped(String verb) {
        if (dropped) {
            throw new IllegalStateException("cannot " + verb + " table " + definition.name() + ": it was dropped");
        }
    }

    public TableDefinition definition() {
        return definition;
    }

    /** Installs a new definition (added columns, changed options); call under the lock. */
    public void setDefinition(TableDefinition d) {
        this.definition = d;
        ColumnType[] t = new ColumnType[d.schema().valueCount()];
        for (int i = 0; i < t.length; i++) {
            t[i] = d.schema().value(i).type();
        }
        this.types = t;
    }

    /**
     * Installs how this storage's retention cutoff is computed (the owner knows the clock and which
     * retention option applies: {@code retention_raw} for a table, {@code retention_<level>} for a
     * rollup level). Until called, nothing expires.
     */
    public void setRetentionCutoff(java.util.function.LongSupplier cutoff) {
        this.retentionCutoff = java.util.Objects.requireNonNull(cutoff, "cutoff");
    }

    /**
     * Epoch nanoseconds before which rows are past retention now ({@code now - retention}), or
     * {@link Long#MIN_VALUE} when the data is kept forever. Every read clamps its range to it
     * ({@code TableSnapshot.take}); whole partitions ending at or before it are deleted by retention.
     */
    public long retentionCutoff() {
        return retentionCutoff.getAsLong();
    }

    public ColumnType[] types() {
        return types;
    }

    public SeriesRegistry registry() {
        return registry;
    }

    public Manifest manifest() {
        return manifest;
    }

    public SegmentSet segments() {
        return segments;
    }

    private volatile long liveHeadBytes;
    private volatile int liveHeadSeries;

    /** Records the live head's size after a write (under the lock), for the memory bound and monitoring. */
    public void noteHeadBytes() {
        liveHeadBytes = live.estimatedBytes();
        liveHeadSeries = live.seriesCount();
    }

    /** Estimated bytes of the live head, readable without the lock. */
    public long liveHeadBytes() {
        return liveHeadBytes;
    }

    /** Series holding rows in the live head, readable without the lock. */
    public int liveHeadSeries() {
        return liveHeadSeries;
    }

    /** The live head; only under the lock. */
    public Head liveHead() {
        return live;
    }

    /** Heads frozen for flushing, oldest first (a snapshot of the list). */
    public List<Head> frozenHeads() {
        return List.copyOf(frozen);
    }

    /** Damage found on open: quarantined segments, a rebuilt manifest, a damaged series registry. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Expected crash aftermath repaired on open: torn tails cut. */
    public List<String> repairs() {
        return List.copyOf(repairs);
    }

    // ---- write path (under the lock) ----

    /** First series id not yet defined in the WAL; only under the lock. */
    public int walLoggedSeriesBound() {
        return walLoggedSeriesBound;
    }

    public void walLoggedSeriesUpTo(int bound) {
        walLoggedSeriesBound = Math.max(walLoggedSeriesBound, bound);
    }

    private final ReplacedRows replacedRows = new ReplacedRows(this);

    /**
     * How many rows of a write's section for this table replace a stored row (live head, heads
     * being flushed, segments) or an earlier row of the section ({@link ReplacedRows}). Call under
     * the lock, before the section reaches the WAL and the head.
     *
     * @throws IOException when a segment chunk the count must look into cannot be read
     */
    public long countReplaced(dev.sundial.wal.WriteRecordEncoder.TableRows rows) throws IOException {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("BUG: countReplaced without the table lock");
        }
        return replacedRows.count(rows);
    }

    /**
     * A visitor applying a table section of a WAL record to the live head. During replay, series
     * definitions in the record re-create series missing from the registry file.
     */
    public WriteRecordDecoder.Visitor applier(long walSequence, boolean replay) {
        return new Applier(walSequence, replay);
    }

    private final class Applier implements WriteRecordDecoder.Visitor {
        private final long sequence;
        private final boolean replay;
        private Head.RowWriter row;
        /** Series ids below this exist (the registry only grows); saves a synchronized call per row. */
        private int knownSeries;

        Applier(long sequence, boolean replay) {
            this.sequence = sequence;
            this.replay = replay;
        }

        @Override
        public boolean table(int tableId) {
            if (tableId != definition.id()) {
                throw new IllegalStateException("BUG: applier of table " + definition.id() + " got section of " + tableId);
            }
            live.noteWalSequence(sequence);
            return true;
        }

        @Override
        public void series(int seriesId, String[] tags) {
            if (replay) {
                try {
                    registry.replay(seriesId, SeriesKey.of(tags), "WAL record [sequence=" + sequence + "]", definition.name());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // refuses the open: see WalReplay
                }
                walLoggedSeriesBound = Math.max(walLoggedSeriesBound, seriesId + 1);
            }
        }

        @Override
        public void row(int seriesId, long ts) {
            if (seriesId >= knownSeries && seriesId >= (knownSeries = registry.size())) {
                if (replay) { // the registry lacks a series the WAL uses: refuse the open (see SeriesRegistry)
                    throw new java.io.UncheckedIOException(registry.missingSeries(seriesId, "WAL record [sequence=" + sequence + "]",
                            definition.name()));
                }
                throw new IllegalStateException("BUG: row refers to series " + seriesId + ", not defined (registry holds " + registry.size() + ")");
            }
            row = live.appendRow(seriesId, ts, types, definition.options().compression());
        }

        @Override
        public void doubleField(int column, double v) {
            check(column, ColumnType.DOUBLE);
            row.setDouble(column, v);
        }

        @Override
        public void longField(int column, long v) {
            check(column, ColumnType.BIGINT);
            row.setLong(column, v);
        }

        @Override
        public void booleanField(int column, boolean v) {
            check(column, ColumnType.BOOLEAN);
            row.setBoolean(column, v);
        }

        @Override
        public void stringField(int column, String v) {
            check(column, ColumnType.VARCHAR);
            row.setString(column, v);
        }

        private void check(int column, ColumnType t) {
            if (column >= types.length || types[column] != t) {
                throw new IllegalArgumentException("field for column " + column + " of type " + t + " does not match table "
                        + definition.name() + " (" + (column < types.length ? types[column] : "no such column") + ")");
            }
        }

        @Override
        public void endRow() {
            row = null;
        }
    }

    // ---- flush (called by the flusher) ----

    /**
     * Freezes the live head for flushing (under the lock) and returns it, or null when it is empty.
     * The head records {@code lastWalSequence} read under the lock: every WAL record of this table
     * up to it is in this head or already in segments. Readers keep seeing the frozen head until
     * {@link #publishFlush} swaps in its segments.
     */
    public Head freeze(java.util.function.LongSupplier lastWalSequence) {
        lock.lock();
        try {
            long seq = lastWalSequence.getAsLong();
            if (live.isEmpty()) {
                return null;
            }
            Head h = live;
            h.freezeAt(seq);
            frozen.add(h);
            live = new Head(definition.options().partitionBy());
            liveHeadBytes = 0;
            liveHeadSeries = 0;
            return h;
        } finally {
            lock.unlock();
        }
    }

    /** Reserves {@code n} segment ids (ids only grow; a crash may waste some). */
    public long reserveSegmentIds(int n) {
        lock.lock();
        try {
            Manifest m = manifest;
            manifest = new Manifest(m.flushedThroughSequence(), m.nextSegmentId() + n, m.segments());
            return m.nextSegmentId();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes a flushed head's segments live: writes the manifest (atomic), opens the segments, swaps
     * the segment set and drops the frozen head, in that order, so that at every moment readers see
     * each row exactly once and a crash leaves either the old or the new manifest.
     */
    public void publishFlush(Head flushed, List<SegmentInfo> written) throws IOException {
        long flushedThrough = flushed.frozenAtSequence();
        List<Manifest.Entry> entries = new ArrayList<>();
        List<SegmentReader> readers = new ArrayList<>();
        List<SegmentSet.Live> live = new ArrayList<>();
        try {
            for (SegmentInfo s : written) {
                SegmentReader r = SegmentReader.open(layout.fs(), s.file());
                readers.add(r);
                long end = definition.options().partitionBy().partitionEnd(r.partitionStart());
                live.add(new SegmentSet.Live(r, end));
                entries.add(Manifest.Entry.of(s, r.partitionStart(), end));
            }
            lock.lock();
            try {
                if (layout.rollupLevel() != null) {
                    checkNotSuperseded(live);
                }
                // An older frozen head whose flush failed still holds unflushed records: then the
                // flushed-through mark must stay where it is (replay re-applies newer records too,
                // which upserts make harmless).
                boolean olderPending = !frozen.isEmpty() && frozen.get(0) != flushed;
                long through = olderPending ? manifest.flushedThroughSequence()
                        : Math.max(manifest.flushedThroughSequence(), flushedThrough);
                Manifest m = manifest.withFlush(through, manifest.nextSegmentId(), entries);
                m.write(layout.fs(), layout.manifestFile(definition.id()));
                manifestWritten = true;
                manifest = m;
                segments = segments.plus(live);
                frozen.remove(flushed);
            } finally {
                lock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            for (SegmentReader r : readers) {
                r.release();
            }
            throw e;
        }
    }

    /**
     * Thrown when cells about to be published are older than a compaction output already live over
     * the same span: rollup steps write outside the flush lock, so a compaction can reserve its
     * output id after a rollup step reserved its own and commit before it; the compaction's copies
     * of the older cells would then win over the new ones. Nothing is published; the caller keeps
     * its range to rebuild (and deletes its files).
     */
    public static final class SupersededException extends IOException {
        SupersededException(String message) {
            super(message);
        }
    }

    /** Under the lock: no live segment over the span of {@code added} may have a higher id (rollup levels). */
    private void checkNotSuperseded(List<SegmentSet.Live> added) throws SupersededException {
        for (SegmentSet.Live a : added) {
            for (SegmentReader s : segments.overlapping(a.reader().partitionStart(), a.partitionEnd())) {
                if (s.segmentId() > a.reader().segmentId()) {
                    throw new SupersededException("cannot publish " + a.reader().file() + ": segment " + s.segmentId()
                            + ", written by a compaction meanwhile, is newer over the same span; the cells are rebuilt");
                }
            }
        }
    }

    /** A segment a rewrite wrote, and the span [partitionStart, partitionEnd) it covers. */
    public record RewriteOutput(SegmentInfo segment, long partitionStart, long partitionEnd) {
    }

    /**
     * Makes a rewrite of segments live (rows deleted, segments compacted): {@code replaced} leave and
     * {@code written} (possibly none: every row was deleted) come in. The caller holds the flush lock
     * (so no flush or other rewrite changes the segment set meanwhile) and has written and published
     * the new files. Steps: check that the rewrite still applies; write its {@link RewriteRecord} —
     * the commit point, durable when written; replace the manifest; swap the segment set; retire the
     * replaced segments (their files are deleted when the last query reading them releases them, or,
     * after a crash, on open); remove commit records whose replaced files are all gone.
     *
     * <p>The rewrite still applies when every replaced segment is live and no other live segment
     * that overlaps an output's span has a lower id than that output (a flush that published such a
     * segment while a compaction read the old ones holds newer rows than the output's copies, yet
     * would lose to it). Otherwise nothing changes and this returns false: the caller abandons its
     * output files.
     *
     * @return true when committed (durable), false when the rewrite no longer applies
     * @throws IOException nothing was committed, except when the commit record could not be removed
     *                     after its write failed: then rewrites of this table are refused until it is reopened,
     *                     and the next open completes the rewrite
     */
    public boolean publishRewrite(List<SegmentReader> replaced, List<RewriteOutput> written) throws IOException {
        String blocked = rewritesBlocked;
        if (blocked != null) {
            throw new IOException("cannot rewrite segments of table " + definition.name() + ": " + blocked);
        }
        if (!stillApplies(replaced, written)) {
            return false;
        }
        List<Manifest.Entry> entries = new ArrayList<>();
        List<SegmentReader> readers = new ArrayList<>();
        List<SegmentSet.Live> live = new ArrayList<>();
        Set<Long> removedIds = new HashSet<>();
        List<RewriteRecord.Replaced> gone = new ArrayList<>();
        for (SegmentReader r : replaced) {
            removedIds.add(r.segmentId());
            gone.add(new RewriteRecord.Replaced(r.partitionStart(), r.segmentId()));
        }
        List<RewriteRecord.Written> added = new ArrayList<>();
        try {
            for (RewriteOutput o : written) {
                SegmentReader r = SegmentReader.open(layout.fs(), o.segment().file());
                readers.add(r);
                if (r.partitionStart() != o.partitionStart()) {
                    throw new IllegalStateException("BUG: segment " + r.file() + " starts at " + r.partitionStart() + ", expected "
                            + o.partitionStart());
                }
                live.add(new SegmentSet.Live(r, o.partitionEnd()));
                entries.add(Manifest.Entry.of(o.segment(), o.partitionStart(), o.partitionEnd()));
                added.add(new RewriteRecord.Written(o.partitionStart(), o.partitionEnd(), o.segment().segmentId()));
            }
            long recordId = reserveSegmentIds(1);
            commitRecord(new RewriteRecord(recordId, gone, added));
            lock.lock();
            try {
                Manifest m = manifest.replacing(removedIds, entries);
                manifest = m;
                segments = segments.replacing(replaced, live);
                try {
                    m.write(layout.fs(), layout.manifestFile(definition.id()));
                    manifestWritten = true;
                } catch (IOException e) {
                    manifestWritten = false;
                    // Committed by its record: the next manifest write (any flush) or the next open's
                    // roll-forward brings the file up to date, so failing the rewrite would misreport it.
                    LOG.log(System.Logger.Level.WARNING, "cannot write the manifest of table " + definition.name()
                            + " after a rewrite (committed by its record; completed on the next flush or open): " + e.getMessage(), e);
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            for (SegmentReader r : readers) {
                try {
                    r.release();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        for (SegmentReader r : replaced) {
            try {
                r.retire();
            } catch (IOException e) {
                // The rewrite is committed, so failing it now would misreport it; the file is an
                // orphan of the manifest and the next open deletes it.
                LOG.log(System.Logger.Level.WARNING, "cannot delete " + r.file() + " after a rewrite of table " + definition.name()
                        + " (removed on the next open): " + e.getMessage(), e);
            }
        }
        removeSettledRewriteRecords();
        return true;
    }

    /** See {@link #publishRewrite}: every replaced segment live, no live lower-id segment overlapping an output. */
    private boolean stillApplies(List<SegmentReader> replaced, List<RewriteOutput> written) {
        SegmentSet set = segments;
        for (SegmentReader r : replaced) {
            if (set.segments().stream().noneMatch(s -> s == r)) {
                return false;
            }
        }
        for (RewriteOutput o : written) {
            for (SegmentReader s : set.overlapping(o.partitionStart(), o.partitionEnd())) {
                if (s.segmentId() < o.segment().segmentId() && replaced.stream().noneMatch(r -> r == s)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the manifest file matches the in-memory manifest as of the last commit. A commit
     * record may be removed only then: while a failed manifest write left an older file, the record
     * is what completes the rewrite on the next open.
     */
    private volatile boolean manifestWritten = true;

    /** Set when a commit record's write failed and it could not be removed; see {@link #publishRewrite}. */
    private volatile String rewritesBlocked;

    /** Writes the commit record; on failure removes it again, or blocks further rewrites when it cannot. */
    private void commitRecord(RewriteRecord record) throws IOException {
        Path file = layout.rewriteRecordFile(definition.id(), record.id());
        try {
            record.write(layout.fs(), file);
        } catch (IOException | RuntimeException e) {
            try {
                layout.fs().deleteIfExists(file);
                layout.fs().syncDirectory(file.getParent());
            } catch (IOException undo) {
                e.addSuppressed(undo);
                // The record may be on disk: the next open would complete this rewrite, so no other
                // rewrite may replace these segments differently until then.
                rewritesBlocked = "the commit record " + file + " of an earlier rewrite may be on disk after a failed write"
                        + " (reopen the database: the open completes or removes it)";
            }
            throw e;
        }
    }

    /**
     * Removes commit records whose replaced segment files are all gone: they proved garbage that no
     * longer exists. Best effort (a leftover record is harmless and removed later or on open).
     */
    public void removeSettledRewriteRecords() {
        if (!manifestWritten) {
            return;
        }
        try {
            for (Path f : layout.fs().list(layout.tableDir(definition.id()),
                    DataDirectoryLayout.REWRITE_PREFIX + "*" + DataDirectoryLayout.REWRITE_SUFFIX)) {
                RewriteRecord r = RewriteRecord.read(layout.fs(), f);
                if (r != null && replacedFilesGone(layout, definition.id(), r)) {
                    layout.fs().deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot remove settled rewrite records of table " + definition.name() + ": " + e.getMessage(), e);
        }
    }

    static boolean replacedFilesGone(DataDirectoryLayout layout, int tableId, RewriteRecord r) throws IOException {
        for (RewriteRecord.Replaced x : r.replaced()) {
            if (layout.fs().exists(layout.segmentFile(tableId, x.partitionStart(), x.segmentId()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes the directories of these partitions when the manifest lists no segment of theirs and
     * they hold no file any more (a query still reading a retired segment keeps its directory until
     * the next open). Call under the flush lock, after a rewrite, so no flush writes into them.
     * Best effort: a failure is logged, and the next open removes what is left.
     */
    public void removeEmptyPartitionDirectories(Set<Long> partitionStarts) {
        Set<Long> emptied = new HashSet<>(partitionStarts);
        for (Manifest.Entry e : manifest.segments()) {
            emptied.remove(e.partitionStart());
        }
        for (long start : emptied) {
            Path p = layout.partitionDir(definition.id(), start);
            try {
                if (layout.fs().isDirectory(p)) {
                    deleteIfEmpty(layout.fs(), p);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove empty partition directory " + p + " (removed on the next open): "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Highest WAL sequence the WAL may be checkpointed to as far as this table is concerned:
     * unbounded when the table holds no unflushed rows, else its flushed-through mark.
     */
    public long checkpointLimit() {
        lock.lock();
        try {
            return live.isEmpty() && frozen.isEmpty() ? Long.MAX_VALUE : manifest.flushedThroughSequence();
        } finally {
            lock.unlock();
        }
    }

    public DataDirectoryLayout layout() {
        return layout;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SegmentReader r : segments.segments()) {
            try {
                r.release();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        segments = SegmentSet.EMPTY;
        if (ownsRegistry) {
            registry.close();
        }
        if (first != null) {
            throw first;
        }
    }
}
