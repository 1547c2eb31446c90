package dev.sundial;

import dev.sundial.scan.SeriesMerger;
import dev.sundial.scan.TableSnapshot;
import dev.sundial.table.ColumnBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.roaringbitmap.IntIterator;

/**
 * Streams the result of a table scan one series at a time (series in id order), so a scan over a
 * large table holds one series' rows in memory at a time, not the whole result. Reads happen on
 * {@link #next()}; I/O or corruption errors surface there as {@link UncheckedIOException} naming
 * the file and offset.
 *
 * <p>Close it to release the snapshot's segments. Not thread-safe.
 */
public final class SeriesCursor implements Iterator<SeriesRows>, AutoCloseable {
    private final TableSnapshot snapshot;
    private final dev.sundial.index.SeriesRegistry registry;
    private final SeriesMerger merger;
    private final IntIterator ids;
    private final int[] order;
    private int orderPos;
    private SeriesRows next;

    SeriesCursor(TableSnapshot snapshot, dev.sundial.index.SeriesRegistry registry, SeriesMerger merger, int[] order) {
        this.snapshot = snapshot;
        this.registry = registry;
        this.merger = merger;
        this.order = order;
        this.ids = order == null ? snapshot.series().getIntIterator() : null;
    }

    /** The snapshot under the cursor (sources, chunk statistics) for aggregate push-down. */
    public TableSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public boolean hasNext() {
        while (next == null && (order == null ? ids.hasNext() : orderPos < order.length)) {
            int id = order == null ? ids.next() : order[orderPos++];
            ColumnBatch rows;
            try {
                rows = merger.read(snapshot.sources(id), snapshot.from(), snapshot.to());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read series " + id + " of table " + snapshot.definition().name()
                        + ": " + e.getMessage(), e);
            }
            if (rows.size > 0) {
                next = new SeriesRows(id, registry.key(id), rows);
            }
        }
        return next != null;
    }

    @Override
    public SeriesRows next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SeriesRows r = next;
        next = null;
        return r;
    }

    @Override
    public void close() {
        try {
            snapshot.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
