package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Writes random points (out of order, repeated timestamps = upserts, NULLs, several partitions) and
 * checks that every read — from the head, after a flush, after reopening, after WAL replay — equals
 * a reference model of upsert semantics.
 */
class EngineRoundTripTest {
    private static final long HOUR = 3_600_000_000_000L;
    private static final long DAY = 24 * HOUR;

    @TempDir
    Path dir;

    /** Reference: series tags → ts → field → value; later writes win per field. */
    private final Map<Map<String, String>, TreeMap<Long, Map<String, Object>>> model = new HashMap<>();

    private void remember(DataPoint p) {
        model.computeIfAbsent(p.tags(), k -> new TreeMap<>()).computeIfAbsent(p.timestampNanos(), k -> new LinkedHashMap<>())
                .putAll(p.fields());
    }

    private List<DataPoint> expected(long from, long to, String host) {
        List<DataPoint> out = new ArrayList<>();
        model.forEach((tags, rows) -> {
            if (host != null && !host.equals(tags.get("host"))) {
                return;
            }
            rows.subMap(from, to).forEach((ts, fields) -> out.add(DataPoint.at(ts).tags(tags).build().withFields(fields)));
        });
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

    private List<DataPoint> randomPoints(Random rnd, int n) {
        List<DataPoint> out = new ArrayList<>();
        long base = 1_700_000_000_000_000_000L / DAY * DAY;
        for (int i = 0; i < n; i++) {
            long ts = base + (long) rnd.nextInt(3 * 24 * 360) * 10_000_000_000L; // 3 days of 10 s steps
            if (rnd.nextInt(10) == 0 && !out.isEmpty()) {
                ts = out.get(rnd.nextInt(out.size())).timestampNanos(); // repeat: upsert
            }
            DataPoint.Builder b = DataPoint.at(ts).tag("host", "h" + rnd.nextInt(5));
            if (rnd.nextBoolean()) {
                b.tag("dc", "dc" + rnd.nextInt(2));
            }
            if (rnd.nextInt(5) != 0) {
                b.field("usage", Math.round(rnd.nextGaussian() * 1000) / 100.0);
            }
            if (rnd.nextInt(3) == 0) {
                b.field("count", (long) rnd.nextInt(1000) - 500);
            }
            if (rnd.nextInt(4) == 0) {
                b.field("up", rnd.nextBoolean());
            }
            if (rnd.nextInt(6) == 0) {
                b.field("note", "n" + rnd.nextInt(3));
            }
            if (rnd.nextInt(50) == 0) {
                b.field("usage", Double.NaN);
            }
            DataPoint p = b.build();
            if (p.fields().isEmpty()) {
                p = DataPoint.at(ts).tags(p.tags()).field("usage", -0.0).build();
            }
            out.add(p);
        }
        return out;
    }

    @Test
    void readsMatchUpsertModelThroughHeadFlushReopenAndReplay() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        String msg = "seed=" + seed;
        TableSchema schema = TableSchema.builder("cpu").tag("host").tag("dc").value("usage", ColumnType.DOUBLE)
                .value("count", ColumnType.BIGINT).value("up", ColumnType.BOOLEAN).value("note", ColumnType.VARCHAR).build();
        SundialOptions opts = SundialOptions.defaults().withFlushIntervalMillis(0);
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        try (Sundial db = Sundial.open(dir, opts)) {
            Table t = db.createTable(schema, TableOptions.DEFAULTS);
            for (int round = 0; round < 3; round++) {
                List<DataPoint> pts = randomPoints(rnd, 3000);
                for (int i = 0; i < pts.size(); i += 500) {
                    List<DataPoint> part = pts.subList(i, Math.min(pts.size(), i + 500));
                    t.insert(part);
                    part.forEach(this::remember);
                }
                assertThat(sorted(t.query(from, to, TagFilter.all()))).as(msg + " head, round " + round).isEqualTo(expected(from, to, null));
                if (round < 2) {
                    db.flush();
                    assertThat(sorted(t.query(from, to, TagFilter.all()))).as(msg + " after flush " + round).isEqualTo(expected(from, to, null));
                }
            }
            long a = expected(from, to, null).get(100).timestampNanos();
            long b = a + 7 * HOUR;
            assertThat(sorted(t.query(a, b, TagFilter.eq("host", "h1")))).as(msg + " range+tag").isEqualTo(expected(a, b, "h1"));
            db.closeWithoutFlushForTesting();
        }
        try (Sundial db = Sundial.open(dir, opts)) {
            assertThat(db.problems()).isEmpty();
            Table t = db.table("cpu");
            assertThat(sorted(t.query(from, to, TagFilter.all()))).as(msg + " after WAL replay").isEqualTo(expected(from, to, null));
        }
        try (Sundial db = Sundial.open(dir, opts)) {
            Table t = db.table("cpu");
            assertThat(sorted(t.query(from, to, TagFilter.all()))).as(msg + " after reopen").isEqualTo(expected(from, to, null));
            TableStats s = t.stats();
            long rows = model.values().stream().mapToLong(TreeMap::size).sum();
            long points = model.values().stream().flatMap(m -> m.values().stream()).mapToLong(Map::size).sum();
            assertThat(s.rows()).as(msg).isEqualTo(rows);
            assertThat(s.points()).as(msg).isEqualTo(points);
            assertThat(s.series()).isEqualTo(model.size());
        }
    }

    @Test
    void typeConflictIsRejectedAndBatchKeepsEarlierPoints() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            WriteBatch b = db.newBatch();
            b.add("m", DataPoint.at(1).tag("h", "a").field("v", 1.0).build());
            assertThatThrownBy(() -> b.add("m", DataPoint.at(2).tag("h", "a").field("v", 5L).build()))
                    .isInstanceOf(WriteBatch.WriteException.class)
                    .hasMessageContaining("cannot write field v of table m").hasMessageContaining("DOUBLE");
            b.commit();
            assertThat(db.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())).hasSize(1);
        }
    }

    @Test
    void secondOpenOfSameDirectoryNamesTheHolder() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            assertThatThrownBy(() -> Sundial.open(dir)).hasMessageContaining("in use by process " + ProcessHandle.current().pid());
        }
    }
}
