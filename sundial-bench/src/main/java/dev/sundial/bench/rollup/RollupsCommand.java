package dev.sundial.bench.rollup;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.cli.demo.DevopsLoader;
import dev.sundial.rollup.RollupLevel;
import dev.sundial.rollup.TableRollups;
import dev.sundial.segment.SegmentReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench rollups}: the rollup figures of issue 8 on devops cpu data (hosts × days at 10 s):
 * load and flush, the full build of every level (time), bytes per level against the raw bytes,
 * then 1 % of the points rewritten out of order into rolled-up ranges, flushed, and the next
 * maintenance run timed (the dirty buckets it rebuilt, against the full build). Prints one line per
 * figure. The data goes to a temporary directory, deleted at the end.
 */
@Command(name = "rollups", mixinStandardHelpOptions = true, description = "Rollup build time, storage per level and late-data rebuild on devops data.")
public final class RollupsCommand implements Callable<Integer> {
    @Option(names = "--hosts", description = "hosts (default ${DEFAULT-VALUE})")
    int hosts = 100;

    @Option(names = "--days", description = "days of 10-second data (default ${DEFAULT-VALUE})")
    int days = 30;

    @Option(names = "--decimals", description = "round values to this many decimals, -1 = full precision (default ${DEFAULT-VALUE})")
    int decimals = 2;

    @Option(names = "--late-fraction", description = "share of points rewritten out of order (default ${DEFAULT-VALUE})")
    double lateFraction = 0.01;

    @Option(names = "--aggregations", description = "the table's rollup_aggregations (default: all)")
    String aggregations;

    @Option(names = "--dir", description = "data directory to use (kept); default: a temporary one, deleted")
    Path dir;

