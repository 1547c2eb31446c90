package dev.sundial.compaction;

import dev.sundial.partition.TableStorage;
import dev.sundial.segment.SegmentInfo;
import dev.sundial.segment.SegmentReader;
import dev.sundial.segment.SegmentWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Deletes the rows of chosen series in [from, to) from a table's segments: every partition that
 * holds such rows has all its segments rewritten into one new segment without them
 * ({@link PartitionRewriter}); then one manifest replacement swaps all rewritten partitions at once
 * ({@link TableStorage#publishRewrite}). That replacement is the commit point: a crash before it
 * leaves the old segments (the new files are orphans, deleted on open), a crash after it the new
 * ones (the old files are orphans). A partition whose rows are all deleted loses its segments.
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
        Map<Long, List<SegmentReader>> byPartition = new TreeMap<>();
        List<SegmentReader> retained = new ArrayList<>();
        long deleted;
        try {
            for (SegmentReader r : table.segments().segments()) { // sorted by (partition, segment id)
                if (!r.retain()) {
                    throw new IllegalStateException("BUG: live segment " + r.file() + " is closed during a delete");
                }
                retained.add(r);
                byPartition.computeIfAbsent(r.partitionStart(), k -> new ArrayList<>()).add(r);
            }
            deleted = rewrite(table, byPartition, series, from, to);
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
        table.removeEmptyPartitionDirectories(byPartition.keySet());
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

    private static long rewrite(TableStorage table, Map<Long, List<SegmentReader>> byPartition, RoaringBitmap series,
                                long from, long to) throws IOException {
        int tableId = table.definition().id();
        PartitionRewriter rewriter = new PartitionRewriter(table.types(), table.definition().options().compression());
        List<SegmentReader> replaced = new ArrayList<>();
        List<SegmentInfo> written = new ArrayList<>();
        long deleted = 0;
        try {
            for (Map.Entry<Long, List<SegmentReader>> e : byPartition.entrySet()) {
                List<SegmentReader> segments = e.getValue();
                if (!PartitionRewriter.mayHoldRows(segments, series, from, to)) {
                    continue;
                }
                long start = e.getKey();
                long id = table.reserveSegmentIds(1);
                try (SegmentWriter w = SegmentWriter.create(table.layout().fs(), table.layout().segmentFile(tableId, start, id), tableId, start, id)) {
                    long n = rewriter.rewrite(segments, w, series, from, to);
                    if (n == 0) {
                        continue; // chunk ranges overlapped, no row did: keep the partition (close() drops the temp file)
                    }
                    deleted += n;
                    replaced.addAll(segments);
                    if (!w.isEmpty()) {
                        written.add(w.finish());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not published: the finished files are unreferenced; remove them now rather than on open
            for (SegmentInfo i : written) {
                try {
                    table.layout().fs().deleteIfExists(i.file());
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        if (!replaced.isEmpty()) {
            // On failure here the manifest may or may not have been replaced on disk, so the new
            // files stay: whichever manifest the next open finds, it deletes the files it does not list.
            table.publishRewrite(replaced, written);
        }
        return deleted;
    }
}
