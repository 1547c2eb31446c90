package dev.sundial.server.metrics;

import dev.sundial.HeadStats;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.rollup.RollupLevelStats;
import dev.sundial.tier.Tier;
import dev.sundial.tier.TierStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Per table: the in-memory head (series, memory), the stored data per tier (segments, partitions,
 * bytes) and per rollup level (segments, partitions, bytes, cells). Read at each scrape from
 * {@link Table#headStats()}, {@link Table#tierStats()} and {@link Table#levelStats()}: metadata held
 * in memory (manifests, segment headers), no file read and no data scanned; the table's lock is
 * taken only for the few partition starts of its heads. Not {@link Table#stats()}: it scans data.
 * Thread-safe.
 */
final class StorageMetrics implements MultiCollector {
    private static final Logger LOG = Logger.getLogger(StorageMetrics.class.getName());

    private final Supplier<Sundial> database;

    /** @param database the open database, or null while none is */
    StorageMetrics(Supplier<Sundial> database) {
        this.database = database;
    }

    @Override
    public MetricSnapshots collect() {
        Sundial db = database.get();
        if (db == null) {
            return MetricSnapshots.of();
        }
        List<Table> tables;
        try {
            tables = db.tables();
        } catch (IllegalStateException e) { // closed between the check and the call: nothing to report
            return MetricSnapshots.of();
        }
        GaugeSnapshot.Builder count = gauge("sundial_tables", "Tables in the catalog");
        GaugeSnapshot.Builder headSeries = gauge("sundial_head_series", "Series holding rows in the table's in-memory head");
        GaugeSnapshot.Builder headBytes = gauge("sundial_head_bytes",
                "Estimated memory of the table's in-memory heads: the one being written and any being flushed");
        GaugeSnapshot.Builder tierSegments = gauge("sundial_storage_segments", "Segment files of the table's raw data, by tier");
        GaugeSnapshot.Builder tierPartitions = gauge("sundial_storage_partitions",
                "Time partitions of the table's raw data, by tier (a partition only in the head counts as hot)");
        GaugeSnapshot.Builder tierBytes = gauge("sundial_storage_bytes", "Bytes of the table's raw-data segment files, by tier");
        GaugeSnapshot.Builder levelSegments = gauge("sundial_rollup_segments", "Segment files of a rollup level of the table");
        GaugeSnapshot.Builder levelPartitions = gauge("sundial_rollup_partitions", "Time partitions holding cells of a rollup level of the table");
        GaugeSnapshot.Builder levelBytes = gauge("sundial_rollup_bytes", "Bytes of the segment files of a rollup level of the table");
        GaugeSnapshot.Builder levelCells = gauge("sundial_rollup_cells",
                "Cells (per series and bucket summaries) stored in a rollup level of the table");
        count.dataPoint(point(tables.size(), Labels.EMPTY));
        for (Table t : tables) {
            String name = t.name();
            try {
                HeadStats h = t.headStats();
                TierStats tiers = t.tierStats();
                List<RollupLevelStats> levels = t.levelStats();
                Labels table = Labels.of("table", name);
                headSeries.dataPoint(point(h.series(), table));
                headBytes.dataPoint(point(h.totalBytes(), table));
                for (Tier tier : tiers.order()) {
                    TierStats.Figures f = tiers.get(tier);
                    Labels l = Labels.of("table", name, "tier", tier.label());
                    tierSegments.dataPoint(point(f.segments(), l));
                    tierPartitions.dataPoint(point(f.partitions(), l));
                    tierBytes.dataPoint(point(f.bytes(), l));
                }
                for (RollupLevelStats s : levels) {
                    Labels l = Labels.of("table", name, "level", s.level());
                    levelSegments.dataPoint(point(s.segments(), l));
                    levelPartitions.dataPoint(point(s.partitions(), l));
                    levelBytes.dataPoint(point(s.bytes(), l));
                    levelCells.dataPoint(point(s.cells(), l));
                }
            } catch (IllegalStateException e) {
                // dropped (or the database closed) during the scrape: the table is left out of this one
                LOG.log(Level.FINE, "cannot read statistics of table " + name + " for /metrics: " + e.getMessage(), e);
            }
        }
        return MetricSnapshots.of(count.build(), headSeries.build(), headBytes.build(), tierSegments.build(),
                tierPartitions.build(), tierBytes.build(), levelSegments.build(), levelPartitions.build(), levelBytes.build(),
                levelCells.build());
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static GaugeDataPointSnapshot point(double value, Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
