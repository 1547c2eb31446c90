package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live write path seals full 4096-row chunks while writing and applies each batch's rows
 * grouped by series; replay decodes the WAL and applies rows in record order. With several series
 * interleaved, out-of-order timestamps and upserts (later write wins per field), enough rows per
 * series that chunks seal mid-write: the head, the head rebuilt by WAL replay, and the flushed
 * segments must all equal a reference model.
 */
class HeadSealingRoundTripTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final Map<Map<String, String>, TreeMap<Long, Map<String, Object>>> model = new HashMap<>();

    private List<DataPoint> expected() {
        List<DataPoint> out = new ArrayList<>();
        model.forEach((tags, rows) -> rows.forEach((ts, f) -> out.add(DataPoint.at(ts).tags(tags).build().withFields(f))));
        out.sort(ORDER);
        return out;
    }

    private static final Comparator<DataPoint> ORDER = Comparator.comparing((DataPoint p) -> p.tags().toString())
            .thenComparingLong(DataPoint::timestampNanos);

    private static List<DataPoint> sorted(List<DataPoint> l) {
        List<DataPoint> c = new ArrayList<>(l);
        c.sort(ORDER);
        return c;
    }

    @Test
    void headReplayAndSegmentsMatchModelWhenChunksSealWhileWriting() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        String msg = "seed=" + seed;
        TableSchema schema = TableSchema.builder("m").tag("host").value("a", ColumnType.DOUBLE).value("b", ColumnType.DOUBLE)
                .value("n", ColumnType.BIGINT).build();
        SundialOptions opts = SundialOptions.defaults().withFlushIntervalMillis(0);
        long base = 1_700_000_000_000_000_000L / (86_400 * SECOND) * (86_400 * SECOND);
        try (Sundial db = Sundial.open(dir, opts)) {
            Table t = db.createTable(schema, TableOptions.DEFAULTS);
            WriteBatch batch = db.newBatch();
            SeriesRef[] series = new SeriesRef[4];
            for (int h = 0; h < series.length; h++) {
                series[h] = t.series(Map.of("host", "h" + h));
            }
            ColumnSet ab = t.columns("a", "b");
            double[] v = new double[2];
            for (int i = 0; i < 40_000; i++) {
                int h = rnd.nextInt(series.length);
                // mostly increasing per series, with late rows and repeated timestamps (upserts)
                long ts = base + (i / 4 + (rnd.nextInt(8) == 0 ? -rnd.nextInt(6000) : 0)) * SECOND;
                Map<String, String> tags = Map.of("host", "h" + h);
                if (rnd.nextInt(3) == 0) {
                    DataPoint.Builder b = DataPoint.at(ts).tags(tags);
                    if (rnd.nextBoolean()) {
                        b.field("a", Math.round(rnd.nextGaussian() * 1000) / 100.0);
                    }
                    b.field("n", (long) rnd.nextInt(100));
                    DataPoint p = b.build();
                    batch.add("m", p);
                    model.computeIfAbsent(tags, k -> new TreeMap<>()).computeIfAbsent(ts, k -> new LinkedHashMap<>()).putAll(p.fields());
                } else {
                    v[0] = Math.round(rnd.nextGaussian() * 1000) / 100.0;
                    v[1] = rnd.nextInt(50) == 0 ? Double.NaN : rnd.nextDouble();
                    batch.addDoubles(series[h], ts, ab, v, 0);
                    Map<String, Object> row = model.computeIfAbsent(tags, k -> new TreeMap<>()).computeIfAbsent(ts, k -> new LinkedHashMap<>());
                    row.put("a", v[0]);
                    row.put("b", v[1]);
                }
                if (batch.rows() >= 1 + rnd.nextInt(3000)) {
                    batch.commit();
                }
            }
            batch.commit();
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).as(msg + " head").isEqualTo(expected());
            db.closeWithoutFlushForTesting();
        }
        try (Sundial db = Sundial.open(dir, opts)) {
            assertThat(db.problems()).as(msg).isEmpty();
            Table t = db.table("m");
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).as(msg + " after WAL replay").isEqualTo(expected());
            db.flush();
            assertThat(sorted(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()))).as(msg + " after flush").isEqualTo(expected());
        }
    }
}
