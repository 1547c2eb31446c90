package dev.sundial.compaction;

import dev.sundial.partition.PartitionGroup;
import dev.sundial.partition.TableStorage;
import dev.sundial.segment.SegmentInfo;
import dev.sundial.segment.SegmentReader;
import dev.sundial.segment.SegmentWriter;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.roaringbitmap.RoaringBitmap;

/**
 * Background compaction of a database's tables ({@code docs/storage-engine.md}, "Compaction"): the
 * partition groups {@link CompactionPolicy} picks are rewritten, one per {@link #runStep()}, into one
 * segment each — overlapping segments merged with upserts applied (newest segment wins per field),
 * small chunks coalesced, runs of small settled partitions merged into one segment spanning them.
 *
 * <p>A step reads and writes WITHOUT the flush lock: it retains the group's segments (no file is
 * deleted under it), reserves the output's segment id, streams one series at a time through a
 * {@link PartitionRewriter} whose writes an {@link IoRateLimiter} paces, and publishes the output
 * file (temp name, fsync, rename). Only the commit runs under the flush lock
 * ({@link CommitLock}), through {@link TableStorage#publishRewrite}, which checks that the group is
 * unchanged: a delete or retention that replaced its segments meanwhile, a flush into its span of a
 * segment that would lose to the output, or a dropped table make the step abandon — it deletes its
 * own unpublished output and reports "skipped". A crash at any point leaves either the old segments
 * (the output is an orphan, deleted on open) or, once the commit record is written, the new one.
 *
 * <p>Thread-safe for {@link #pending()}; {@link #runStep()} is called by one thread at a time.
 */
public final class Compactor {
    /** Runs a commit under the database's flush lock; false when the database is closing (nothing done). */
    @FunctionalInterface
    public interface CommitLock {
        boolean underFlushLock(Commit commit) throws IOException;
    }

    /** The part of a step that runs under the flush lock. */
    @FunctionalInterface
    public interface Commit {
        boolean run() throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(Compactor.class.getName());

    private final Supplier<Collection<TableStorage>> tables;
    private final CommitLock commitLock;
    private final InstantSource clock;
    private final IoRateLimiter limiter;
    /** Test hook: runs after the output is written, before the commit. */
    volatile Runnable beforeCommitForTesting;
    /** Peak rows held by the last step's rewriter (the memory bound, for tests). */
    volatile long lastPeakRowsHeld;

    /**
     * @param tables     the open tables (read at every call)
     * @param commitLock runs the commit under the flush lock
     * @param clock      the database clock: what is settled
     * @param limiter    bounds the bytes written per second
     */
    public Compactor(Supplier<Collection<TableStorage>> tables, CommitLock commitLock, InstantSource clock, IoRateLimiter limiter) {
        this.tables = tables;
        this.commitLock = commitLock;
        this.clock = clock;
        this.limiter = limiter;
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return Math.multiplyHigh(now.getEpochSecond(), 1_000_000_000L) != 0 ? Long.MAX_VALUE
                : now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private List<TableStorage> tablesById() {
        List<TableStorage> all = new ArrayList<>(tables.get());
        all.sort(Comparator.comparingInt(t -> t.definition().id()));
        return all;
    }

    /** One line per compaction worth running now; metadata only. */
    public List<String> pending() {
        List<String> out = new ArrayList<>();
        long now = nowNanos();
        for (TableStorage t : tablesById()) {
            if (t.isDropped()) {
                continue;
            }
            for (CompactionPolicy.Plan p : CompactionPolicy.plan(t.segments().groups(), now)) {
                out.add(describe(t, p));
            }
        }
        return out;
    }

    private static String describe(TableStorage t, CompactionPolicy.Plan p) {
        return "table " + t.definition().name() + ": " + Instant.ofEpochSecond(0, 0).plusNanos(p.start()) + " .. "
                + Instant.ofEpochSecond(0, 0).plusNanos(p.end()) + ": " + p.reason() + " (" + p.segmentCount() + " segments, "
                + p.bytes() + " bytes)";
    }

    /**
     * Compacts the first pending plan (lowest table id, oldest first).
     *
     * @return what was done or skipped, or null when nothing is pending
     */
    public String runStep() throws IOException {
        long now = nowNanos();
        for (TableStorage t : tablesById()) {
            if (t.isDropped()) {
                continue;
            }
            List<CompactionPolicy.Plan> plans = CompactionPolicy.plan(t.segments().groups(), now);
            if (!plans.isEmpty()) {
                return compact(t, plans.get(0));
            }
        }
        return null;
    }

    /** Runs one plan: see the class comment. */
    String compact(TableStorage table, CompactionPolicy.Plan plan) throws IOException {
        List<SegmentReader> inputs = new ArrayList<>();
        for (PartitionGroup g : plan.groups()) {
            inputs.addAll(g.segments());
        }
        inputs.sort(Comparator.comparingLong(SegmentReader::segmentId)); // upsert precedence
        List<SegmentReader> retained = new ArrayList<>();
        String result;
        boolean[] committed = new boolean[1];
        try {
            for (SegmentReader r : inputs) {
                if (!r.retain()) {
                    // retired meanwhile (a delete or retention replaced it): the plan is stale
                    return "table " + table.definition().name() + ": skipped " + describeSpan(plan)
                            + ": its segments were replaced meanwhile";
                }
                retained.add(r);
            }
            result = rewrite(table, plan, inputs, committed);
        } finally {
            for (SegmentReader r : retained) {
                try {
                    r.release(); // the last reference of a replaced segment deletes its file
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot release " + r.file() + " after compacting (removed on the next open): "
                            + e.getMessage(), e);
                }
            }
        }
        if (committed[0]) {
            // after the release: the replaced files are deleted now (unless a query still reads them)
            Set<Long> starts = new HashSet<>();
            for (SegmentReader r : inputs) {
                starts.add(r.partitionStart());
            }
            commitLock.underFlushLock(() -> {
                table.removeEmptyPartitionDirectories(starts);
                return true;
            });
        }
        return result;
    }

