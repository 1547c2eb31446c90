package dev.sundial.server.pgwire;

import dev.sundial.Sundial;
import dev.sundial.server.metrics.QueryMetrics;
import dev.sundial.server.query.QuerySlots;
import java.util.function.Supplier;

/**
 * What every pgwire connection shares with the rest of the server: the database (503-like until
 * it is attached), the query slots of {@code limits.max_concurrent_queries} (the same slots HTTP
 * queries take), the query metrics, and the limits. Immutable and thread-safe.
 *
 * @param login             who may connect, with which scope ({@link PgLogin})
 * @param tls               TLS for SSLRequest, or null when no key store is configured (SSLRequest gets {@code N})
 * @param canceller         where a CancelRequest goes (the server's registry of connections)
 * @param maxMessageBytes   largest frontend message ({@code limits.max_body_bytes})
 * @param serverVersion     the {@code server_version} reported to clients
 */
record PgContext(Supplier<Sundial> db, QuerySlots slots, QueryMetrics metrics, PgLogin login, PgTls tls, Canceller canceller,
                 long maxMessageBytes, String serverVersion) {

    /** Receives CancelRequests: cancels the statement of the connection {@code processId} when {@code secretKey} is its key. */
    @FunctionalInterface
    interface Canceller {
        void cancel(int processId, int secretKey);
    }
}
