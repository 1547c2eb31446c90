package dev.sundial.server.metrics;

import dev.sundial.metrics.DurationHistogram;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Converts the engine's {@link DurationHistogram} (nanosecond bounds, counts per bucket) into a
 * Prometheus classic histogram in seconds, and holds the bounds of the histograms the server keeps
 * itself. Stateless.
 */
final class Histograms {
    /**
     * Request and statement latencies, in seconds: 0.5 ms (a point query answered from the head) to
     * 60 s (a long scan near the default query time limit; slower ones land in +Inf).
     */
    static final double[] LATENCY_BOUNDS_SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private Histograms() {
    }

    /** One data point of a classic histogram with {@code labels}, in seconds. */
    static HistogramDataPointSnapshot point(DurationHistogram.Snapshot s, Labels labels) {
        long[] bounds = s.upperBoundsNanos();
        long[] counts = s.counts();
        double[] upper = new double[counts.length];
        for (int i = 0; i < bounds.length; i++) {
            upper[i] = bounds[i] / 1e9;
        }
        upper[counts.length - 1] = Double.POSITIVE_INFINITY;
        return HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts.clone()))
                .sum(s.sumNanos() / 1e9)
                .labels(labels)
                .build();
    }
}
