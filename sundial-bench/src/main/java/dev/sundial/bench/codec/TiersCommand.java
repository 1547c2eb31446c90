package dev.sundial.bench.codec;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.cli.demo.DevopsLoader;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.tier.Tier;
import dev.sundial.tier.TierStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench tiers}: what the cold tier (zstd on top of the type codecs) gains. Loads devops data
 * (and, with {@code --datasets}, the real-world series of {@code testdata/datasets}, one table),
 * measures segment bytes per point and a full-decode query warm, moves every partition cold with
 * the {@code tiers} task, and measures again.
 */
@Command(name = "tiers", mixinStandardHelpOptions = true,
        description = "Bytes/point and query time, warm vs cold (zstd) segments, on devops data and the datasets.")
public final class TiersCommand implements Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "100", description = "Devops hosts. Default: ${DEFAULT-VALUE}.")
    int hosts;

    @Option(names = "--days", defaultValue = "1", description = "Devops days at 10 s. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--decimals", defaultValue = "-1", description = "Round devops values (-1 = full precision). Default: ${DEFAULT-VALUE}.")
    int decimals;

    @Option(names = "--datasets", description = "Also measure the series of this directory (testdata/datasets).")
    Path datasets;

    @Override
    public Integer call() throws Exception {
        DevopsGenerator gen = new DevopsGenerator(new DevopsGenerator.Config(hosts, days * 8640L, DevopsGenerator.DEFAULT_START_NANOS,
                10_000_000_000L, 123, decimals));
        Path dir = Files.createTempDirectory("sundial-tiers");
        try {
            measure("devops hosts=" + hosts + " days=" + days + " decimals=" + decimals, dir.resolve("devops"), db -> {
                DevopsLoader l = new DevopsLoader(db, gen);
                l.load(db, gen, 10_000);
                return l.table();
            }, "SELECT count(*), avg(usage_user), max(usage_system), min(usage_idle), avg(usage_nice), avg(usage_iowait), "
                    + "avg(usage_irq), avg(usage_softirq), avg(usage_steal), avg(usage_guest), avg(usage_guest_nice) FROM cpu "
                    + "WHERE usage_user > -1");
            if (datasets != null) {
                measure("datasets " + datasets, dir.resolve("datasets"), db -> {
                    Table t = db.createTable(TableSchema.builder("ds").tag("series").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
                    for (DatasetFiles.Series s : DatasetFiles.load(datasets)) {
                        List<DataPoint> pts = new ArrayList<>();
                        for (int i = 0; i < s.values().length; i++) {
                            long ts = s.timestamps() != null ? s.timestamps()[i] : DevopsGenerator.DEFAULT_START_NANOS + i * 1_000_000_000L;
                            pts.add(DataPoint.at(ts).tag("series", s.folder() + "/" + s.name()).field("v", s.values()[i]).build());
                        }
                        t.insert(pts);
                    }
                    return t;
                }, "SELECT count(*), avg(v), max(v) FROM ds WHERE v > -1e300");
            }
        } finally {
            dev.sundial.fs.FileLayer.REAL.deleteTree(dir);
        }
        return 0;
    }

    interface Loader {
        Table load(Sundial db) throws IOException;
    }

    private static void measure(String label, Path dir, Loader loader, String query) throws IOException {
        // a clock far after the data: every partition is old enough to move cold
        SundialOptions opts = SundialOptions.defaults().withFlushIntervalMillis(0).withClock(() -> Instant.parse("2100-01-01T00:00:00Z"));
        try (Sundial db = Sundial.open(dir, opts)) {
            Table t = loader.load(db);
            db.flush();
            long points = t.stats().points();
            long warmBytes = t.tierStats().get(Tier.WARM).bytes();
            String warmResult = run(db, query);
            double warmMs = bestMs(db, query);
            t.setOptions(Map.of("cold_after", "1d"));
            long c0 = System.nanoTime();
            int moved = 0;
            while (db.tierTask().runStep() != null) {
                moved++;
            }
            double moveS = (System.nanoTime() - c0) / 1e9;
            TierStats ts = t.tierStats();
            long coldBytes = ts.get(Tier.COLD).bytes();
            String coldResult = run(db, query);
            double coldMs = bestMs(db, query);
            if (!close(coldResult, warmResult)) {
                throw new IllegalStateException("BUG: cold result " + coldResult + " differs from warm " + warmResult);
            }
            System.out.printf("%s: %,d points, %d partitions moved in %.1f s%n", label, points, moved, moveS);
            System.out.printf("  warm: %,d bytes, %.3f B/point, query %.1f ms%n", warmBytes, (double) warmBytes / points, warmMs);
            System.out.printf("  cold: %,d bytes, %.3f B/point, query %.1f ms (%.1f %% of warm bytes)%n", coldBytes,
                    (double) coldBytes / points, coldMs, 100.0 * coldBytes / warmBytes);
        }
    }

    /** Equal up to float rounding: parallel workers sum in a different order from run to run. */
    private static boolean close(String a, String b) {
        String[] x = a.split("\\|");
        String[] y = b.split("\\|");
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            double p = Double.parseDouble(x[i]);
            double q = Double.parseDouble(y[i]);
            if (Math.abs(p - q) > 1e-9 * Math.max(1, Math.abs(q))) {
                return false;
            }
        }
        return true;
    }

    private static String run(Sundial db, String sql) {
        StringBuilder b = new StringBuilder();
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                for (int c = 0; c < r.columns().size(); c++) {
                    b.append(r.getString(c)).append('|');
                }
            }
        }
        return b.toString();
    }

    /** Best of 10 runs after 10 warm-ups. */
    private static double bestMs(Sundial db, String sql) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            run(db, sql);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (i >= 10) {
                best = Math.min(best, ms);
            }
        }
        return best;
    }
}