    private String rewrite(TableStorage table, CompactionPolicy.Plan plan, List<SegmentReader> inputs, boolean[] done)
            throws IOException {
        int tableId = table.definition().id();
        long id = table.reserveSegmentIds(1);
        // a rollup level keeps its small chunks and its statistics-free index (segment version 3)
        boolean level = table.layout().rollupLevel() != null;
        PartitionRewriter rewriter = new PartitionRewriter(table.types(), table.definition().options().compression(), true, limiter,
                level ? dev.sundial.head.ChunkSizing.LEVEL_CELLS_PER_CHUNK : dev.sundial.head.ChunkSizing.MAX_ROWS_PER_CHUNK);
        SegmentInfo written = null;
        boolean committed = false;
        boolean inDoubt = false;
        long started = System.nanoTime();
        try {
            var file = table.layout().segmentFile(tableId, plan.start(), id);
            try (SegmentWriter w = level ? SegmentWriter.createWithoutStats(table.layout().fs(), file, tableId, plan.start(), id)
                    : SegmentWriter.create(table.layout().fs(), file, tableId, plan.start(), id)) {
                rewriter.rewrite(inputs, w, new RoaringBitmap(), 0, 0);
                lastPeakRowsHeld = rewriter.peakRowsHeld();
                if (!w.isEmpty()) {
                    written = w.finish();
                }
            }
            Runnable hook = beforeCommitForTesting;
            if (hook != null) {
                hook.run();
            }
            List<TableStorage.RewriteOutput> outputs = written == null ? List.of()
                    : List.of(new TableStorage.RewriteOutput(written, plan.start(), plan.end()));
            inDoubt = true;
            committed = commitLock.underFlushLock(() -> !table.isDropped() && table.publishRewrite(inputs, outputs));
            inDoubt = false;
            done[0] = committed;
        } finally {
            if (!committed && !inDoubt && written != null) {
                // refused by the commit (or never offered to it): ours, and garbage. When the commit
                // failed its record may be on disk, so the file stays (the next open keeps or deletes it).
                table.layout().fs().deleteIfExists(written.file());
            }
        }
        long inBytes = plan.bytes();
        if (!committed) {
            return "table " + table.definition().name() + ": skipped " + describeSpan(plan)
                    + ": its segments changed meanwhile (a delete, retention, flush or drop); the output was discarded";
        }
        return "table " + table.definition().name() + ": compacted " + describeSpan(plan) + " (" + plan.reason() + "): "
                + inputs.size() + " segments, " + inBytes + " bytes -> " + (written == null ? "none" : written.bytes() + " bytes")
                + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    private static String describeSpan(CompactionPolicy.Plan p) {
        return Instant.ofEpochSecond(0, 0).plusNanos(p.start()) + " .. " + Instant.ofEpochSecond(0, 0).plusNanos(p.end());
    }
}
