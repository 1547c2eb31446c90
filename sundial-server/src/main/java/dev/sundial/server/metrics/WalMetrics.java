package dev.sundial.server.metrics;

import dev.sundial.Sundial;
import dev.sundial.wal.WalStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.Supplier;

/**
 * The write-ahead log, read from {@link Sundial#walStats()} at each scrape: appends, fsyncs and
 * their latency, size on disk. Counters start at zero when the database opens. Nothing is reported
 * while no database is open. Thread-safe.
 */
final class WalMetrics implements MultiCollector {
    private final Supplier<Sundial> database;

    /** @param database the open database, or null while none is */
    WalMetrics(Supplier<Sundial> database) {
        this.database = database;
    }

    @Override
    public MetricSnapshots collect() {
        Sundial db = database.get();
        if (db == null) {
            return MetricSnapshots.of();
        }
        WalStats s = db.walStats();
        return MetricSnapshots.of(
                counter("sundial_wal_appends", "Records appended to the write-ahead log (one per write batch)", s.appends()),
                counter("sundial_wal_appended_bytes", "Bytes appended to the write-ahead log (frame headers and payloads)",
                        s.appendedBytes()),
                counter("sundial_wal_fsyncs", "fsyncs of write-ahead log segment files (group commits, interval syncs, "
                        + "segment rotations and new segments)", s.fsyncs()),
                HistogramSnapshot.builder().name("sundial_wal_fsync_duration_seconds").unit(Unit.SECONDS)
                        .help("Duration of the fsyncs of write-ahead log segment files")
                        .dataPoint(Histograms.point(s.fsyncDurations(), Labels.EMPTY)).build(),
                gauge("sundial_wal_bytes", "Bytes of the write-ahead log on disk (freed as flushes checkpoint it)", db.walBytes()),
                gauge("sundial_wal_segments", "Write-ahead log segment files on disk", db.walSegments()));
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot gauge(String name, String help, long value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
