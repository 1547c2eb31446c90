package dev.sundial.server;

import dev.sundial.Sundial;
import dev.sundial.server.auth.Authenticator;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.console.ConsoleAssets;
import dev.sundial.server.http.Exchange;
import dev.sundial.server.http.JsonErrorHandler;
import dev.sundial.server.http.Route;
import dev.sundial.server.http.Router;
import dev.sundial.server.metrics.MetricsEndpoint;
import dev.sundial.server.metrics.ServerMetrics;
import dev.sundial.server.auth.UserStore;
import dev.sundial.server.pgwire.PgSecurity;
import dev.sundial.server.pgwire.PgWireServer;
import dev.sundial.server.query.QuerySlots;
import dev.sundial.server.query.SqlEndpoint;
import dev.sundial.server.rest.OpenApi;
import dev.sundial.server.rest.TimeseriesQuery;
import dev.sundial.server.rest.TimeseriesWrite;
import dev.sundial.server.stats.StatusEndpoint;
import dev.sundial.server.stats.TablesEndpoint;
import dev.sundial.server.write.IngestCounters;
import dev.sundial.server.write.LineProtocolWrite;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sundial over HTTP: the routes of DESIGN §8 on a Jetty 12 connector, and the PostgreSQL wire
 * protocol on {@code pg.port} ({@link PgWireServer}, same bind address). {@link #start} listens at
 * once, before the database is open, so {@code /health} answers during a long WAL replay and
 * {@code /ready} says when it is done ({@link #attach}).
 *
 * <p>{@link #close()} is the graceful stop of SIGTERM: pgwire connections are closed (their
 * threads get the grace period to end), the connector stops accepting, requests in flight finish (up to {@code http.shutdown_grace_ms}), then the caller flushes and closes the
 * database. The server never closes the database it was given. Thread-safe.
 */
public final class SundialServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SundialServer.class.getName());

    private final ServerConfig config;
    private final Server jetty;
    private final ServerConnector connector;
    private final DatabaseSlot db = new DatabaseSlot();
    private final IngestCounters ingest = new IngestCounters();
    private final long startedNanos = System.nanoTime();
    private final QuerySlots querySlots;
    private final ServerMetrics metrics;
    private final Router router;
    /** The PostgreSQL wire protocol listener, on {@code pg.port}; set once by {@link #start}. */
    private volatile PgWireServer pg;
    /** The pgwire users ({@code auth/users.sduser}), opened by {@link #start}: a damaged file stops the start. */
    private volatile UserStore users;

    private SundialServer(ServerConfig config, Authenticator auth) {
        this.config = config;
        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
        threads.setName("sundial-http");
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // 64 KiB reads instead of Jetty's 8 KiB: line-protocol bodies are large and streamed; measured
        // 1.31-1.47x more points per CPU second than at 8 KiB, and past 64 KiB no gain (docs/server.md)
        http.setInputBufferSize(64 << 10);
        http.setRequestHeaderSize(config.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setMinRequestDataRate(config.minBodyRateBytes());
        if (config.keyStore() != null) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(config.keyStore().toAbsolutePath().toString());
            if (config.keyStorePassword() != null) {
                tls.setKeyStorePassword(config.keyStorePassword());
            }
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // self-signed certificates for localhost are the common case
            http.addCustomizer(secure);
            connector = new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        }
        connector.setHost(config.bind());
        connector.setPort(config.httpPort());
        connector.setIdleTimeout(config.idleTimeoutMillis());
        // the kernel's queue of connections not yet accepted: Java's default of 50 drops the SYNs of a
        // burst of new clients (they retry after 1 s, then 3 s); 4096 is Linux's usual somaxconn cap
        connector.setAcceptQueueSize(4096);
        jetty.addConnector(connector);
        jetty.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
        querySlots = new QuerySlots(config.maxConcurrentQueries(), config.queryQueueMillis());
        metrics = new ServerMetrics(db::current, ingest, () -> connector.getConnectedEndPoints().size());
        router = new Router(buildRoutes(), auth, config.maxBodyBytes(), metrics.http());
        GracefulHandler graceful = new GracefulHandler(router);
        jetty.setHandler(graceful);
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(config.shutdownGraceMillis());
        jetty.setStopAtShutdown(false); // the serve command's shutdown hook stops us, then closes the database
    }

    /** Starts listening; endpoints that need the database answer 503 until {@link #attach}. */
    public static SundialServer start(ServerConfig config, Authenticator auth) throws IOException {
        SundialServer s = new SundialServer(config, auth);
        try {
            s.jetty.start();
        } catch (IOException e) {
            throw new IOException("cannot listen on " + config.bind() + ":" + config.httpPort() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IOException("cannot start the HTTP server: " + e.getMessage(), e);
        }
        try {
            // PostgreSQL clients accept a server_version that starts with a PostgreSQL version; 16.0
            // is one whose protocol and client queries pgjdbc 42.7 and psql 15+ handle without probing
            try {
                s.users = UserStore.open(config.dataDir());
            } catch (dev.sundial.fs.CorruptFileException e) {
                throw new IOException("cannot start: the pgwire user file is damaged, and the server never runs with credentials it"
                        + " cannot read: " + e.getMessage() + " (restore it from a backup, or move it aside and add the users again"
                        + " with sundial user add: see docs/auth.md)", e);
            }
            PgSecurity security = new PgSecurity(s.users, auth, config.pgAuth().equals("password"), config.pgTlsRequired(),
                    config.keyStore(), config.keyStorePassword());
            s.pg = PgWireServer.start(config.bind(), config.pgPort(), s.db, s.querySlots, s.metrics.queries(),
                    security, config.idleTimeoutMillis(), config.maxConnections(), config.maxBodyBytes(),
                    "16.0 (Sundial " + BuildInfo.version() + ")");
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Makes the open database available to the endpoints; {@code /ready} answers 200 from now on. */
    public void attach(Sundial sundial) {
        db.attach(sundial);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Statements running now over either protocol (holding one of {@code limits.max_concurrent_queries}). */
    public int runningQueries() {
        return querySlots.running();
    }

    /** The port of the PostgreSQL wire protocol ({@code pg.port}, or the one picked for 0). */
    public int pgPort() {
        return pg.port();
    }

    /** PostgreSQL wire protocol connections open now. */
    public int pgConnections() {
        return pg.connections();
    }

    /** The base URI clients use ({@code http://127.0.0.1:7470}). */
    public URI uri() {
        String host = config.bind().equals("0.0.0.0") || config.bind().equals("::") ? "127.0.0.1" : config.bind();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((config.keyStore() != null ? "https" : "http") + "://" + host + ":" + port());
    }

    public ServerConfig config() {
        return config;
    }

    public IngestCounters ingestCounters() {
        return ingest;
    }

    /** Every route the server answers, with the scope each needs. */
    public List<Route> routes() {
        return router.routes();
    }

    /** The server's metrics ({@code /metrics}); other protocols' endpoints report their statements to {@link ServerMetrics#queries()}. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The routes, as {@code "GET,POST /api/v1/sql"} (for the OpenAPI check). */
    public List<String> routeDescriptions() {
        return router.describe();
    }

    private List<Route> buildRoutes() {
        LineProtocolWrite write = new LineProtocolWrite(db, config.maxLinesPerRequest(), ingest);
        SqlEndpoint sql = new SqlEndpoint(db, querySlots, metrics.queries());
        TimeseriesWrite points = new TimeseriesWrite(db, config.autoCreate(), config.maxLinesPerRequest(), ingest);
        TimeseriesQuery aggregate = new TimeseriesQuery(db, querySlots); // shares the SQL endpoint's query slots
        OpenApi openApi = new OpenApi();
        List<Route> r = new ArrayList<>();
        r.add(new Route(Set.of("GET", "HEAD"), "/health", null, ex -> ex.text(200, "application/json", "{\"status\":\"ok\"}\n")));
        r.add(new Route(Set.of("GET", "HEAD"), "/ready", null, this::ready));
        r.add(new Route(Set.of("POST"), "/write", Scope.WRITE, write::v1));
        r.add(new Route(Set.of("POST"), "/api/v2/write", Scope.WRITE, write::v2));
        r.add(new Route(Set.of("GET", "POST"), "/api/v1/sql", Scope.READ, sql::handle));
        r.add(new Route(Set.of("POST"), "/api/timeseries/{table}", Scope.WRITE, points::handle));
        r.add(new Route(Set.of("GET"), "/api/timeseries/{table}/query", Scope.READ, aggregate::handle));
        r.add(new Route(Set.of("GET"), "/api/openapi.json", Scope.READ, openApi::handle));
        // the web console (docs/console.md): its static files need no token, its data endpoints READ
        r.addAll(new ConsoleAssets().routes());
        r.add(new Route(Set.of("GET"), "/api/v1/tables", Scope.READ, new TablesEndpoint(db)::handle));
        r.add(new Route(Set.of("GET"), "/api/v1/status", Scope.READ,
                new StatusEndpoint(db, db::ready, ingest, querySlots::running, startedNanos)::handle));
        r.add(new Route(Set.of("GET"), "/metrics", Scope.READ, new MetricsEndpoint(metrics)::handle));
        return r;
    }

    private void ready(Exchange ex) throws IOException {
        if (db.ready()) {
            ex.text(200, "application/json", "{\"status\":\"ready\"}\n");
        } else {
            ex.text(503, "application/json", "{\"status\":\"not ready\",\"reason\":\"the database is opening or closing\"}\n");
        }
    }

    /**
     * Graceful stop: refuse new work, let requests in flight finish within the grace period, stop
     * the threads. The database stays open (the caller flushes and closes it).
     */
    @Override
    public void close() {
        db.closing();
        PgWireServer p = pg;
        if (p != null) {
            p.close(config.shutdownGraceMillis());
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot stop the HTTP server cleanly: " + e.getMessage(), e);
        }
        UserStore u = users;
        if (u != null) {
            u.close();
        }
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }
}
