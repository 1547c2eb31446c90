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
 * @param trust             whether a connection may start without credentials (trust
 *                          authentication): asked at each connection, since tokens may be added
 *                          while the server runs
 * @param maxMessageBytes   largest frontend message ({@code limits.max_body_bytes})
 * @param serverVersion     the {@code server_version} reported to clients
 */
record PgContext(Supplier<Sundial> db, QuerySlots slots, QueryMetrics metrics, java.util.function.BooleanSupplier trust,
                 long maxMessageBytes, String serverVersion) {
}
