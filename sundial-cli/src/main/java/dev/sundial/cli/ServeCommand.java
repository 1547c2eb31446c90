package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.server.ServerConfig;
import dev.sundial.server.ServerSettings;
import dev.sundial.server.SundialServer;
import dev.sundial.server.auth.TokenStore;
import dev.sundial.server.auth.UserStore;
import dev.sundial.wal.WalSyncMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code sundial serve}: the HTTP server (docs/server.md) on a data directory, until SIGTERM or
 * Ctrl-C, which stop it gracefully: no new connections, requests in flight finish, the head is
 * flushed and the WAL synced, the database closed. A restart recovers whatever a harder stop left
 * in the WAL. Settings: defaults, then {@code --config FILE}, then the flags.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the Sundial server: InfluxDB line protocol (/write, /api/v2/write), SQL (/api/v1/sql), the REST API,",
            "/metrics, /health, /ready and the web console at /. Stops cleanly on SIGTERM or Ctrl-C.",
            "Every setting and its default: conf/sundial.conf; flags override the config file."})
final class ServeCommand implements Callable<Integer> {
    /** Jetty's loggers: only its warnings reach the user (its INFO lines are start-up chatter). */
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (key = value lines; see conf/sundial.conf).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: sundial-data).")
    Path dataDir;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (default: 7470; 0 picks a free one).")
    Integer httpPort;

    @Option(names = "--pg-port", paramLabel = "PORT", description = "PostgreSQL wire protocol port (default: 5470; 0 picks a free one).")
    Integer pgPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1, this machine only).")
    String bind;

    @Option(names = "--wal-sync", paramLabel = "MODE", description = "batch (default: a write is acknowledged once fsynced), interval=<ms>, none.")
    String walSync;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting of conf/sundial.conf (repeatable), e.g. --set limits.query_timeout_ms=5000.")
    java.util.List<String> sets = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return serve(config(), System.out, (server, db) -> {
        });
    }

    /** The settings: defaults, the config file, then the flags. */
    ServerConfig config() throws IOException {
        ServerSettings s = ServerSettings.defaults();
        if (configFile != null) {
            s.readFile(configFile);
        }
        for (String kv : sets) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("cannot read --set " + kv + ": expected KEY=VALUE");
            }
            s.set(kv.substring(0, eq).strip(), kv.substring(eq + 1));
        }
        if (dataDir != null) {
            s.set("data_dir", dataDir.toString());
        }
        if (httpPort != null) {
            s.set("http.port", httpPort.toString());
        }
        if (pgPort != null) {
            s.set("pg.port", pgPort.toString());
        }
        if (bind != null) {
            s.set("http.bind", bind);
        }
        if (walSync != null) {
            s.set("wal.sync", walSync);
        }
        return s.toConfig();
    }

    /** What runs once the server is up and the database attached (the demo loads its sample then). */
    @FunctionalInterface
    interface Started {
        void run(SundialServer server, Sundial db) throws IOException;
    }

    /** Serves until the JVM is asked to stop. */
    static int serve(ServerConfig config, PrintStream out, Started started) throws Exception {
        JETTY.setLevel(Level.WARNING);
        TokenStore tokens = TokenStore.open(config.dataDir());
        if (tokens.isEmpty() && !isLoopback(config.bind())) {
            System.err.println("sundial: warning: no token exists, so anyone who reaches " + config.bind() + ":" + config.httpPort()
                    + " can read and write; create one with 'sundial token add NAME --scopes admin'");
        }
        boolean tokensOnPg = config.pgAuth().equals("password") && !tokens.isEmpty();
        if ((!tokens.isEmpty() || !isLoopback(config.bind())) && !tokensOnPg && noPgUsers(config)) {
            System.err.println("sundial: note: the PostgreSQL port " + config.pgPort() + " refuses every connection until a user exists"
                    + " (sundial user add NAME): trust applies only to a loopback address without tokens (docs/auth.md)");
        }
        SundialServer server;
        try {
            server = SundialServer.start(config, tokens);
        } catch (IOException | RuntimeException e) {
            tokens.close();
            throw e;
        }
        Sundial db;
        try {
            SundialOptions options = SundialOptions.defaults().withWalSync(WalSyncMode.parse(config.walSync()))
                    .withAutoCreate(config.autoCreate()).withQueryTimeoutMillis(config.queryTimeoutMillis())
                    .withQueryMemoryBytes(config.queryMemoryBytes());
            db = EngineLog.whileOpening(() -> Sundial.open(config.dataDir(), options));
        } catch (IOException | RuntimeException e) {
            server.close();
            tokens.close();
            throw e;
        }
        for (String p : db.problems()) {
            System.err.println("sundial: warning: " + p);
        }
        for (String p : db.repairs()) {
            System.err.println("sundial: repaired after a crash: " + p);
        }
        server.attach(db);
        // SIGTERM and Ctrl-C (SIGINT) ask the main thread to stop, so a clean stop exits with 0, as
        // service managers expect (a JVM that exits from its shutdown hooks after a signal exits with
        // 128 + the signal's number). The hook remains for every other way the JVM may end.
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> stopRequested.countDown());
        }
        Thread hook = new Thread(() -> stop(server, db, tokens, stopped), "sundial-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("sundial: serving " + db.directory().toAbsolutePath() + " at " + server.uri()
                + " and postgresql://" + server.uri().getHost() + ":" + server.pgPort() + " (Ctrl-C stops)");
        out.flush();
        started.run(server, db);
        stopRequested.await();
        stop(server, db, tokens, stopped);
        return 0;
    }

    /** Whether no pgwire user exists; false when the user file cannot be read (the server's start reports that). */
    private static boolean noPgUsers(ServerConfig config) {
        try (UserStore users = UserStore.open(config.dataDir())) {
            return users.isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isLoopback(String bind) {
        try {
            return java.net.InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The graceful stop (see the class comment); runs in the shutdown hook, so it reports on stderr, not the log. */
    private static void stop(SundialServer server, Sundial db, TokenStore tokens, AtomicBoolean stopped) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        System.err.println("sundial: stopping: finishing requests in flight, flushing");
        try {
            server.close();
            tokens.close();
            db.flush();
            db.close();
            System.err.println("sundial: stopped cleanly");
        } catch (IOException | RuntimeException e) {
            System.err.println("sundial: error while stopping: " + e.getMessage()
                    + " (what was acknowledged is in the WAL and is recovered at the next start)");
        }
    }
}
