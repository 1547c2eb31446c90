package dev.sundial.compaction;

import dev.sundial.partition.PartitionGroup;
import dev.sundial.partition.TableStorage;
import dev.sundial.segment.SegmentReader;
import dev.sundial.segment.SegmentWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Deletes the rows of chosen series in [from, to) from a table's segments: every partition group
 * ({@link PartitionGroup}: a partition, or segments compaction merged over several) that holds such
 * rows has all its segments rewritten into one new segment without them ({@link PartitionRewriter});
 * then one commit swaps all rewritten groups at once ({@link TableStorage#publishRewrite}): its
 * commit record is the commit point. A crash before it leaves the old segments (the new files are
 * orphans, deleted on open), a crash after it the new ones (the old files are proven garbage by the
 * record, even if the manifest has to be rebuilt). A group whose rows are all deleted loses its segments.
 *
 * <p>Rows still in the head are not touched: the caller flushes first, and holds the database's
 * flush lock throughout, so no flush adds segments while partitions are rewritten and no other
 * rewrite runs. Queries keep reading the segments of their snapshot (retired files are deleted
 * when the last reader releases them). Stateless.
 */
public final class RowDeletion {
    private static final System.Logger LOG = System.getLogger(RowDeletion.class.getName());

    private RowDeletion() {
    }

    /**
     * Deletes the rows of {@code series} with a timestamp in [from, to) from the segments of
     * {@code table}; returns how many rows (series × timestamp) were deleted. Durable when this
     * returns. Nothing is rewritten when nothing matches.
     */
    public static long delete(TableStorage table, RoaringBitmap series, long from, long to) throws IOException {
        if (from >= to || series.isEmpty()) {
            return 0;
        }
        List<PartitionGroup> groups = table.segments().groups();
        List<SegmentReader> retained = new ArrayList<>();
        java.util.Set<Long> starts = new java.util.TreeSet<>();
        long deleted;
        try {
            for (PartitionGroup g : groups) {
                for (SegmentReader r : g.segments()) {
                    if (!r.retain()) {
                        throw new IllegalStateException("BUG: live segment " + r.file() + " is closed during a delete");
                    }
                    retained.add(r);
                    starts.add(r.partitionStart());
                }
            }
            deleted = rewrite(table, groups, series, from, to);
        } catch (IOException | RuntimeException e) {
            release(retained, e);
            throw e;
        }
        IOException failure = release(retained, null); // the last reference of a replaced segment deletes its file
        if (failure != null) {
            // The delete is committed, so failing it now would misreport it; files left behind are
            // unlisted in the manifest and the next open deletes them.
            LOG.log(System.Logger.Level.WARNING, "cannot release segments of table " + table.definition().name()
                    + " after a delete (removed on the next open): " + failure.getMessage(), failure);
        }
        table.removeEmptyPartitionDirectories(starts);
        return deleted;
    }

    /** Releases every reader; failures are added to {@code primary}, or returned when it is null. */
    private static IOException release(List<SegmentReader> readers, Exception primary) {
        IOException first = null;
        for (SegmentReader r : readers) {
            try {
                r.release();
            } catch (IOException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }

    private static long rewrite(TableStorage table, List<PartitionGroup> groups, RoaringBitmap series,
                                long from, long to) throws IOException {
        int tableId = table.definition().id();
        PartitionRewriter rewriter = new PartitionRewriter(table.types(), table.definition().options().compression());
        List<SegmentReader> replaced = new ArrayList<>();
        List<TableStorage.RewriteOutput> written = new ArrayList<>();
        long deleted = 0;
        try {
            for (PartitionGroup g : groups) {
                List<SegmentReader> segments = g.segments();
                if (g.end() <= from || g.start() >= to || !PartitionRewriter.mayHoldRows(segments, series, from, to)) {
                    continue;
                }
                long start = g.start();
                long id = table.reserveSegmentIds(1);
                try (SegmentWriter w = SegmentWriter.create(table.layout().fs(), table.layout().segmentFile(tableId, start, id), tableId, start, id)) {
                    long n = rewriter.rewrite(segments, w, series, from, to);
                    if (n == 0) {
                        continue; // chunk ranges overlapped, no row did: keep the partition (close() drops the temp file)
                    }
                    deleted += n;
                    replaced.addAll(segments);
                    if (!w.isEmpty()) {
                        written.add(new TableStorage.RewriteOutput(w.finish(), start, g.end()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not published: the finished files are unreferenced; remove them now rather than on open
            for (TableStorage.RewriteOutput o : written) {
                try {
                    table.layout().fs().deleteIfExists(o.segment().file());
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        if (!replaced.isEmpty()) {
            // On failure here the commit record may or may not be on disk, so the new files stay:
            // the next open completes the rewrite or deletes them as orphans.
            if (!table.publishRewrite(replaced, written)) {
                throw new IllegalStateException("BUG: the segments of table " + table.definition().name()
                        + " changed during a delete, which holds the flush lock");
            }
        }
        return deleted;
    }
}
