package dev.sundial;

import dev.sundial.compaction.RowDeletion;
import dev.sundial.flush.HeadFlusher;
import dev.sundial.head.Head;
import dev.sundial.index.TagFilter;
import dev.sundial.partition.TableStorage;
import dev.sundial.segment.SegmentInfo;
import dev.sundial.wal.WriteAheadLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roaringbitmap.RoaringBitmap;

/**
 * Coordinates what changes the set of segments of a database: flushes (heads into segments, then
 * the WAL checkpoint) and row deletes (partition rewrites). One runs at a time, under
 * {@link #lock()} — the first lock of the lock order in core's {@code package-info.java}; DROP TABLE
 * takes it too, so no flush writes into a table being dropped.
 *
 * <p>The invariant it keeps: the WAL is checkpointed only up to a sequence every table's records of
 * which are published in segments, including tables created while the flush ran.
 *
 * <p>{@link #addAfterFlush} registers listeners told of each table's freshly published segments,
 * under the lock, after the manifest commit and before the checkpoint (rollups build from them).
 *
 * <p>Thread-safe.
 */
final class FlushCoordinator {
    private static final System.Logger LOG = System.getLogger(FlushCoordinator.class.getName());

    /** Told of the segments one flush published for a table. */
    interface AfterFlush {
        /**
         * @param table    the table flushed
         * @param segments the segments just published (durable, live in the manifest)
         * @throws IOException fails the flush (the segments stay published; the WAL is not checkpointed past them)
         */
        void flushed(TableStorage table, List<SegmentInfo> segments) throws IOException;
    }

    /** Told of a frozen head before its segments are published (rollups mark late rows dirty). */
    interface BeforePublish {
        /** @throws IOException fails the flush before anything was published (the head stays frozen, readable, retried) */
        void flushing(TableStorage table, Head head) throws IOException;
    }

    /** Told of a DELETE before it removes rows (rollups mark the range dirty). */
    interface BeforeDelete {
        /** @throws IOException fails the delete before anything was removed */
        void deleting(TableStorage table, RoaringBitmap series, long from, long to) throws IOException;

        /**
         * The delete committed. Rollups mark the range dirty again: a rebuild that took the first
         * marks while the rows were still there must not leave its cells looking clean.
         */
        void deleted(TableStorage table, RoaringBitmap series, long from, long to) throws IOException;
    }

    private final Object lock = new Object();
    private final List<BeforeDelete> beforeDelete = new CopyOnWriteArrayList<>();
    private final List<BeforePublish> beforePublish = new CopyOnWriteArrayList<>();
    private final WriteAheadLog wal;
    private final Map<Integer, TableStorage> storages;
    private final List<AfterFlush> afterFlush = new CopyOnWriteArrayList<>();
    /** Runs inside a flush right after it listed the tables; lets a test create a table in that window. */
    volatile Runnable afterListTakenForTesting;

    FlushCoordinator(WriteAheadLog wal, Map<Integer, TableStorage> storages) {
        this.wal = wal;
        this.storages = storages;
    }

    /** The flush lock: held by flushes, deletes and drops. */
    Object lock() {
        return lock;
    }

    void addAfterFlush(AfterFlush listener) {
        afterFlush.add(listener);
    }

    void addBeforePublish(BeforePublish listener) {
        beforePublish.add(listener);
    }

    void addBeforeDelete(BeforeDelete listener) {
        beforeDelete.add(listener);
    }

    /**
     * Flushes every table's head into segment files and checkpoints the WAL.
     *
     * @param closing also retire the active WAL segment when everything in it is flushed
     */
    void flush(boolean closing) throws IOException {
        synchronized (lock) {
            // The checkpoint bound is read BEFORE the list of tables: a record at or below it was
            // written by a table already in the map (a writer resolves its table first), so that
            // table is in the list and frozen at or above the bound. A table created after the list
            // was taken writes only records above the bound, which the checkpoint must not pass:
            // they are in no segment yet.
            long target = wal.lastSequence();
            List<TableStorage> all = new ArrayList<>(storages.values());
            Runnable hook = afterListTakenForTesting;
            if (hook != null) {
                hook.run();
            }
            for (TableStorage s : all) {
                s.freeze(wal::lastSequence);
            }
            IOException failure = null;
            for (TableStorage s : all) {
                for (Head h : s.frozenHeads()) {
                    try {
                        for (BeforePublish l : beforePublish) {
                            l.flushing(s, h);
                        }
                        List<SegmentInfo> written = HeadFlusher.flush(s, h);
                        for (AfterFlush l : afterFlush) {
                            l.flushed(s, written);
                        }
                    } catch (IOException e) {
                        // keep the frozen head (still readable, retried next flush); report
                        LOG.log(System.Logger.Level.ERROR, "cannot flush table " + s.definition().name() + ": " + e.getMessage(), e);
                        if (failure == null) {
                            failure = e;
                        }
                        break;
                    }
                }
            }
            for (TableStorage s : all) {
                target = Math.min(target, s.checkpointLimit());
            }
            if (target > 0) {
                // a table whose flush failed keeps its checkpoint limit at its last published mark
                wal.checkpoint(target, closing);
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Deletes rows of {@code filter}'s series in [from, to) from a table: under the flush lock,
     * flushes every head (so every row written before is in segments and the WAL is checkpointed
     * past it), then rewrites the affected partitions ({@link RowDeletion}).
     */
    long delete(TableStorage s, long from, long to, TagFilter filter) throws IOException {
        if (from >= to) {
            return 0;
        }
        synchronized (lock) {
            s.checkNotDropped("delete from");
            RoaringBitmap series = s.registry().select(filter, s.definition().schema()::tagIndex);
            if (series.isEmpty()) {
                return 0;
            }
            flush(false);
            for (BeforeDelete l : beforeDelete) {
                l.deleting(s, series, from, to);
            }
            long n = RowDeletion.delete(s, series, from, to);
            for (BeforeDelete l : beforeDelete) {
                l.deleted(s, series, from, to);
            }
            return n;
        }
    }
}
