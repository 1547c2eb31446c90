package dev.sundial.server.metrics;

import dev.sundial.Sundial;
import dev.sundial.maintenance.MaintenanceStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.Supplier;

/**
 * The maintenance scheduler's steps — flush, rollup, retention, compaction, tiers — by task and
 * outcome, with their durations, read from {@link dev.sundial.maintenance.MaintenanceScheduler#stats()}
 * at each scrape. A step that found nothing to do is not counted; a task appears once it has run a
 * step. The final flush of a closing database runs outside the scheduler and is not counted.
 * Thread-safe.
 */
final class MaintenanceMetrics implements MultiCollector {
    private final Supplier<Sundial> database;

    /** @param database the open database, or null while none is */
    MaintenanceMetrics(Supplier<Sundial> database) {
        this.database = database;
    }

    @Override
    public MetricSnapshots collect() {
        Sundial db = database.get();
        if (db == null) {
            return MetricSnapshots.of();
        }
        CounterSnapshot.Builder runs = CounterSnapshot.builder().name("sundial_maintenance_runs")
                .help("Maintenance steps run, by task (flush, rollup, retention, compaction, tiers) and outcome (ok, error)");
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder().name("sundial_maintenance_run_duration_seconds")
                .unit(Unit.SECONDS).help("Duration of maintenance steps, successful and failed, by task");
        for (MaintenanceStats.TaskFigures t : db.maintenance().stats().snapshot()) {
            runs.dataPoint(CounterDataPointSnapshot.builder().value(t.succeeded()).labels(Labels.of("task", t.task(), "outcome", "ok")).build());
            runs.dataPoint(CounterDataPointSnapshot.builder().value(t.failed()).labels(Labels.of("task", t.task(), "outcome", "error")).build());
            durations.dataPoint(Histograms.point(t.durations(), Labels.of("task", t.task())));
        }
        return MetricSnapshots.of(runs.build(), durations.build());
    }
}
