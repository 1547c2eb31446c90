/**
 * Figures the engine records about itself for monitoring ({@code /metrics} of the server, the CLI):
 * counters and fixed-bucket histograms built on {@link java.util.concurrent.atomic.LongAdder}, so
 * recording on hot paths (WAL appends, fsyncs) costs no lock and no allocation. The engine depends on
 * no metrics library: a server reads these figures when it is scraped and converts them to its own
 * format. Who records what: {@link dev.sundial.wal.WalStats}, {@link dev.sundial.maintenance.MaintenanceStats}.
 */
package dev.sundial.metrics;
