/**
 * {@code GET /metrics}: the server and its database in the Prometheus text format, through the
 * Prometheus Java client. {@code docs/metrics.md} lists every metric.
 *
 * <p>Two ways figures get here. What the server itself sees — HTTP requests, SQL statements — is
 * recorded as it happens in the client's counters and histograms ({@link HttpMetrics},
 * {@link QueryMetrics}). What the engine counts — WAL, head, storage, maintenance — stays in the
 * engine's own lock-free counters ({@code dev.sundial.metrics}) and is read and converted only when
 * {@code /metrics} is scraped ({@link WalMetrics}, {@link StorageMetrics},
 * {@link MaintenanceMetrics}), so nothing on the write path knows Prometheus.
 *
 * <p>Labels have bounded values only: route patterns (never raw paths), methods from a fixed list,
 * status codes, statement kinds, task names, tiers, rollup levels and table names (bounded by the
 * catalog). Never SQL text, tag values or anything else a client chooses freely.
 */
package dev.sundial.server.metrics;
