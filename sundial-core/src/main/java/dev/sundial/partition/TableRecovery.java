package dev.sundial.partition;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.FormatTooNewException;
import dev.sundial.fs.Quarantine;
import dev.sundial.index.SeriesRegistry;
import dev.sundial.segment.SegmentInfo;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.TableDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Opens one table's files and repairs what can be proven safe to repair (Prometheus keeps
 * recovery apart from the append path the same way): the series registry, the manifest — read,
 * or rebuilt from the segment files when it is missing or damaged, never read as "no segments" —
 * and every segment it lists (a damaged or missing one is quarantined or noted, and reported). A
 * file newer than this build refuses the open and is left untouched. What it finds becomes
 * {@link TableStorage#problems()} and {@link TableStorage#repairs()}, logged once by the database
 * that opens the table (not here, so that each finding is logged once).
 *
 * <p>Single use, single-threaded: runs while the database opens (or a table is created).
 */
final class TableRecovery {
    private static final System.Logger LOG = System.getLogger(TableRecovery.class.getName());

    private final DataDirectoryLayout layout;
    private final TableDefinition def;
    private final Quarantine quarantine;
    private final List<String> problems = new ArrayList<>();
    private final List<String> repairs = new ArrayList<>();
    private SeriesRegistry registry;
    /** The raw table's registry when opening a rollup level (not ours to close), else null. */
    private final SeriesRegistry shared;

    TableRecovery(DataDirectoryLayout layout, TableDefinition def) {
        this(layout, def, null);
    }

    TableRecovery(DataDirectoryLayout layout, TableDefinition def, SeriesRegistry shared) {
        this.layout = layout;
        this.def = def;
        this.shared = shared;
        this.quarantine = new Quarantine(layout.fs(), layout.quarantineDir());
    }

    /** Prefix of this table's (or level's) names in the quarantine: {@code t<id>} or {@code t<id>-l-<level>}. */
    private String quarantinePrefix() {
        return "t" + def.id() + (layout.rollupLevel() == null ? "" : "-" + DataDirectoryLayout.ROLLUP_LEVEL_PREFIX + layout.rollupLevel());
    }

    private void closeRegistry() {
        if (shared == null) {
            registry.close();
        }
    }

    /**
     * Opens the table's files. A segment that fails validation is quarantined, dropped from the
     * manifest and reported; files a valid manifest does not list are deleted.
     *
     * @param newTableWalSequence flushed-through sequence to record for a table without manifest
     */
    TableStorage open(long newTableWalSequence) throws IOException {
        Path dir = layout.tableDir(def.id());
        layout.fs().createDirectoriesDurably(dir);
        if (shared != null) {
            registry = shared;
        } else {
            registry = SeriesRegistry.open(layout.fs(), quarantine, layout.seriesFile(def.id()), def.id());
            problems.addAll(registry.problems());
            repairs.addAll(registry.repairs());
        }
        Path manifestFile = layout.manifestFile(def.id());
        Manifest m;
        try {
            m = Manifest.read(layout.fs(), manifestFile, def.options().partitionBy());
        } catch (CorruptFileException e) {
            quarantine(manifestFile, e.getMessage());
            m = rebuildManifest(dir, "its manifest was damaged (" + e.getMessage() + ")");
            m.write(layout.fs(), manifestFile);
        }
        if (m == null) {
            if (hasSegmentFiles(layout.fs(), dir)) {
                // Never read "no manifest" as "no segments": that deleted every segment of the table.
                quarantine.note(manifestFile, quarantinePrefix() + "-" + DataDirectoryLayout.MANIFEST_FILE + ".missing",
                        "the manifest of table " + def.name() + " was missing while segment files were present; it was rebuilt from them");
                m = rebuildManifest(dir, "its manifest " + manifestFile + " was missing");
            } else if (registry.size() > 0 && shared == null) {
                // (a rollup level shares the registry of its table and is created when first needed, after
                // its table has series: no manifest and no segment is a level never built; the rollup
                // state tells a lost level from a new one)
                // The manifest is written when the table is created, before any row can exist, and
                // the registry only at a flush: series without a manifest or segments mean flushed
                // rows went missing (those still in the WAL come back by replay).
                String msg = "the manifest " + manifestFile + " of table " + def.name() + " is missing and no segment file is"
                        + " present, but its series registry defines " + registry.size() + " series: rows flushed to segments are"
                        + " lost (rows still in the WAL are replayed)";
                quarantine.note(manifestFile, quarantinePrefix() + "-" + DataDirectoryLayout.MANIFEST_FILE + ".missing", msg);
                quarantine.sync();
                problems.add(msg);
                m = Manifest.empty(Manifest.FLUSHED_THROUGH_UNKNOWN);
            } else {
                // a crash between the catalog commit of CREATE TABLE and this table's first manifest:
                // no row of the table can exist yet
                m = Manifest.empty(newTableWalSequence);
            }
            m.write(layout.fs(), manifestFile);
        }
        List<RewriteRecord> records = readRewriteRecords(dir);
        Manifest rolled = rollForward(m, records);
        boolean changed = rolled != m;
        m = rolled;
        List<SegmentReader> open = new ArrayList<>();
        List<SegmentSet.Live> openLive = new ArrayList<>();
        Set<Path> live = new HashSet<>();
        for (Manifest.Entry e : m.segments()) {
            Path f = layout.segmentFile(def.id(), e.partitionStart(), e.segmentId());
            try {
                SegmentReader r = SegmentReader.open(layout.fs(), f);
                if (r.segmentId() != e.segmentId() || r.partitionStart() != e.partitionStart() || r.tableId() != def.id()) {
                    r.release();
                    throw new CorruptFileException(f, 0, "header names table " + r.tableId() + " partition " + r.partitionStart()
                            + " segment " + r.segmentId() + ", the manifest expects " + def.id() + "/" + e.partitionStart() + "/" + e.segmentId());
                }
                open.add(r);
                openLive.add(new SegmentSet.Live(r, e.partitionEnd()));
                live.add(f.toAbsolutePath().normalize());
            } catch (FormatTooNewException ex) {
                for (SegmentReader r : open) {
                    r.release();
                }
                closeRegistry();
                throw ex;
            } catch (IOException ex) {
                quarantine(f, ex.getMessage() + " (the manifest listed it with " + e.rows() + " rows of "
                        + e.seriesCount() + " series)");
                m = m.without(e.segmentId());
                changed = true;
            }
        }
        if (changed) {
            m.write(layout.fs(), layout.manifestFile(def.id()));
        }
        requireSeriesOf(open);
        deleteOrphans(dir, live);
        TableStorage storage = new TableStorage(layout, def, registry, shared == null, m, openLive, problems, repairs);
        storage.removeSettledRewriteRecords(); // their replaced files were orphans, deleted just now
        return storage;
    }

    private static boolean hasSegmentFiles(FileLayer fs, Path dir) throws IOException {
        for (Path p : fs.list(dir, DataDirectoryLayout.PARTITION_PREFIX + "*")) {
            if (fs.isDirectory(p) && !fs.list(p, "*" + DataDirectoryLayout.SEGMENT_SUFFIX).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses the table (closing what it opened) when a segment carries a series id the registry
     * does not define: see {@link SeriesRegistry}. The segments' indexes are in memory already.
     */
    private void requireSeriesOf(List<SegmentReader> open) throws IOException {
        SegmentReader highest = null;
        for (SegmentReader r : open) {
            if (highest == null || r.maxSeriesId() > highest.maxSeriesId()) {
                highest = r;
            }
        }
        if (highest == null) {
            return;
        }
        try {
            registry.requireDefined(highest.maxSeriesId(), "segment " + highest.file(), def.name());
        } catch (IOException e) {
            for (SegmentReader r : open) {
                try {
                    r.release();
                } catch (IOException c) {
                    e.addSuppressed(c);
                }
            }
            closeRegistry();
            throw e;
        }
    }

    /**
     * Rebuilds a lost or damaged manifest from the segment files present. The flushed-through mark
     * is unknown, so it is set to -1 ({@link Manifest#FLUSHED_THROUGH_UNKNOWN}): every WAL record
     * still present is replayed over the segments (rows present in both fold into one, as upserts),
     * and the WAL is opened without assuming where its last checkpoint was, so records it still
     * holds are not mistaken for a hole. Reported as a problem, with the one thing a rebuild cannot
     * know: segments a committed DELETE had replaced but whose files were still present (a crash
     * between the commit and their removal) come back.
     */
    private Manifest rebuildManifest(Path dir, String why) throws IOException {
        List<Manifest.Entry> entries = new ArrayList<>();
        long maxId = 0;
        for (Path p : layout.fs().list(dir, DataDirectoryLayout.PARTITION_PREFIX + "*")) {
            if (!layout.fs().isDirectory(p)) {
                continue;
            }
            for (Path f : layout.fs().list(p, "*" + DataDirectoryLayout.SEGMENT_SUFFIX)) {
                try {
                    SegmentReader r = SegmentReader.open(layout.fs(), f);
                    try {
                        SegmentInfo i = r.summary();
                        Path expected = layout.segmentFile(def.id(), r.partitionStart(), r.segmentId());
                        if (r.tableId() != def.id() || !expected.toAbsolutePath().normalize().equals(f.toAbsolutePath().normalize())) {
                            throw new CorruptFileException(f, 0, "header does not match its file name");
                        }
                        entries.add(Manifest.Entry.of(i, r.partitionStart(), derivedEnd(r.partitionStart(), i)));
                        maxId = Math.max(maxId, r.segmentId());
                    } finally {
                        r.release();
                    }
                } catch (FormatTooNewException e) {
                    throw e;
                } catch (IOException e) {
                    quarantine(f, e.getMessage());
                }
            }
        }
        // Commit records prove which segments committed rewrites replaced: leave them out (a DELETE's
        // rows would come back otherwise), and give written ones their recorded span.
        int superseded = 0;
        for (RewriteRecord rec : readRewriteRecords(dir)) {
            maxId = Math.max(maxId, rec.id());
            Set<Long> gone = new HashSet<>();
            for (RewriteRecord.Replaced x : rec.replaced()) {
                gone.add(x.segmentId());
            }
            int before = entries.size();
            entries.removeIf(e -> gone.contains(e.segmentId()));
            superseded += before - entries.size();
            for (RewriteRecord.Written w : rec.written()) {
                entries.replaceAll(e -> e.segmentId() == w.segmentId() && e.partitionStart() == w.partitionStart()
                        && e.maxTs() < w.partitionEnd()
                        ? new Manifest.Entry(e.partitionStart(), w.partitionEnd(), e.segmentId(), e.bytes(), e.rows(), e.points(),
                                e.seriesCount(), e.minTs(), e.maxTs()) : e);
            }
        }
        String msg = "rebuilt the manifest of table " + def.name() + " from " + entries.size() + " segment file(s): " + why
                + "; its WAL checkpoint mark is unknown, so every WAL record still present is replayed over them"
                + (superseded > 0 ? "; left out " + superseded + " segment file(s) that committed rewrites (deletes, compactions) had replaced" : "")
                + " (rows removed by a DELETE while still in the WAL would reappear)";
        problems.add(msg);
        return new Manifest(Manifest.FLUSHED_THROUGH_UNKNOWN, maxId + 1, entries);
    }

    /**
     * The span of a segment whose manifest entry is lost: from its start through the partition of
     * its last row. A segment merged over several partitions may have covered more (up to empty
     * partitions after its last row), which no row needs.
     */
    private long derivedEnd(long start, SegmentInfo i) {
        var g = def.options().partitionBy();
        long end = g.partitionEnd(start);
        return i.rows() > 0 && i.maxTs() >= end ? g.partitionEnd(g.partitionStart(i.maxTs())) : end;
    }

    /** The table's commit records ({@link RewriteRecord}) by ascending id; a damaged one is quarantined. */
    private List<RewriteRecord> readRewriteRecords(Path dir) throws IOException {
        List<RewriteRecord> out = new ArrayList<>();
        for (Path f : layout.fs().list(dir, DataDirectoryLayout.REWRITE_PREFIX + "*" + DataDirectoryLayout.REWRITE_SUFFIX)) {
            try {
                RewriteRecord r = RewriteRecord.read(layout.fs(), f);
                if (r != null) {
                    out.add(r);
                }
            } catch (CorruptFileException e) {
                // A torn record cannot exist (atomic rename); damage means its rewrite may or may not
                // have committed: keep every segment (nothing is lost; deleted rows may come back)
                quarantine(f, e.getMessage() + " (a rewrite's commit record: the segments it replaced may still be listed)");
            }
        }
        out.sort(java.util.Comparator.comparingLong(RewriteRecord::id));
        return out;
    }

    /**
     * Completes committed rewrites the manifest does not show yet (a crash between a commit record
     * and the manifest replacement): a record whose replaced segments the manifest still lists all
     * of, and none of its written ones, is applied. Returns {@code m} itself when nothing changed.
     */
    private Manifest rollForward(Manifest m, List<RewriteRecord> records) throws IOException {
        Manifest out = m;
        long next = m.nextSegmentId();
        for (RewriteRecord rec : records) {
            next = Math.max(next, rec.id() + 1);
            for (RewriteRecord.Written w : rec.written()) {
                next = Math.max(next, w.segmentId() + 1);
            }
            Manifest cur = out;
            long listed = rec.replaced().stream().filter(x -> RewriteRecord.lists(cur, x.segmentId())).count();
            boolean writtenListed = rec.written().stream().anyMatch(w -> RewriteRecord.lists(cur, w.segmentId()));
            if (listed == 0) {
                continue; // applied (its written segments may since have been rewritten in turn)
            }
            if (listed != rec.replaced().size() || writtenListed) {
                problems.add("the commit record " + layout.rewriteRecordFile(def.id(), rec.id()) + " of table " + def.name()
                        + " does not match its manifest (" + listed + " of " + rec.replaced().size()
                        + " replaced segments listed" + (writtenListed ? ", written ones too" : "") + "); left as it is");
                continue;
            }
            Set<Long> gone = new HashSet<>();
            for (RewriteRecord.Replaced x : rec.replaced()) {
                gone.add(x.segmentId());
            }
            List<Manifest.Entry> added = new ArrayList<>();
            for (RewriteRecord.Written w : rec.written()) {
                Path f = layout.segmentFile(def.id(), w.partitionStart(), w.segmentId());
                try {
                    SegmentReader r = SegmentReader.open(layout.fs(), f);
                    try {
                        added.add(Manifest.Entry.of(r.summary(), w.partitionStart(), w.partitionEnd()));
                    } finally {
                        r.release();
                    }
                } catch (FormatTooNewException e) {
                    throw e;
                } catch (IOException e) {
                    quarantine(f, e.getMessage() + " (written by the committed rewrite " + rec.id() + "; its rows are lost)");
                }
            }
            out = new Manifest(out.flushedThroughSequence(), next, out.replacing(gone, added).segments());
            repairs.add("completed the rewrite " + rec.id() + " of table " + def.name() + " (a delete or compaction committed"
                    + " right before a crash): " + gone.size() + " segment(s) replaced by " + added.size());
        }
        if (out != m || next > m.nextSegmentId()) {
            out = new Manifest(out.flushedThroughSequence(), next, out.segments()); // written by the caller
        }
        return out;
    }

    /**
     * Deletes what a valid manifest proves is garbage: files of a partition directory it does not
     * list (a flush or rewrite interrupted before its manifest commit — their rows are still in the
     * WAL, which is checkpointed only after the commit — or segments a committed rewrite replaced)
     * and temporary files. Only called with a manifest read intact or rebuilt from these very files.
     */
    private void deleteOrphans(Path dir, Set<Path> live) throws IOException {
        FileLayer fs = layout.fs();
        for (Path p : fs.list(dir, DataDirectoryLayout.PARTITION_PREFIX + "*")) {
            if (!fs.isDirectory(p)) {
                continue;
            }
            for (Path f : fs.list(p)) {
                if (!live.contains(f.toAbsolutePath().normalize())) {
                    LOG.log(System.Logger.Level.INFO, "deleting " + f + ": not in the manifest (left by an interrupted flush or rewrite)");
                    fs.delete(f);
                }
            }
            TableStorage.deleteIfEmpty(fs, p);
        }
        for (Path f : fs.list(dir, "*" + DataDirectoryLayout.TEMP_SUFFIX)) {
            fs.delete(f);
        }
    }

    /** Moves a damaged file aside with a note of why, and records the problem. */
    void quarantine(Path file, String reason) throws IOException {
        String name = quarantinePrefix() + "-" + file.getParent().getFileName() + "-" + file.getFileName();
        String msg;
        if (layout.fs().exists(file)) {
            Path target = quarantine.move(file, name, reason);
            msg = "quarantined " + file + " as " + target + ": " + reason;
        } else {
            // nothing to move, but the loss is recorded where check keeps finding it
            Path note = quarantine.note(file, name + ".missing", "the file is missing: " + reason);
            msg = "missing " + file + " (noted in " + note + "): " + reason;
        }
        quarantine.sync();
        problems.add(msg);
    }
}
