package dev.sundial.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts durations into fixed buckets, as a Prometheus classic histogram does: bucket {@code i}
 * counts durations {@code <= upperBoundsNanos[i]} and above the previous bound; a last, implicit
 * bucket counts those above every bound. Also sums the durations.
 *
 * <p>Recording is a short linear search over the bounds (they are few) and two {@link LongAdder}
 * increments: no lock, no allocation, so it may sit on the write path. A {@link #snapshot()} read
 * while others record may miss a duration in the sum that it counts in a bucket (or the reverse);
 * counts never go backwards. Thread-safe.
 */
public final class DurationHistogram {
    /**
     * Bounds for disk syncs: 50 µs (an fsync of a page cache already clean on NVMe) to 10 s (a
     * saturated or failing disk; beyond that the count above every bound says enough).
     */
    private static final long[] FSYNC_BOUNDS_NANOS = millisToNanos(
            0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 10_000);
    /**
     * Bounds for maintenance steps: 1 ms (an empty flush that only checkpoints the WAL) to 10 min (a
     * compaction or cold rewrite of a large partition under the I/O rate limit).
     */
    private static final long[] TASK_BOUNDS_NANOS = millisToNanos(
            1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000);

    private final long[] bounds;
    private final LongAdder[] buckets;
    private final LongAdder sumNanos = new LongAdder();

    /** @param upperBoundsNanos strictly increasing, positive; copied */
    public DurationHistogram(long[] upperBoundsNanos) {
        if (upperBoundsNanos.length == 0) {
            throw new IllegalArgumentException("cannot create a duration histogram without bucket bounds");
        }
        for (int i = 0; i < upperBoundsNanos.length; i++) {
            if (upperBoundsNanos[i] <= 0 || (i > 0 && upperBoundsNanos[i] <= upperBoundsNanos[i - 1])) {
                throw new IllegalArgumentException("cannot create a duration histogram with bounds "
                        + Arrays.toString(upperBoundsNanos) + ": they must be positive and strictly increasing");
            }
        }
        this.bounds = upperBoundsNanos.clone();
        this.buckets = new LongAdder[bounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** A histogram with the bounds for disk syncs. */
    public static DurationHistogram forFsyncs() {
        return new DurationHistogram(FSYNC_BOUNDS_NANOS);
    }

    /** A histogram with the bounds for maintenance steps. */
    public static DurationHistogram forTasks() {
        return new DurationHistogram(TASK_BOUNDS_NANOS);
    }

    /** Records one duration; a negative one (a clock that went back) counts as 0. */
    public void record(long nanos) {
        long d = Math.max(0, nanos);
        int i = 0;
        while (i < bounds.length && d > bounds[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(d);
    }

    /** The counts so far. */
    public Snapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Snapshot(bounds.clone(), counts, sumNanos.sum());
    }

    /**
     * Counts per bucket at one moment.
     *
     * @param upperBoundsNanos the bounds, increasing
     * @param counts           per bucket (not cumulative); one more than the bounds: the last counts
     *                         durations above every bound
     * @param sumNanos         the sum of the durations recorded
     */
    public record Snapshot(long[] upperBoundsNanos, long[] counts, long sumNanos) {
        /** Durations recorded. */
        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }

    private static long[] millisToNanos(double... millis) {
        long[] out = new long[millis.length];
        for (int i = 0; i < millis.length; i++) {
            out[i] = Math.round(millis[i] * 1_000_000);
        }
        return out;
    }
}
