package dev.sundial.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.SeriesCursor;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.WriteBatch;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.table.ValueVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a chunk's first (whole, checksummed) read, later reads fetch only the blocks asked for:
 * every subset of columns, in any order, must decode to the same values as the whole chunk.
 */
class PartialChunkReadTest {
    @TempDir
    Path dir;

    private static List<String> read(Table t, String... columns) {
        List<String> out = new ArrayList<>();
        try (SeriesCursor c = t.scan(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all(), columns)) {
            while (c.hasNext()) {
                var rows = c.next().rows();
                for (int r = 0; r < rows.size; r++) {
                    StringBuilder b = new StringBuilder().append(rows.timestamps[r]);
                    for (ValueVector v : rows.columns) {
                        b.append('|').append(v == null ? null : v.get(r));
                    }
                    out.add(b.toString());
                }
            }
        }
        return out;
    }

    private static List<String> project(List<String> all, int... positions) {
        List<String> out = new ArrayList<>();
        for (String row : all) {
            String[] f = row.split("\\|", -1);
            StringBuilder b = new StringBuilder(f[0]);
            for (int p : positions) {
                b.append('|').append(f[1 + p]);
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void columnSubsetsAfterTheFirstReadEqualTheWholeChunk() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        try (Sundial db = Sundial.open(dir)) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("a", ColumnType.DOUBLE)
                    .value("b", ColumnType.BIGINT).value("c", ColumnType.VARCHAR).value("d", ColumnType.BOOLEAN)
                    .value("e", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            WriteBatch batch = db.newBatch();
            for (int i = 0; i < 20_000; i++) {
                DataPoint.Builder p = DataPoint.at(1_700_000_000_000_000_000L + i * 1_000_000_000L).tag("host", "h" + (i % 3));
                if (rnd.nextInt(5) > 0) {
                    p.field("a", rnd.nextInt(10_000) / 100.0);
                }
                if (rnd.nextInt(3) > 0) {
                    p.field("b", rnd.nextLong());
                }
                if (rnd.nextBoolean()) {
                    p.field("c", "s" + rnd.nextInt(50));
                }
                p.field("d", rnd.nextBoolean());
                if (rnd.nextInt(7) > 0) {
                    p.field("e", rnd.nextGaussian());
                }
                batch.add("m", p.build());
            }
            batch.commit();
            db.flush();
            List<String> all = read(t, "a", "b", "c", "d", "e"); // first read: whole chunks, checksummed
            for (int k = 0; k < 2; k++) { // the second round reads only the blocks asked for
                assertThat(read(t, "c")).as("seed %d", seed).isEqualTo(project(all, 2));
                assertThat(read(t, "e", "a")).as("seed %d", seed).isEqualTo(project(all, 4, 0));
                assertThat(read(t, "b", "d")).as("seed %d", seed).isEqualTo(project(all, 1, 3));
                assertThat(read(t, "a", "b", "c", "d", "e")).as("seed %d", seed).isEqualTo(all);
            }
        }
    }
}
