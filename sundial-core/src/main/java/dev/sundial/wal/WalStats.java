package dev.sundial.wal;

import dev.sundial.metrics.DurationHistogram;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@link WriteAheadLog} did since it was opened: records and bytes appended, and every
 * fsync of a segment file with its duration (group commits, interval syncs, rotations, the header of
 * a new segment, close); a failed fsync is not counted (it fails the log). Directory fsyncs are not counted: they happen only when segments are
 * created or deleted. Counters only grow.
 *
 * <p>Recording is two or three {@link LongAdder} increments (and a short bucket search for an
 * fsync): appends record under the log's append lock, fsyncs outside it, neither allocates. Readers
 * ({@code /metrics}) see each figure as of some moment during their read. Thread-safe.
 */
public final class WalStats {
    private final LongAdder appends = new LongAdder();
    private final LongAdder appendedBytes = new LongAdder();
    private final DurationHistogram fsyncs = DurationHistogram.forFsyncs();

    WalStats() {
    }

    /** One record of {@code frameBytes} (header and payload) written. */
    void appended(long frameBytes) {
        appends.increment();
        appendedBytes.add(frameBytes);
    }

    /** One fsync of a segment file that took {@code nanos}. */
    void synced(long nanos) {
        fsyncs.record(nanos);
    }

    /** Records appended. */
    public long appends() {
        return appends.sum();
    }

    /** Bytes appended: frame headers and payloads. */
    public long appendedBytes() {
        return appendedBytes.sum();
    }

    /** Segment-file fsyncs done (a failed one is not counted: it fails the log). */
    public long fsyncs() {
        return fsyncs.snapshot().count();
    }

    /** Durations of the segment-file fsyncs. */
    public DurationHistogram.Snapshot fsyncDurations() {
        return fsyncs.snapshot();
    }
}