    @Override
    public Integer call() throws Exception {
        boolean temporary = dir == null;
        Path d = temporary ? Files.createTempDirectory("sundial-rollups-bench") : dir;
        try {
            run(d);
        } finally {
            if (temporary) {
                try (Stream<Path> s = Files.walk(d)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
        return 0;
    }

    private void run(Path d) throws IOException {
        long day = 86_400_000_000_000L;
        DevopsGenerator gen = new DevopsGenerator(DevopsGenerator.Config.of(hosts, days * day, 1).withDecimals(decimals));
        // maintenance only when this command says so, so that its timings are its own
        try (Sundial db = Sundial.open(d, dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
            long t0 = System.nanoTime();
            long points = new DevopsLoader(db, gen).load(db, gen, 50_000);
            db.flush();
            System.out.printf("loaded %,d points (%s) and flushed in %.1f s%n", points, gen.config(), (System.nanoTime() - t0) / 1e9);
            Table cpu = db.table(DevopsGenerator.MEASUREMENT);
            if (aggregations != null) {
                cpu.setOptions(java.util.Map.of("rollup_aggregations", aggregations));
            }
            long t1 = System.nanoTime();
            int steps = db.buildRollups().size();
            double full = (System.nanoTime() - t1) / 1e9;
            System.out.printf("full rollup build: %.1f s (%d steps)%n", full, steps);
            TableRollups r = cpu.rollupsForTesting();
            long raw = bytes(cpu.rollupsForTesting().raw().segments().segments());
            System.out.printf("raw segments: %,d bytes (%.3f B/point)%n", raw, raw / (double) points);
            long coarse = 0;
            for (RollupLevel l : r.levels()) {
                long b = bytes(l.storage().segments().segments());
                if (l.index() > 0) {
                    coarse += b;
                }
                System.out.printf("level %s: %,d bytes = %.1f %% of raw; %s%n", l.name(), b, 100.0 * b / raw, fieldBytes(r, l));
            }
            System.out.printf("levels above the finest together: %.1f %% of raw%n", 100.0 * coarse / raw);

            // 1 % of the points arrive late: rows rewritten (upserts) at random places of the rolled-up range
            long rows = (long) (lateFraction * gen.rowCount());
            SplittableRandom rnd = new SplittableRandom(7);
            List<DataPoint> late = new ArrayList<>();
            long span = gen.config().rowsPerHost();
            for (long i = 0; i < rows; i++) {
                int h = rnd.nextInt(hosts);
                long ts = gen.config().startNanos() + rnd.nextLong(span - 60) * gen.config().intervalNanos();
                String[] tags = gen.hostTags(h);
                DataPoint.Builder b = DataPoint.at(ts);
                for (int k = 0; k < tags.length; k++) {
                    b.tag(DevopsGenerator.TAG_KEYS.get(k), tags[k]);
                }
                for (String f : DevopsGenerator.FIELD_KEYS) {
                    b.field(f, Math.round(rnd.nextDouble() * 10_000) / 100.0);
                }
                late.add(b.build());
                if (late.size() == 10_000) {
                    cpu.insert(late);
                    late.clear();
                }
            }
            cpu.insert(late);
            db.flush();
            long dirty = r.dirtyBuckets();
            long t2 = System.nanoTime();
            List<String> done = db.buildRollups();
            double rebuild = (System.nanoTime() - t2) / 1e9;
            System.out.printf("late data: %,d rows (%.1f %% of %,d) marked %,d dirty %s buckets; the next maintenance rebuilt them in"
                    + " %.2f s (%d steps) = %.1f %% of the full build%n", rows, 100 * lateFraction, gen.rowCount(), dirty,
                    r.levels().get(0).name(), rebuild, done.size(), 100 * rebuild / full);

            long t3 = System.nanoTime();
            var report = db.maintenance().runAllPending();
            System.out.printf("then the rest of the maintenance (compaction of raw and level segments): %d steps, %.1f s%n",
                    report.steps().size(), (System.nanoTime() - t3) / 1e9);

            String q = "SELECT time_bucket('1h', timestamp) AS hour, hostname, avg(usage_user), avg(usage_system), avg(usage_idle),"
                    + " avg(usage_nice), avg(usage_iowait), avg(usage_irq), avg(usage_softirq), avg(usage_steal), avg(usage_guest),"
                    + " avg(usage_guest_nice) FROM cpu GROUP BY hour, hostname ORDER BY hour, hostname";
            dev.sundial.Session on = db.session();
            dev.sundial.Session off = db.session();
            off.sql("SET rollups = off").close();
            System.out.printf("hourly averages, all hosts, all %d days, rollups on: %.2f ms (median of 21)%n", days, time(on, q, 21));
            System.out.printf("same query with SET rollups = off: %.2f ms (median of 5)%n", time(off, q, 5));
        }
    }

    /** Encoded bytes per field (summed over the value columns), and the index bytes: where a level's bytes go. */
    private static String fieldBytes(TableRollups r, RollupLevel l) {
        java.util.Map<String, Long> by = new java.util.TreeMap<>();
        long blocks = 0;
        long chunks = 0;
        long ts = 0;
        for (SegmentReader s : l.storage().segments().segments()) {
            for (var m : s.allChunks()) {
                chunks++;
                ts += m.tsLength();
                for (var b : m.blocks()) {
                    String name = r.schema().level().value(b.column()).name();
                    String field = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
                    by.merge(field, (long) b.presenceLength() + b.valuesLength(), Long::sum);
                    blocks++;
                }
            }
        }
        return chunks + " chunks, " + blocks + " blocks, timestamps " + ts + " B, fields " + by;
    }

    private static double time(dev.sundial.Session db, String sql, int runs) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            try (QueryResult r = db.sql(sql)) {
                while (r.next()) {
                    r.getDouble(2);
                }
            }
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[runs / 2];
    }

    private static long bytes(List<SegmentReader> segments) {
        long n = 0;
        for (SegmentReader s : segments) {
            n += s.sizeBytes();
        }
        return n;
    }
}
