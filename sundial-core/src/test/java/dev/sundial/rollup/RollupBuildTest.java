package dev.sundial.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.index.TagFilter;
import dev.sundial.scan.SeriesMerger;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** Levels are built from raw rows and from each other, late writes and deletes mark exactly their buckets dirty. */
class RollupBuildTest {
    static final long MIN = 60_000_000_000L;
    static final long HOUR = 60 * MIN;
    static final long DAY = 24 * HOUR;
    static final long T0 = 1_700_006_400_000_000_000L / DAY * DAY;

    @TempDir
    Path dir;

    private Table create(Sundial db) throws Exception {
        return db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).value("n", ColumnType.BIGINT)
                .value("ok", ColumnType.BOOLEAN).value("s", ColumnType.VARCHAR).build(), TableOptions.DEFAULTS);
    }

    private static void write(Table t, Random rnd, int hosts, long from, long to, long step) throws Exception {
        List<DataPoint> batch = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            for (long ts = from; ts < to; ts += step) {
                batch.add(DataPoint.at(ts).tag("host", "h" + h).field("v", Math.round(rnd.nextGaussian() * 1000) / 100.0)
                        .field("n", (long) rnd.nextInt(1000)).field("ok", rnd.nextBoolean()).field("s", "x" + rnd.nextInt(9)).build());
            }
        }
        t.insert(batch);
    }

    /** count, sum, min, max of column v per level bucket of series 0, straight from the cells. */
    private static Map<Long, double[]> cells(Table t, int level, long from, long to) throws Exception {
        RoaringBitmap one = RoaringBitmap.bitmapOf(0);
        Map<Long, double[]> out = new java.util.TreeMap<>();
        try (RollupView v = t.rollupView(from, to, one)) {
            RollupSchema s = v.schema();
            int[] cols = new int[s.levelColumnCount()];
            ColumnType[] types = new ColumnType[cols.length];
            for (int i = 0; i < cols.length; i++) {
                cols[i] = i;
                types[i] = s.level().value(i).type();
            }
            SeriesMerger m = new SeriesMerger(cols, types);
            v.readCells(level, 0, from, to, m, b -> {
                for (int i = 0; i < b.size; i++) {
                    if (CellBuilder.longAt(b, RollupSchema.ROWS, i, 0) == 0) {
                        continue;
                    }
                    out.put(b.timestamps[i], new double[] {CellBuilder.longAt(b, s.column(0, RollupField.COUNT), i, 0),
                            CellBuilder.doubleAt(b, s.column(0, RollupField.SUM), i),
                            CellBuilder.doubleAt(b, s.column(0, RollupField.MIN), i),
                            CellBuilder.doubleAt(b, s.column(0, RollupField.MAX), i)});
                }
            });
        }
        return out;
    }

    private static Map<Long, double[]> rawAggregates(Table t, long width, long from, long to) {
        Map<Long, double[]> out = new java.util.TreeMap<>();
        for (DataPoint p : t.query(from, to, TagFilter.eq("host", "h0"), "v")) {
            Object v = p.fields().get("v");
            if (v == null) {
                continue;
            }
            double x = (Double) v;
            long b = Math.floorDiv(p.timestampNanos(), width) * width;
            double[] a = out.computeIfAbsent(b, k -> new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            a[0]++;
            a[1] += x;
            a[2] = Math.min(a[2], x);
            a[3] = Math.max(a[3], x);
        }
        return out;
    }

    private static void assertSame(Map<Long, double[]> cells, Map<Long, double[]> raw) {
        assertThat(cells.keySet()).isEqualTo(raw.keySet());
        for (var e : raw.entrySet()) {
            double[] c = cells.get(e.getKey());
            assertThat(c[0]).as("count at %s", e.getKey()).isEqualTo(e.getValue()[0]);
            assertThat(c[1]).as("sum at %s", e.getKey()).isCloseTo(e.getValue()[1], org.assertj.core.data.Offset.offset(1e-6));
            assertThat(c[2]).as("min at %s", e.getKey()).isEqualTo(e.getValue()[2]);
            assertThat(c[3]).as("max at %s", e.getKey()).isEqualTo(e.getValue()[3]);
        }
    }

    @Test
    void levelsAgreeWithRawDataAndLateWritesRebuildOnlyTheirBuckets() throws Exception {
        long seed = System.nanoTime();
        System.out.println("RollupBuildTest seed " + seed);
        Random rnd = new Random(seed);
        try (Sundial db = Sundial.open(dir, dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
            Table t = create(db);
            write(t, rnd, 3, T0, T0 + 2 * DAY, 10_000_000_000L);
            db.flush();
            List<String> done = db.buildRollups();
            assertThat(done).isNotEmpty();
            assertThat(db.buildRollups()).isEmpty();
            TableRollups r = t.rollupsForTesting();
            // the finest level is built up to the bucket of the newest flushed row
            assertThat(r.builtThrough(0)).isEqualTo(T0 + 2 * DAY - MIN);
            assertSame(cells(t, 0, T0, T0 + DAY), rawAggregates(t, MIN, T0, T0 + DAY));
            assertSame(cells(t, 2, T0, T0 + DAY), rawAggregates(t, HOUR, T0, T0 + DAY));

            // a late write into a built hour, an upsert of an existing row and a delete of one minute
            t.insert(DataPoint.at(T0 + 3 * HOUR + 5_000_000_000L).tag("host", "h0").field("v", 999.0).build());
            t.insert(DataPoint.at(T0 + 5 * HOUR).tag("host", "h0").field("v", -999.0).build());
            db.flush();
            assertThat(r.dirtyBuckets()).isEqualTo(2);
            t.delete(T0 + 7 * HOUR, T0 + 7 * HOUR + MIN, TagFilter.eq("host", "h0"));
            assertThat(r.dirtyBuckets()).isEqualTo(3);
            List<String> rebuilt = db.buildRollups();
            assertThat(rebuilt).hasSize(1).first().asString().contains("rebuilt 3 dirty");
            assertThat(r.dirtyBuckets()).isZero();
            assertSame(cells(t, 0, T0, T0 + DAY), rawAggregates(t, MIN, T0, T0 + DAY));
            assertSame(cells(t, 2, T0, T0 + DAY), rawAggregates(t, HOUR, T0, T0 + DAY));
            // a DELETE without a time range marks the whole built range of its series dirty
            t.delete(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.eq("host", "h2"));
            assertThat(r.dirtyBuckets()).isEqualTo((T0 + 2 * DAY - MIN - T0) / MIN);
            db.buildRollups();
            assertThat(r.dirtyBuckets()).isZero();
            // the second day is not complete (the newest minute is the tail): only the first is built in 1d
            assertSame(cells(t, 3, T0, T0 + 2 * DAY), rawAggregates(t, DAY, T0, T0 + DAY));
        }
        // the state survives a reopen; a dirty mark too
        try (Sundial db = Sundial.open(dir, dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
            Table t = db.table("m");
            TableRollups r = t.rollupsForTesting();
            assertThat(r.builtThrough(0)).isEqualTo(T0 + 2 * DAY - MIN);
            t.insert(DataPoint.at(T0 + 9 * HOUR + 1).tag("host", "h1").field("v", 1.0).build());
            db.flush();
        }
        try (Sundial db = Sundial.open(dir, dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
            Table t = db.table("m");
            assertThat(t.rollupsForTesting().dirtyBuckets()).isEqualTo(1);
            db.buildRollups();
            assertSame(cells(t, 2, T0, T0 + DAY), rawAggregates(t, HOUR, T0, T0 + DAY));
        }
    }

    @Test
    void aDamagedStateFileIsQuarantinedAndTheLevelsAreRebuiltFromRawData() throws Exception {
        Random rnd = new Random(7);
        dev.sundial.SundialOptions quiet = dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false);
        try (Sundial db = Sundial.open(dir, quiet)) {
            Table t = create(db);
            write(t, rnd, 2, T0, T0 + DAY, 10_000_000_000L);
            db.flush();
            db.buildRollups();
        }
        Path state = dir.resolve("tables/t0/rollup/state.sdr");
        byte[] b = java.nio.file.Files.readAllBytes(state);
        b[20] ^= 0x40;
        java.nio.file.Files.write(state, b);
        try (Sundial db = Sundial.open(dir, quiet)) {
            assertThat(db.problems()).anyMatch(p -> p.contains("quarantined the rollup state") && p.contains("rebuilt from raw data"));
            Table t = db.table("m");
            TableRollups r = t.rollupsForTesting();
            assertThat(r.builtThrough(0)).isEqualTo(RollupState.NEVER);
            assertThat(db.buildRollups()).isNotEmpty();
            // built up to the newest row's hour (its own hour is the tail, read raw by queries)
            assertSame(cells(t, 2, T0, T0 + DAY), rawAggregates(t, HOUR, T0, T0 + DAY - HOUR));
            assertThat(db.check().problems()).anyMatch(p -> p.contains("state.sdr")); // kept in the quarantine until removed
        }
    }

    @Test
    void aBuiltLevelWhoseDirectoryIsGoneIsReportedAndRebuilt() throws Exception {
        Random rnd = new Random(11);
        dev.sundial.SundialOptions quiet = dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false);
        try (Sundial db = Sundial.open(dir, quiet)) {
            Table t = create(db);
            write(t, rnd, 2, T0, T0 + DAY, 10_000_000_000L);
            db.flush();
            db.buildRollups();
        }
        dev.sundial.fs.FileLayer.REAL.deleteTree(dir.resolve("tables/t0/rollup/l-1h"));
        try (Sundial db = Sundial.open(dir, quiet)) {
            Table t = db.table("m");
            TableRollups r = t.rollupsForTesting();
            r.builtLevels(); // opens the levels that hold cells, as retention, compaction, stats and check do
            assertThat(r.problems()).anyMatch(p -> p.contains("rollup level 1h") && p.contains("is missing"));
            assertThat(r.builtThrough(2)).isEqualTo(RollupState.NEVER); // no query reads the lost cells
            assertThat(r.builtThrough(0)).isNotEqualTo(RollupState.NEVER);
            db.buildRollups();
            assertSame(cells(t, 2, T0, T0 + DAY), rawAggregates(t, HOUR, T0, T0 + DAY - HOUR));
            assertThat(db.check().problems()).anyMatch(p -> p.contains("l-1h"));
        }
    }
}
