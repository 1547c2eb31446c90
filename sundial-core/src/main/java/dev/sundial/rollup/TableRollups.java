package dev.sundial.rollup;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.Quarantine;
import dev.sundial.head.ChunkCodec;
import dev.sundial.head.Head;
import dev.sundial.head.PartitionRun;
import dev.sundial.head.SealedChunk;
import dev.sundial.partition.Manifest;
import dev.sundial.partition.TableStorage;
import dev.sundial.scan.TableSnapshot;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.Interval;
import dev.sundial.table.TableDefinition;
import dev.sundial.table.TableOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The rollup levels of one table and their state: builds levels as data is flushed (each level from
 * the one below, the finest from raw rows), marks the buckets that later writes and deletes change
 * as dirty — durably, before the WAL can forget those writes — and rebuilds exactly those.
 *
 * <p>How a level stays exact: level {@code k} is built through {@code builtThrough[k]}; a write
 * below that (late data, an upsert) or a delete is recorded as a dirty raw time range of its series
 * when it is flushed or committed ({@link #flushing}, {@link #deleting}), under the flush lock and
 * before the WAL checkpoint, so a crash cannot forget it: either the state file has the mark, or the
 * WAL still has the write and its replay and next flush mark it again. Queries read raw data for
 * dirty ranges and for head rows below the built mark ({@link RollupView}). A build step records the
 * range it is building before it takes its snapshot, so a write that misses the snapshot is marked
 * dirty when flushed.
 *
 * <p>Thread-safety: steps ({@link #runStep}) are serialized by {@code stepLock}; the state is
 * guarded by {@code this}; flush and delete hooks run under the engine's flush lock and only touch
 * the state.
 */
public final class TableRollups implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TableRollups.class.getName());
    /** Cells a dirty rebuild step takes at most (finest buckets), so a step stays bounded. */
    static final long REBUILD_STEP_BUCKETS = 200_000;

    private final DataDirectoryLayout layout;
    private final TableStorage raw;
    private final List<RollupLevel> levels;
    private volatile RollupSchema schema;
    /** per level: the fields it keeps */
    private final RollupFieldSet[] kept;
    private final RollupState state;
    /** Dirty ranges taken by the running rebuild step (still dirty for queries and on disk). */
    private Map<Integer, TreeMap<Long, Long>> rebuilding = new HashMap<>();
    /** Upper end of the range a build step is building (writes below it that miss its snapshot are dirty). */
    private long building = RollupState.NEVER;
    private final Object stepLock = new Object();
    private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;

    private TableRollups(DataDirectoryLayout layout, TableStorage raw, List<RollupLevel> levels, RollupState state) {
        this.layout = layout;
        this.raw = raw;
        this.levels = List.copyOf(levels);
        this.schema = new RollupSchema(raw.definition().schema());
        this.kept = new RollupFieldSet[levels.size()];
        for (RollupLevel l : levels) {
            kept[l.index()] = RollupFieldSet.forLevel(raw.definition().options().rollupAggregations(), l.nanos());
        }
        this.state = state;
    }

    /**
     * Opens (creating) the levels of a table per its {@code rollup_intervals}. A damaged state file is
     * quarantined and every level is rebuilt from raw data (what raw data no longer holds keeps the
     * cells it had). Directories of levels no longer listed are removed (the user dropped them).
     */
    public static TableRollups open(TableStorage raw) throws IOException {
        return open(raw, (level, storage) -> { });
    }

    /**
     * As {@link #open(TableStorage)}; {@code onLevelOpen} is told of each level's storage when it is
     * opened (on first use: see {@link RollupLevel}), e.g. to give it its retention cutoff.
     */
    public static TableRollups open(TableStorage raw, java.util.function.BiConsumer<RollupLevel, TableStorage> onLevelOpen)
            throws IOException {
        DataDirectoryLayout layout = raw.layout();
        TableDefinition def = raw.definition();
        FileLayer fs = layout.fs();
        List<Interval> widths = def.options().rollupIntervals();
        List<RollupLevel> levels = new ArrayList<>();
        long[] nanos = new long[widths.size()];
        List<String> problems = new ArrayList<>();
        TableRollups[] self = new TableRollups[1];
        for (int k = 0; k < widths.size(); k++) {
            Interval w = widths.get(k);
            nanos[k] = w.nanos();
            levels.add(new RollupLevel(k, w, level -> {
                TableRollups r = self[0];
                DataDirectoryLayout levelLayout = layout.forRollupLevel(level.name());
                boolean existed = fs.isDirectory(levelLayout.tableDir(def.id()));
                TableStorage s = TableStorage.openLevel(levelLayout, levelDefinition(raw.definition(), r.schema(), level.width()),
                        raw.registry());
                if (!existed && r.builtThrough(level.index()) != RollupState.NEVER) {
                    r.levelLost(level, levelLayout.tableDir(def.id()));
                }
                for (String p : s.problems()) {
                    // found when the level was first needed: logged, and kept in the quarantine that check reports
                    LOG.log(System.Logger.Level.WARNING, p);
                    r.problems.add(p);
                }
                onLevelOpen.accept(level, s);
                return s;
            }));
        }
        removeDroppedLevels(layout, def.id(), widths);
        Path file = layout.rollupStateFile(def.id());
        RollupState state;
        try {
            state = RollupState.read(fs, file, nanos);
        } catch (CorruptFileException e) {
            Quarantine q = new Quarantine(fs, layout.quarantineDir());
            Path moved = q.move(file, "t" + def.id() + "-" + DataDirectoryLayout.ROLLUP_STATE_FILE, e.getMessage());
            q.sync();
            problems.add("quarantined the rollup state " + file + " of table " + def.name() + " as " + moved + ": "
                    + e.getMessage() + "; every rollup level is rebuilt from raw data");
            state = null;
        }
        if (state == null) {
            state = new RollupState(nanos);
        }
        TableRollups r = new TableRollups(layout, raw, levels, state);
        self[0] = r;
        r.problems.addAll(problems);
        return r;
    }

    /**
     * A level the state says is built has no directory: its cells are gone (a damaged or partly
     * restored data directory). Reported, noted in the quarantine, and rebuilt from raw data: its
     * built mark goes back to "never", so no query reads the missing cells.
     */
    private void levelLost(RollupLevel level, Path dir) throws IOException {
        String msg = "rollup level " + level.name() + " of table " + raw.definition().name() + " was built but its directory " + dir
                + " is missing: it is rebuilt from raw data";
        Quarantine q = new Quarantine(layout.fs(), layout.quarantineDir());
        q.note(dir, "t" + raw.definition().id() + "-" + DataDirectoryLayout.ROLLUP_LEVEL_PREFIX + level.name() + ".missing", msg);
        q.sync();
        LOG.log(System.Logger.Level.WARNING, msg);
        problems.add(msg);
        synchronized (this) {
            state.builtThrough[level.index()] = RollupState.NEVER;
            writeState();
        }
    }

    /**
     * The levels that hold cells (built at least once), their storages opened: what retention,
     * compaction, statistics and check look at. A level never built has no file to look at.
     */
    public List<RollupLevel> builtLevels() {
        List<RollupLevel> out = new ArrayList<>();
        for (RollupLevel l : levels) {
            if (l.storageIfOpen() != null || builtThrough(l.index()) != RollupState.NEVER) {
                l.storage();
                out.add(l);
            }
        }
        return out;
    }

    private static void removeDroppedLevels(DataDirectoryLayout layout, int tableId, List<Interval> widths) throws IOException {
        Path dir = layout.rollupDir(tableId);
        if (!layout.fs().isDirectory(dir)) {
            return;
        }
        Set<String> live = new HashSet<>();
        for (Interval w : widths) {
            live.add(DataDirectoryLayout.ROLLUP_LEVEL_PREFIX + w);
        }
        for (Path p : layout.fs().list(dir, DataDirectoryLayout.ROLLUP_LEVEL_PREFIX + "*")) {
            if (layout.fs().isDirectory(p) && !live.contains(p.getFileName().toString())) {
                // rollup_intervals no longer lists it: the user dropped the level (ALTER TABLE … SET)
                LOG.log(System.Logger.Level.INFO, "removing rollup level directory " + p + ": the table's rollup_intervals no longer list it");
                layout.fs().deleteTree(p);
            }
        }
    }

    static TableDefinition levelDefinition(TableDefinition def, RollupSchema schema, Interval width) {
        TableOptions o = new TableOptions(RollupLevel.partitionFor(width), def.options().compression(), Map.of(), List.of());
        return new TableDefinition(def.id(), schema.level(), o);
    }

    public List<RollupLevel> levels() {
        return levels;
    }

    public RollupSchema schema() {
        return schema;
    }

    /** The fields level k keeps. */
    public RollupFieldSet keptFields(int level) {
        return kept[level];
    }

    public TableStorage raw() {
        return raw;
    }

    /** Damage found on open (quarantined state or level files). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The table gained columns: levels gain their fields (appended; existing cells keep theirs). */
    public void definitionChanged() {
        TableDefinition def = raw.definition();
        RollupSchema s = new RollupSchema(def.schema());
        schema = s; // levels opened later take it from here
        for (RollupLevel l : levels) {
            TableStorage st = l.storageIfOpen();
            if (st == null) {
                continue;
            }
            st.lock().lock();
            try {
                st.setDefinition(levelDefinition(def, s, l.width()));
            } finally {
                st.lock().unlock();
            }
        }
    }

    // ---- marking dirty (under the engine's flush lock) ----

    /** The mark below which a write lands in built (or being built) buckets. */
    private synchronized long lateMark() {
        if (levels.isEmpty()) {
            return RollupState.NEVER;
        }
        return Math.max(state.builtThrough[0], building);
    }

    /**
     * Marks dirty the finest buckets of the rows of a frozen head that lie below the built mark (late
     * data, upserts), before the flush publishes them: so no query can see those rows in segments
     * while the cells they change still look clean. Runs under the flush lock, before the WAL
     * checkpoint; the state is durable when this returns (a crash before the publish leaves extra
     * marks, which only cost a rebuild).
     */
    public void flushing(Head head) throws IOException {
        long mark = lateMark();
        if (mark == RollupState.NEVER || head.isEmpty() || head.minTs() >= mark) {
            return;
        }
        long bucket = levels.get(0).nanos();
        // rows below the raw retention cutoff are expired on arrival: they change nothing a level may
        // still hold (rebuilding from raw there would wipe cells that outlive raw data)
        long expired = raw.retentionCutoff();
        Map<Integer, TreeMap<Long, Long>> marks = new HashMap<>();
        ColumnBatch ts = new ColumnBatch(new int[0], 64);
        for (int s = 0; s < head.seriesBound(); s++) {
            for (PartitionRun run : head.runs(s)) {
                if (run.minTs() >= mark) {
                    continue;
                }
                for (SealedChunk c : run.sealedChunks()) {
                    if (c.minTs() < mark) {
                        ChunkCodec.decode(c, ts);
                        mark(marks, s, ts, mark, expired, bucket);
                    }
                }
                ColumnBatch active = run.activeView();
                if (active != null) {
                    mark(marks, s, active, mark, expired, bucket);
                }
            }
        }
        addDirty(marks);
    }

    private static void mark(Map<Integer, TreeMap<Long, Long>> marks, int series, ColumnBatch rows, long mark, long expired,
                             long bucket) {
        for (int i = 0; i < rows.size; i++) {
            long t = rows.timestamps[i];
            if (t < mark && t >= expired) { // rows of a sealed chunk are sorted, the active ones in write order: look at all
                long b = Math.floorDiv(t, bucket) * bucket;
                RollupState.add(marks, series, b, b + bucket);
            }
        }
    }

    /** Marks dirty [from, to) of these series: a DELETE is about to remove rows there. Durable when this returns. */
    public void deleting(RoaringBitmap series, long from, long to) throws IOException {
        long mark = lateMark();
        if (mark == RollupState.NEVER || from >= mark) {
            return;
        }
        long bucket = levels.get(0).nanos();
        // below the raw retention cutoff there are no rows to delete; the levels keep their cells there.
        // Clamped to the accepted timestamps first: flooring Long.MIN_VALUE (DELETE without a time
        // range) to a bucket overflowed, and the delete then marked nothing dirty.
        // And no row is older than the oldest segment: the range starts there (a range from 1678 on
        // would also overflow a difference of timestamps).
        long oldest = Long.MAX_VALUE;
        for (Manifest.Entry e : raw.manifest().segments()) {
            oldest = Math.min(oldest, e.minTs());
        }
        from = Math.max(Math.max(Math.max(from, dev.sundial.table.TimestampRange.MIN_NANOS), raw.retentionCutoff()), oldest);
        to = Math.min(to, dev.sundial.table.TimestampRange.MAX_NANOS + 1);
        if (from >= Math.min(to, mark)) {
            return;
        }
        long a = Math.floorDiv(from, bucket) * bucket;
        long end = Math.min(to, mark);
        long b = Math.floorDiv(end, bucket) * bucket + (Math.floorMod(end, bucket) == 0 ? 0 : bucket);
        Map<Integer, TreeMap<Long, Long>> marks = new HashMap<>();
        series.forEach((int s) -> RollupState.add(marks, s, a, b));
        addDirty(marks);
    }

    private synchronized void addDirty(Map<Integer, TreeMap<Long, Long>> marks) throws IOException {
        if (marks.isEmpty()) {
            return;
        }
        long bucket = levels.get(0).nanos();
        for (Map.Entry<Integer, TreeMap<Long, Long>> e : marks.entrySet()) {
            for (Map.Entry<Long, Long> r : e.getValue().entrySet()) {
                RollupState.add(state.dirty, e.getKey(), r.getKey(), r.getValue());
            }
        }
        writeState();
    }

    private void writeState() throws IOException {
        state.write(layout.fs(), layout.rollupStateFile(raw.definition().id()), rebuilding);
    }

    // ---- what queries see ----

    /** A consistent view for one query: built marks, dirty ranges and each level's snapshot of these series. */
    public RollupView view(RoaringBitmap series, long from, long to) {
        long[] built;
        Map<Integer, TreeMap<Long, Long>> dirty = new HashMap<>();
        synchronized (this) {
            built = state.builtThrough.clone();
            copyInto(dirty, state.dirty);
            copyInto(dirty, rebuilding);
        }
        List<TableSnapshot> snaps = new ArrayList<>();
        try {
            for (RollupLevel l : levels) {
                // a level never built has no cell a query could use (its tiles are empty): not opened for it
                snaps.add(built[l.index()] == RollupState.NEVER ? null : TableSnapshot.take(l.storage(), series, from, to));
            }
        } catch (RuntimeException e) {
            for (TableSnapshot s : snaps) {
                try {
                    if (s != null) {
                        s.close();
                    }
                } catch (IOException c) {
                    e.addSuppressed(c);
                }
            }
            throw e;
        }
        return new RollupView(this, built, dirty, snaps);
    }

    private static void copyInto(Map<Integer, TreeMap<Long, Long>> to, Map<Integer, TreeMap<Long, Long>> from) {
        for (Map.Entry<Integer, TreeMap<Long, Long>> e : from.entrySet()) {
            for (Map.Entry<Long, Long> r : e.getValue().entrySet()) {
                RollupState.add(to, e.getKey(), r.getKey(), r.getValue());
            }
        }
    }

    public synchronized long builtThrough(int level) {
        return state.builtThrough[level];
    }

    public synchronized long dirtyBuckets() {
        return state.dirtyBuckets();
    }


    // ---- maintenance ----

    /** What a step would do now, one line per item; empty when every level is built and clean. */
    public List<String> pending() {
        List<String> out = new ArrayList<>();
        if (levels.isEmpty()) {
            return out;
        }
        long dirty = dirtyBuckets();
        String name = raw.definition().name();
        if (dirty > 0) {
            out.add("table " + name + ": " + dirty + " dirty " + levels.get(0).name() + " bucket(s) to rebuild");
        }
        long minRaw = Long.MAX_VALUE;
        for (Manifest.Entry e : raw.manifest().segments()) {
            minRaw = Math.min(minRaw, e.minTs());
        }
        for (RollupLevel l : levels) {
            long target = target(l.index());
            long built = builtThrough(l.index());
            long from = built != RollupState.NEVER ? built : minRaw == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(minRaw, l.nanos()) * l.nanos();
            if (target != RollupState.NEVER && from < target) {
                out.add("table " + name + ": level " + l.name() + " to build from " + java.time.Instant.ofEpochSecond(0, from)
                        + " to " + java.time.Instant.ofEpochSecond(0, target));
            }
        }
        return out;
    }

    /** How far level k may be built now: up to the bucket of the newest flushed row (every level is built from raw rows). */
    private long target(int k) {
        long max = Long.MIN_VALUE;
        for (Manifest.Entry e : raw.manifest().segments()) {
            max = Math.max(max, e.maxTs());
        }
        if (max == Long.MIN_VALUE) {
            return RollupState.NEVER;
        }
        long nanos = levels.get(k).nanos();
        return Math.floorDiv(max, nanos) * nanos;
    }

    /**
     * Runs one bounded step: rebuilds dirty buckets first (so queries return to rollups soonest),
     * else builds every level behind over one raw partition's worth of time. Returns what it did,
     * or null when nothing was pending.
     */
    public String runStep() throws IOException {
        synchronized (stepLock) {
            if (raw.isDropped() || levels.isEmpty() || closed) {
                return null;
            }
            try {
                String done = rebuildDirty();
                return done != null ? done : buildNext();
            } catch (TableStorage.SupersededException e) {
                // raced a compaction of a level: nothing of the step counted, its ranges stay pending
                LOG.log(System.Logger.Level.INFO, "table " + raw.definition().name() + ": " + e.getMessage());
                return "table " + raw.definition().name() + ": a rollup step met a concurrent compaction and will be redone";
            }
        }
    }

    private String buildNext() throws IOException {
        int n = levels.size();
        long[] from = new long[n];
        long[] to = new long[n];
        long lo = Long.MAX_VALUE;
        long minRaw = Long.MAX_VALUE;
        for (Manifest.Entry e : raw.manifest().segments()) {
            minRaw = Math.min(minRaw, e.minTs());
        }
        if (minRaw == Long.MAX_VALUE) {
            return null;
        }
        for (int k = 0; k < n; k++) {
            long w = levels.get(k).nanos();
            long built = builtThrough(k);
            from[k] = built == RollupState.NEVER ? Math.floorDiv(minRaw, w) * w : built;
            long t = target(k);
            if (t != RollupState.NEVER && from[k] < t) {
                lo = Math.min(lo, from[k]);
            }
        }
        if (lo == Long.MAX_VALUE) {
            return null;
        }
        // one raw partition's worth of time per step (at least one bucket of each level behind)
        var g = raw.definition().options().partitionBy();
        long passEnd = g.partitionEnd(g.partitionStart(lo));
        long end = Long.MIN_VALUE;
        for (int k = 0; k < n; k++) {
            long w = levels.get(k).nanos();
            long t = target(k);
            to[k] = t == RollupState.NEVER ? from[k] : Math.min(t, Math.max(Math.floorDiv(passEnd, w) * w, from[k] + w));
            if (to[k] < from[k]) {
                to[k] = from[k];
            }
            end = Math.max(end, to[k]);
        }
        synchronized (this) {
            building = end;
        }
        long started = System.nanoTime();
        LevelsBuilder b = new LevelsBuilder(this);
        try {
            b.build(from, to, null);
            synchronized (this) {
                for (int k = 0; k < n; k++) {
                    if (to[k] > from[k]) {
                        state.builtThrough[k] = to[k];
                    }
                }
                building = RollupState.NEVER;
                writeState();
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                building = RollupState.NEVER;
            }
            throw e;
        }
        StringBuilder what = new StringBuilder();
        for (int k = 0; k < n; k++) {
            if (to[k] > from[k]) {
                what.append(what.length() == 0 ? "" : ", ").append(levels.get(k).name()).append(' ')
                        .append(java.time.Instant.ofEpochSecond(0, from[k])).append(" .. ").append(java.time.Instant.ofEpochSecond(0, to[k]))
                        .append(" (").append(b.cells(k)).append(" cells)");
            }
        }
        return "table " + raw.definition().name() + ": built " + what + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    private String rebuildDirty() throws IOException {
        Map<Integer, TreeMap<Long, Long>> take = new HashMap<>();
        long bucket = levels.get(0).nanos();
        synchronized (this) {
            if (state.dirty.isEmpty()) {
                return null;
            }
            long n = 0;
            var it = state.dirty.entrySet().iterator();
            while (it.hasNext() && n < REBUILD_STEP_BUCKETS) {
                Map.Entry<Integer, TreeMap<Long, Long>> e = it.next();
                var rs = e.getValue().entrySet().iterator();
                while (rs.hasNext() && n < REBUILD_STEP_BUCKETS) {
                    Map.Entry<Long, Long> r = rs.next();
                    RollupState.add(take, e.getKey(), r.getKey(), r.getValue());
                    n += (r.getValue() - r.getKey()) / bucket;
                    rs.remove();
                }
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
            rebuilding = take;
        }
        long started = System.nanoTime();
        long buckets = 0;
        for (TreeMap<Long, Long> m : take.values()) {
            for (Map.Entry<Long, Long> r : m.entrySet()) {
                buckets += (r.getValue() - r.getKey()) / bucket;
            }
        }
        try {
            long[] from = new long[levels.size()];
            long[] to = new long[levels.size()];
            for (RollupLevel l : levels) {
                long built = builtThrough(l.index());
                from[l.index()] = Long.MIN_VALUE;
                to[l.index()] = built == RollupState.NEVER ? Long.MIN_VALUE : built;
            }
            new LevelsBuilder(this).build(from, to, take);
            synchronized (this) {
                rebuilding = new HashMap<>();
                writeState();
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                copyInto(state.dirty, rebuilding);
                rebuilding = new HashMap<>();
            }
            throw e;
        }
        return "table " + raw.definition().name() + ": rebuilt " + buckets + " dirty " + levels.get(0).name() + " bucket(s) of "
                + take.size() + " series in every level (" + (System.nanoTime() - started) / 1_000_000 + " ms)";
    }

    /** Closes the levels' storages, after a running step ends. */
    @Override
    public void close() throws IOException {
        synchronized (stepLock) {
            closed = true;
            closeLevels();
        }
    }

    private void closeLevels() throws IOException {
        IOException first = null;
        for (RollupLevel l : levels) {
            try {
                l.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
