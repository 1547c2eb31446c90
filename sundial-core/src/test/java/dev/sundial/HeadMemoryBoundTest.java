package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head's memory is bounded by {@code headMaxBytes}: past it, data is flushed to segments while writing goes on. */
class HeadMemoryBoundTest {
    @TempDir
    Path dir;

    @Test
    void writesBeyondTheHeadBudgetAreFlushedWhileWriting() throws Exception {
        long budget = 1 << 20;
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withHeadMaxBytes(budget).withFlushIntervalMillis(0))) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("a", ColumnType.DOUBLE).value("b", ColumnType.DOUBLE).build(),
                    TableOptions.DEFAULTS);
            SeriesRef[] series = new SeriesRef[50];
            for (int h = 0; h < series.length; h++) {
                series[h] = t.series(Map.of("host", "h" + h));
            }
            ColumnSet cols = t.columns("a", "b");
            long maxHead = 0;
            double[] v = new double[2];
            for (int i = 0; i < 20_000; i++) {
                WriteBatch b = db.newBatch();
                for (SeriesRef s : series) {
                    v[0] = i;
                    v[1] = Math.sin(i);
                    b.addDoubles(s, i * 1_000_000_000L, cols, v, 0);
                }
                b.commit();
                maxHead = Math.max(maxHead, db.liveHeadBytes());
            }
            assertThat(t.storage().manifest().segments()).as("flushes under memory pressure").isNotEmpty();
            // back-pressure holds writers at twice the budget; a batch may add a little on top
            assertThat(maxHead).isLessThan(3 * budget);
            assertThat(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.eq("host", "h7"), "a")).hasSize(20_000);
        }
    }
}
