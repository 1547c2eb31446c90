package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers see a consistent snapshot while writes and flushes run: each batch writes one row to
 * every series at the same timestamp, so any snapshot must show every series with exactly the
 * timestamps 0..k-1 for one k — never a batch half visible, a row twice (head and segment) or a row
 * missing while it moves from head to segment.
 */
class SnapshotConsistencyTest {
    @TempDir
    Path dir;

    @Test
    void scansDuringWritesAndFlushesSeeWholeBatchesExactlyOnce() throws Exception {
        int series = 8;
        int batches = 3000;
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withHeadMaxBytes(1 << 20).withFlushIntervalMillis(0).withBackgroundMaintenance(false)
                .withWalSync(dev.sundial.wal.WalSyncMode.NONE))) {
            Table t = db.createTable(TableSchema.builder("m").tag("s").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            SeriesRef[] refs = new SeriesRef[series];
            for (int s = 0; s < series; s++) {
                refs[s] = t.series(Map.of("s", "s" + s));
            }
            ColumnSet cols = t.columns("v");
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Integer> seen = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    while (!done.get()) {
                        int k = -1;
                        try (SeriesCursor c = t.scan(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
                            int count = 0;
                            while (c.hasNext()) {
                                var b = c.next().rows();
                                for (int r = 0; r < b.size; r++) {
                                    if (b.timestamps[r] != r || b.columns[0].doubles[r] != r) {
                                        throw new AssertionError("row " + r + " has ts " + b.timestamps[r]);
                                    }
                                }
                                if (k >= 0 && b.size != k) {
                                    throw new AssertionError("series with " + b.size + " rows next to one with " + k);
                                }
                                k = b.size;
                                count++;
                            }
                            if (k > 0 && count != series) {
                                throw new AssertionError(count + " series visible");
                            }
                        }
                        seen.add(k);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            reader.start();
            double[] v = new double[1];
            for (int i = 0; i < batches; i++) {
                WriteBatch b = db.newBatch();
                v[0] = i;
                for (SeriesRef r : refs) {
                    b.addDoubles(r, i, cols, v, 0);
                }
                b.commit();
                if (i % 500 == 250) {
                    db.flush();
                }
            }
            done.set(true);
            reader.join();
            assertThat(failure.get()).as("reader saw an inconsistent snapshot").isNull();
            assertThat(seen).isNotEmpty();
            assertThat(t.storage().manifest().segments()).hasSizeGreaterThan(1);
        }
    }
}
