package dev.sundial.cli;

import dev.sundial.DataPoint;
import dev.sundial.SeriesCursor;
import dev.sundial.SeriesRows;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.TableStats;
import dev.sundial.WriteBatch;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnBatch;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sundial demo}: loads a day of synthetic sensor readings into the data directory through
 * the normal write path, flushes, and shows what is stored and how small it is.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Loads one day of synthetic readings (table 'demo_sensors': 20 sensors every 10 s, temperature and humidity",
            "with 2 decimals) into the data directory, then shows the table's statistics and a sample query."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--sensors", defaultValue = "20", description = "Number of sensors (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Override
    public Integer call() throws Exception {
        Instant dayStart = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        long start = dayStart.getEpochSecond() * 1_000_000_000L;
        long step = 10_000_000_000L;
        int steps = 8640;
        Random rnd = new Random(42);
        double[] temp = new double[sensors];
        double[] hum = new double[sensors];
        for (int s = 0; s < sensors; s++) {
            temp[s] = 18 + rnd.nextDouble() * 6;
            hum[s] = 40 + rnd.nextDouble() * 20;
        }
        long t0 = System.nanoTime();
        try (Sundial s = db.open()) {
            System.out.println("Sundial demo: data directory " + s.directory().toAbsolutePath());
            WriteBatch batch = s.newBatch();
            for (int i = 0; i < steps; i++) {
                long ts = start + i * step;
                for (int k = 0; k < sensors; k++) {
                    temp[k] += rnd.nextGaussian() * 0.05;
                    hum[k] = Math.max(0, Math.min(100, hum[k] + rnd.nextGaussian() * 0.2));
                    batch.add("demo_sensors", DataPoint.at(ts).tag("sensor", "s" + k).tag("site", k % 2 == 0 ? "north" : "south")
                            .field("temperature", Math.round(temp[k] * 100) / 100.0).field("humidity", Math.round(hum[k] * 100) / 100.0)
                            .build());
                }
                if (batch.rows() >= 20_000) {
                    batch.commit();
                }
            }
            batch.commit();
            s.flush();
            double secs = (System.nanoTime() - t0) / 1e9;
            Table t = s.table("demo_sensors");
            TableStats st = t.stats();
            System.out.printf("wrote %,d rows (%,d points) in %.2f s%n", st.rows(), st.points(), secs);
            System.out.printf("table %s: %d series, %d partition(s), %,d bytes on disk, %.3f bytes per point%n",
                    st.name(), st.series(), st.partitions(), st.bytes(), st.bytesPerPoint());
            long from = start + 12 * 3600 * 1_000_000_000L;
            System.out.println("sensor s0 from " + Instant.ofEpochSecond(from / 1_000_000_000L) + ", first 5 readings:");
            try (SeriesCursor c = t.scan(from, from + 60 * 1_000_000_000L, TagFilter.eq("sensor", "s0"))) {
                while (c.hasNext()) {
                    SeriesRows r = c.next();
                    ColumnBatch b = r.rows();
                    for (int i = 0; i < Math.min(5, b.size); i++) {
                        System.out.printf("  %s  temperature=%s humidity=%s%n", Instant.ofEpochSecond(0, b.timestamps[i]),
                                b.columns[0].get(i), b.columns[1].get(i));
                    }
                }
            }
        }
        System.out.println("Next: ./sundial sql \"SELECT sensor, time_bucket('1h', timestamp) AS hour, avg(temperature) "
                + "FROM demo_sensors WHERE sensor = 's0' GROUP BY sensor, hour ORDER BY hour\"");
        System.out.println("      ./sundial shell | ./sundial stats | ./sundial export --table demo_sensors | ./sundial check");
        return 0;
    }
}
