package dev.sundial;

import dev.sundial.partition.TableStorage;
import dev.sundial.rollup.TableRollups;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The rollup levels of every open table, kept in step with the tables' lifecycle (open, create,
 * alter, drop, close) and hooked into the flush and delete paths so that late writes and deletes
 * mark their buckets dirty before the WAL can forget them ({@link TableRollups}).
 *
 * <p>Thread-safe: the map is concurrent; hooks run under the flush lock; lifecycle changes under
 * the schema lock.
 */
final class TableRollupSet implements FlushCoordinator.BeforePublish, FlushCoordinator.BeforeDelete, AutoCloseable {
    private final Map<Integer, TableRollups> byTable = new ConcurrentHashMap<>();
    /** Told of every level storage when it opens (raw table, level, its storage): its retention cutoff. */
    interface LevelOpened {
        void opened(TableStorage raw, dev.sundial.rollup.RollupLevel level, TableStorage storage);
    }

    private final LevelOpened onLevelOpen;

    TableRollupSet(LevelOpened onLevelOpen) {
        this.onLevelOpen = onLevelOpen;
    }

    /** Opens the levels of a table; returns the damage found (quarantined level files or state). */
    List<String> open(TableStorage s) throws IOException {
        TableRollups r = TableRollups.open(s, (level, storage) -> onLevelOpen.opened(s, level, storage));
        byTable.put(s.definition().id(), r);
        return r.problems();
    }

    TableRollups of(TableStorage s) {
        return byTable.get(s.definition().id());
    }

    List<TableRollups> all() {
        return new ArrayList<>(byTable.values());
    }

    /** The table's definition changed: new columns reach the levels; a new ladder reopens them. */
    void definitionChanged(TableStorage s, dev.sundial.table.TableDefinition before) throws IOException {
        TableRollups r = byTable.get(s.definition().id());
        if (r == null) {
            return;
        }
        var o = s.definition().options();
        if (!o.rollupIntervals().equals(before.options().rollupIntervals())
                || !o.rollupAggregations().equals(before.options().rollupAggregations())) {
            // a new ladder or field set: the levels are rebuilt from raw data (steps of the scheduler)
            r.close();
            byTable.remove(s.definition().id());
            // levels kept by the new ladder keep their cells and progress (the state is per level width);
            // a new field set makes every cell incomplete: they go, and are rebuilt from raw data
            dev.sundial.fs.FileLayer fs = s.layout().fs();
            java.nio.file.Path dir = s.layout().rollupDir(s.definition().id());
            if (!o.rollupAggregations().equals(before.options().rollupAggregations()) && fs.isDirectory(dir)) {
                fs.deleteTree(dir);
            }
            open(s);
        } else {
            r.definitionChanged();
        }
    }

    /** The table was dropped (its directory goes next): closes its levels. */
    void dropped(TableStorage s) throws IOException {
        TableRollups r = byTable.remove(s.definition().id());
        if (r != null) {
            r.close();
        }
    }

    @Override
    public void flushing(TableStorage table, dev.sundial.head.Head head) throws IOException {
        TableRollups r = byTable.get(table.definition().id());
        if (r != null) {
            r.flushing(head);
        }
    }

    @Override
    public void deleting(TableStorage table, RoaringBitmap series, long from, long to) throws IOException {
        TableRollups r = byTable.get(table.definition().id());
        if (r != null) {
            r.deleting(series, from, to);
        }
    }

    @Override
    public void deleted(TableStorage table, RoaringBitmap series, long from, long to) throws IOException {
        TableRollups r = byTable.get(table.definition().id());
        if (r != null) {
            r.deleting(series, from, to); // the same marks again, now that the rows are gone (see BeforeDelete)
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (TableRollups r : byTable.values()) {
            try {
                r.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        byTable.clear();
        if (first != null) {
            throw first;
        }
    }
}
