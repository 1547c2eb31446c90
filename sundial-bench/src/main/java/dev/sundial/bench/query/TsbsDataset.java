package dev.sundial.bench.query;

import dev.sundial.Sundial;
import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.cli.demo.DevopsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A database holding the devops {@code cpu} table of {@code hosts × days}, loaded through the embedded
 * write path and flushed, so that queries read segment files (through the OS cache) and not the head.
 *
 * <p>Loading 8.64 M points takes 10–15 s on 2 busy cores, once per JMH fork; so a loaded directory is
 * kept under {@code ${java.io.tmpdir}/sundial-tsbs/<hosts>h-<days>d-<2dec or full>/} and reopened by
 * later forks (a {@code complete} marker beside the data directory is written only after load, flush
 * and close succeeded; a directory without it is deleted and loaded again). With
 * {@code -Dtsbs.cache=false} the data goes to a fresh temporary directory that {@link #close} deletes.
 * Delete {@code ${java.io.tmpdir}/sundial-tsbs} after a change to the storage format or the generator.
 *
 * <p>Not thread-safe to open or close; the open {@link #db()} is shared by the queries (which
 * {@link Sundial} allows).
 */
final class TsbsDataset implements AutoCloseable {
    static final long MINUTE = 60_000_000_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private final Path dir;
    private final boolean temporary;
    private final Sundial db;
    private final DevopsGenerator gen;

    private TsbsDataset(Path dir, boolean temporary, Sundial db, DevopsGenerator gen) {
        this.dir = dir;
        this.temporary = temporary;
        this.db = db;
        this.gen = gen;
    }

    /**
     * Opens {@code hosts} hosts over {@code days} days, values rounded to {@code decimals} (-1: full
     * precision): from the cache when it holds them, else generated and loaded.
     */
    static TsbsDataset open(int hosts, int days, int decimals) throws IOException {
        DevopsGenerator gen = new DevopsGenerator(DevopsGenerator.Config.of(hosts, days * DAY, 1).withDecimals(decimals));
        if (!Boolean.parseBoolean(System.getProperty("tsbs.cache", "true"))) {
            Path dir = Files.createTempDirectory("sundial-tsbs-bench");
            Sundial db = load(dir, gen);
            buildRollups(db);
            return new TsbsDataset(dir, true, db, gen);
        }
        Path slot = Path.of(System.getProperty("java.io.tmpdir"), "sundial-tsbs", hosts + "h-" + days + "d-" + (decimals < 0 ? "full" : decimals + "dec"));
        Path dir = slot.resolve("data");
        Path complete = slot.resolve("complete");
        if (!Files.exists(complete)) {
            if (Files.exists(slot)) {
                deleteTree(slot);
            }
            Files.createDirectories(dir);
            load(dir, gen).close();
            Files.writeString(complete, gen.config().toString());
        } else {
            System.out.println("tsbs: reusing the loaded data in " + dir);
        }
        Sundial db = Sundial.open(dir, QUIET);
        buildRollups(db);
        return new TsbsDataset(dir, false, db, gen);
    }

    /** No maintenance in the background while queries are timed: it runs to completion once, at open. */
    private static final dev.sundial.SundialOptions QUIET = dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false);

    /**
     * Runs all pending maintenance to completion (rollup levels, compaction; a no-op when done before):
     * queries read the data as a running server's maintained database holds it.
     */
    private static void buildRollups(Sundial db) {
        long t0 = System.nanoTime();
        int steps = db.maintenance().runAllPending().steps().size();
        if (steps > 0) {
            System.out.printf("tsbs: maintenance (rollup levels, compaction) in %d steps, %.1f s%n", steps, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Loads all rows of {@code gen} into a new database in {@code dir} and flushes it; returns it open. */
    private static Sundial load(Path dir, DevopsGenerator gen) throws IOException {
        Sundial db = Sundial.open(dir, QUIET);
        try {
            long t0 = System.nanoTime();
            long points = new DevopsLoader(db, gen).load(db, gen, 50_000);
            db.flush();
            System.out.printf("tsbs: loaded %,d points (%s) and flushed in %.1f s%n",
                    points, gen.config(), (System.nanoTime() - t0) / 1e9);
            return db;
        } catch (IOException | RuntimeException e) {
            db.close();
            deleteTree(dir);
            throw e;
        }
    }

    Sundial db() {
        return db;
    }

    /** Points (row × value column) in the table. */
    long points() {
        return gen.pointCount();
    }

    int hosts() {
        return gen.config().hosts();
    }

    String hostname(int h) {
        return gen.hostTags(h)[0];
    }

    long startNanos() {
        return gen.config().startNanos();
    }

    /** End of the data, exclusive. */
    long endNanos() {
        return gen.config().startNanos() + gen.config().rowsPerHost() * gen.config().intervalNanos();
    }

    @Override
    public void close() throws IOException {
        try {
            db.close();
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
