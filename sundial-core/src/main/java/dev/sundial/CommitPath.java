package dev.sundial;

import dev.sundial.bytes.GrowableBytes;
import dev.sundial.maintenance.MaintenanceScheduler;
import dev.sundial.partition.TableStorage;
import dev.sundial.wal.WalSyncMode;
import dev.sundial.wal.WriteAheadLog;
import dev.sundial.wal.WriteRecordEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The commit path of a write batch: lock the tables it writes (ascending id), append one WAL
 * record, apply it to the heads, release the locks, then wait for durability under
 * {@code wal.sync} (group commit: concurrent writers share an fsync). Also the back-pressure that
 * keeps heads within their memory budget.
 *
 * <p>Thread-safe: any number of threads commit concurrently.
 */
final class CommitPath {
    private final SundialOptions options;
    private final WriteAheadLog wal;
    private final Map<Integer, TableStorage> storages;
    private final MaintenanceScheduler scheduler;

    CommitPath(SundialOptions options, WriteAheadLog wal, Map<Integer, TableStorage> storages, MaintenanceScheduler scheduler) {
        this.options = options;
        this.wal = wal;
        this.storages = storages;
        this.scheduler = scheduler;
    }

    /** A write record made visible: its WAL sequence, and how many of its rows replaced a row the tables had. */
    record Committed(long sequence, long replaced) {
    }

    Committed commit(WriteRecordEncoder encoder, IntFunction<TableStorage> storageOf) throws IOException {
        Committed c = commitWithoutWaiting(encoder, storageOf);
        awaitDurable(c.sequence());
        return c;
    }

    /** Waits until WAL record {@code sequence} is durable: an fsync in {@code batch} mode, nothing otherwise. */
    void awaitDurable(long sequence) throws IOException {
        if (sequence >= 0 && options.walSync().kind() == WalSyncMode.Kind.BATCH) {
            wal.awaitDurable(sequence);
        }
    }

    /** @param storageOf the storage the batch resolved for each table id it holds rows of */
    Committed commitWithoutWaiting(WriteRecordEncoder encoder, IntFunction<TableStorage> storageOf) throws IOException {
        long seq;
        long replaced = 0;
        List<WriteRecordEncoder.TableRows> sections = encoder.tables();
        // Sections without rows (kept by the encoder for reuse) take no part: their table may even
        // be gone. The others' storages are locked in table-id order.
        List<TableStorage> locked = new ArrayList<>(sections.size());
        List<TableStorage> order = new ArrayList<>(sections.size());
        for (WriteRecordEncoder.TableRows t : sections) {
            TableStorage st = null;
            if (t.rowCount() > 0) {
                st = storageOf.apply(t.tableId());
                if (st == null) {
                    throw new IllegalStateException("BUG: batch holds rows of table id " + t.tableId() + " it did not resolve");
                }
                order.add(st);
            }
            locked.add(st);
        }
        order.sort(Comparator.comparingInt(s -> s.definition().id()));
        for (TableStorage s : order) {
            s.lock().lock();
        }
        try {
            for (TableStorage st : order) {
                if (st.isDropped()) {
                    // checked under the table lock, which DROP TABLE holds while it commits: no
                    // record of a dropped table reaches the WAL after the catalog forgot it
                    throw new WriteBatch.WriteException("cannot write to table " + st.definition().name()
                            + ": it was dropped while the batch was being built (nothing of the batch was written)");
                }
            }
            // Counted under the same locks, before anything is written: exact against concurrent
            // writers, and a segment that cannot be read fails the write with nothing written.
            for (int i = 0; i < sections.size(); i++) {
                if (locked.get(i) != null) {
                    replaced += locked.get(i).countReplaced(sections.get(i));
                }
            }
            int[] firstNew = new int[sections.size()];
            WriteRecordEncoder.SeriesDefinitions[] defs = new WriteRecordEncoder.SeriesDefinitions[sections.size()];
            for (int i = 0; i < sections.size(); i++) {
                TableStorage s = locked.get(i);
                if (s == null) {
                    continue; // no rows: finish() skips the section
                }
                firstNew[i] = s.walLoggedSeriesBound();
                defs[i] = id -> {
                    var key = s.registry().key(id);
                    String[] tags = new String[key.length()];
                    for (int k = 0; k < tags.length; k++) {
                        tags[k] = key.tag(k);
                    }
                    return tags;
                };
            }
            GrowableBytes payload = encoder.finish(firstNew, defs);
            // Written (not yet durable) under the table locks, so records of a table reach the WAL
            // and the head in the same order and a concurrent freeze sees each record wholly on one
            // side. The fsync wait happens after the locks are released, shared by concurrent writers.
            seq = wal.write(payload.array(), 0, payload.size());
            for (int i = 0; i < sections.size(); i++) {
                if (locked.get(i) != null) {
                    locked.get(i).walLoggedSeriesUpTo(sections.get(i).maxSeriesId() + 1);
                }
            }
            for (int i = 0; i < sections.size(); i++) {
                if (locked.get(i) != null) {
                    WalReplay.applyLive(sections.get(i), seq, locked.get(i));
                }
            }
        } finally {
            for (TableStorage s : order) {
                s.lock().unlock();
            }
        }
        // The caller acknowledges only once durable (awaitDurable). Readers may see the rows a moment
        // earlier; a crash in between loses rows that were never acknowledged, which the contract allows.
        afterWrite();
        return new Committed(seq, replaced);
    }

    private void afterWrite() throws IOException {
        long head = liveHeadBytes();
        if (head > options.headMaxBytes() || wal.sizeBytes() > options.walFlushBytes() || wal.overWarnSize()) {
            scheduler.requestFlush();
            // Back-pressure: past twice the budget, writers wait for the flush instead of growing the heap.
            if (head > 2 * options.headMaxBytes()) {
                scheduler.awaitFlush();
            }
        }
    }

    /** Estimated bytes of all live heads. */
    long liveHeadBytes() {
        long n = 0;
        for (TableStorage s : storages.values()) {
            n += s.liveHeadBytes();
        }
        return n;
    }
}
