package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.cli.demo.DevopsLoader;
import dev.sundial.cli.demo.NabLoader;
import dev.sundial.server.ServerConfig;
import dev.sundial.server.ServerSettings;
import dev.sundial.server.SundialServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sundial demo}: the server with something to look at. On a data directory without the
 * sample (by default {@code ./sundial-data}, created if absent) it loads a day of generated devops
 * metrics ending now (table {@code cpu}, TSBS's shape: 10 CPU fields per host every 10 s), builds
 * its rollups, and, when a NAB dataset folder is found, the NAB series (table {@code nab}); then it
 * serves like {@code sundial serve} and prints the console's URL and commands to paste. Ctrl-C
 * stops it cleanly. A second run finds the sample and serves at once.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts the server on ./sundial-data with sample data: a day of generated devops metrics ending now",
            "(table 'cpu', with rollups built) and the NAB series when testdata/datasets/nab is found (table 'nab').",
            "Prints the web console's URL and ready-to-paste commands; Ctrl-C stops it."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "sundial-data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "7470", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--pg-port", paramLabel = "PORT", defaultValue = "5470",
            description = "PostgreSQL wire protocol port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int pgPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--hosts", defaultValue = "50", description = "Hosts of the generated devops day (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--nab", paramLabel = "DIR", description = "NAB dataset folder (default: testdata/datasets/nab of the checkout, or ../shared/datasets/nab, when present).")
    Path nab;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerSettings.defaults().set("data_dir", dataDir.toString())
                .set("http.port", Integer.toString(httpPort)).set("pg.port", Integer.toString(pgPort))
                .set("http.bind", bind).toConfig();
        return ServeCommand.serve(config, System.out, (server, db) -> {
            load(db, System.out);
            hints(server, System.out);
        });
    }

    /** Loads what of the sample the data directory lacks: each part once, so a stopped first run is completed by the next. */
    private void load(Sundial db, PrintStream out) throws IOException {
        Path nabDir = nab != null ? nab : findNab();
        boolean devops = db.table(DevopsGenerator.MEASUREMENT) == null;
        boolean nabSeries = nabDir != null && db.table(NabLoader.TABLE) == null;
        if (!devops && !nabSeries) {
            out.println("sundial demo: the sample is already loaded; serving it");
            return;
        }
        out.println("sundial demo: loading the sample" + (devops ? " (a day of devops metrics" + (nabSeries ? ", then the NAB series)" : ")")
                : " (the NAB series)") + "...");
        out.flush();
        if (devops) {
            long t0 = System.nanoTime();
            long interval = DevopsGenerator.DEFAULT_INTERVAL_NANOS;
            long rowsPerHost = Duration.ofDays(1).toNanos() / interval;
            long end = System.currentTimeMillis() * 1_000_000L / interval * interval; // the last full 10 s step before now
            DevopsGenerator gen = new DevopsGenerator(new DevopsGenerator.Config(hosts, rowsPerHost, end - rowsPerHost * interval,
                    interval, 42, 2));
            DevopsLoader loader = new DevopsLoader(db, gen);
            long points = loader.load(db, DevopsLoader.generate(gen), 0, 50_000);
            db.flush();
            db.buildRollups();
            out.printf("sundial demo: loaded a day of devops metrics ending now: table cpu, %d hosts, %,d points (%.1f s, rollups built)%n",
                    hosts, points, (System.nanoTime() - t0) / 1e9);
            out.flush();
        }
        if (nabSeries) {
            long t1 = System.nanoTime();
            NabLoader.Result r = NabLoader.load(db, nabDir);
            db.flush();
            out.printf("sundial demo: loaded the NAB series from %s: table nab, %d series, %,d points (%.1f s)%n", nabDir,
                    r.series(), r.points(), (System.nanoTime() - t1) / 1e9);
        }
    }

    /** The NAB folder of the checkout the launcher runs from, or the shared one beside it; null when neither exists. */
    private static Path findNab() {
        String root = System.getProperty("sundial.root");
        for (Path p : new Path[] {root == null ? null : Path.of(root, "testdata", "datasets", "nab"), Path.of("testdata", "datasets", "nab"),
                Path.of("..", "shared", "datasets", "nab")}) {
            if (p != null && Files.isDirectory(p)) {
                return p.normalize();
            }
        }
        return null;
    }

    private static void hints(SundialServer server, PrintStream out) {
        String base = server.uri().toString();
        out.println();
        out.println("  Web console:  " + base + "/");
        out.println();
        out.println("  Try:");
        out.println("    curl -s '" + base + "/api/v1/sql' --data-urlencode \"q=SELECT hostname, max(usage_user) FROM cpu"
                + " WHERE timestamp > now() - INTERVAL '1 hour' GROUP BY hostname ORDER BY 2 DESC LIMIT 5\"");
        out.println("    curl -s '" + base + "/api/timeseries/cpu/query?field=usage_user&interval=1h&agg=avg&group_by=region&start=-1d'");
        out.println("    curl -i '" + base + "/api/v2/write?bucket=demo&precision=s' --data-binary \"cpu,hostname=mine usage_user=42 $(date +%s)\"");
        out.println("    ./sundial sql --url " + base + " \"SELECT count(*) FROM cpu\"");
        if (server.pgPort() > 0) {
            out.println("    psql -h " + server.uri().getHost() + " -p " + server.pgPort() + " -d sundial -c \"SELECT hostname, max(usage_user) FROM cpu GROUP BY hostname LIMIT 5\"");
        }
        out.println("    curl -s " + base + "/metrics | grep sundial_");
        out.println();
        out.println("  Ctrl-C stops the server (it flushes and closes the data directory).");
        out.flush();
    }
}
