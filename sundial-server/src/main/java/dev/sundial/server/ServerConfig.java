package dev.sundial.server;

import java.nio.file.Path;

/**
 * Everything {@code sundial serve} can be told. {@link ServerSettings} holds the keys, their
 * defaults and their parsing ({@code conf/sundial.conf} lists every one); command-line flags
 * override the file.
 * Sizes are bytes, times are milliseconds. Immutable and thread-safe.
 *
 * @param dataDir              the data directory
 * @param bind                 address to listen on; loopback unless told otherwise, so a fresh
 *                             server is not reachable from the network before tokens exist
 * @param httpPort             HTTP port (0 picks a free one, for tests)
 * @param walSync              {@code batch}, {@code interval=<ms>} or {@code none}: when a write is
 *                             acknowledged (see {@code WalSyncMode})
 * @param maxBodyBytes         largest request body, after gzip inflation too (a gzip bomb stops
 *                             here); 413 past it. 64 MiB: ten times InfluxDB's 25 MB default
 *                             would be excessive, and a 10,000-line request is about 2 MB
 * @param maxLinesPerRequest   most line-protocol lines in one request (one request is one atomic
 *                             batch held in memory until committed)
 * @param maxHeaderBytes       largest request header block; 431 past it
 * @param idleTimeoutMillis    a connection with no traffic for this long is closed
 * @param minBodyRateBytes     a request body arriving slower than this (bytes per second) is cut
 *                             off with 408: a slow sender holds a request thread while its body
 *                             streams (0: no minimum)
 * @param maxConnections       open connections at most; past it the server stops accepting until
 *                             one closes (the kernel queues the rest). Idle connections cost no
 *                             thread, only a file descriptor: 16,384 stays under the usual limit
 *                             of 20,000 descriptors with room for data files
 * @param queryTimeoutMillis   a query running longer is stopped with a clear error
 * @param queryMemoryBytes     memory one query may hold for grouping and sorting
 * @param maxConcurrentQueries queries running at once; more wait up to {@code queryQueueMillis}
 *                             and then get 503
 * @param queryQueueMillis     how long a query waits for a free slot
 * @param maxThreads           request threads (connections waiting for bytes hold none)
 * @param shutdownGraceMillis  how long a stop waits for requests in flight
 * @param autoCreate           line protocol and the REST API create tables and columns on first sight
 * @param keyStore             a PKCS#12 or JKS key store: serve HTTPS instead of HTTP; null for plain HTTP
 * @param keyStorePassword     its password (null when none)
 * @param pgPort               PostgreSQL wire protocol port (0 picks a free one, for tests); it
 *                             listens on {@code bind} too: one address setting for both protocols
 * @param pgAuth               how pgwire users authenticate: {@code scram} (SCRAM-SHA-256, the
 *                             default) or {@code password} (cleartext, for clients without SCRAM;
 *                             only over TLS or from loopback, and API tokens work as passwords)
 * @param pgTlsRequired        pgwire clients on other hosts must use TLS (needs {@code keyStore})
 */
public record ServerConfig(Path dataDir, String bind, int httpPort, String walSync, long maxBodyBytes,
                           int maxLinesPerRequest, int maxHeaderBytes, long idleTimeoutMillis, long minBodyRateBytes,
                           int maxConnections, long queryTimeoutMillis,
                           long queryMemoryBytes, int maxConcurrentQueries, long queryQueueMillis, int maxThreads,
                           long shutdownGraceMillis, boolean autoCreate, Path keyStore, String keyStorePassword,
                           int pgPort, String pgAuth, boolean pgTlsRequired) {
    public static final int DEFAULT_HTTP_PORT = 7470;
    public static final int DEFAULT_PG_PORT = 5470;

    public ServerConfig {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("cannot use http.port=" + httpPort + ": not a port number (0..65535)");
        }
        if (pgPort < 0 || pgPort > 65535) {
            throw new IllegalArgumentException("cannot use pg.port=" + pgPort + ": not a port number (0..65535)");
        }
        if (!pgAuth.equals("scram") && !pgAuth.equals("password")) {
            throw new IllegalArgumentException("cannot use pg.auth=" + pgAuth + ": expected scram or password");
        }
        if (pgTlsRequired && keyStore == null) {
            throw new IllegalArgumentException("cannot use pg.tls_required=true: no key store is configured (http.tls.key_store)");
        }
        positive("limits.max_body_bytes", maxBodyBytes);
        positive("limits.max_lines_per_request", maxLinesPerRequest);
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("cannot use limits.max_header_bytes=" + maxHeaderBytes + ": below 1024");
        }
        positive("limits.idle_timeout_ms", idleTimeoutMillis);
        if (minBodyRateBytes < 0) {
            throw new IllegalArgumentException("cannot use limits.min_body_rate_bytes=" + minBodyRateBytes + ": negative");
        }
        positive("limits.max_connections", maxConnections);
        positive("limits.query_timeout_ms", queryTimeoutMillis);
        positive("limits.query_memory_bytes", queryMemoryBytes);
        positive("limits.max_concurrent_queries", maxConcurrentQueries);
        if (queryQueueMillis < 0) {
            throw new IllegalArgumentException("cannot use limits.query_queue_ms=" + queryQueueMillis + ": negative");
        }
        if (maxThreads < 4) {
            throw new IllegalArgumentException("cannot use http.max_threads=" + maxThreads + ": below 4");
        }
        if (shutdownGraceMillis < 0) {
            throw new IllegalArgumentException("cannot use http.shutdown_grace_ms=" + shutdownGraceMillis + ": negative");
        }
    }

    private static void positive(String key, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException("cannot use " + key + "=" + v + ": must be positive");
        }
    }

    /** The defaults (the values {@code conf/sundial.conf} spells out). */
    public static ServerConfig defaults() {
        return ServerSettings.defaults().toConfig();
    }
}
