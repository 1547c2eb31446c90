package dev.sundial.tier;

import dev.sundial.retention.RetentionCutoff;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.Interval;
import dev.sundial.table.PartitionGranularity;
import java.time.InstantSource;
import java.util.List;

/**
 * Which tier a partition or segment of a storage is in at a moment, derived from metadata only:
 * <ul>
 *   <li>a partition is <b>hot</b> while it overlaps the last partition length before now (for DAY
 *       partitions: today's and yesterday's) or lies in the future — the partitions that still take
 *       in-order and slightly late writes; the head is always hot;</li>
 *   <li>a segment is <b>cold</b> when its file is version 2 (the tier move writes nothing else);</li>
 *   <li>everything else is <b>warm</b>.</li>
 * </ul>
 * A partition is due for the cold tier when it ended at least {@code cold_after} ago and still holds
 * a segment that is not cold (late data flushed into a cold partition makes it due again).
 * Stateless.
 */
public final class Tiers {
    private Tiers() {
    }

    /** Now in epoch nanoseconds. */
    static long nowNanos(InstantSource clock) {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Whether a partition (or a compacted span of partitions) ending at {@code end} is hot at
     * {@code now}: it ends less than one partition length before now.
     */
    public static boolean isHot(PartitionGranularity g, long end, long now) {
        long currentStart = g.partitionStart(now);
        long length = g.partitionEnd(currentStart) - currentStart;
        return end > now - length;
    }

    /** The tier of one live segment spanning up to {@code end} at {@code now}. */
    public static Tier of(PartitionGranularity g, SegmentReader s, long end, long now) {
        if (s.isCold()) {
            return Tier.COLD;
        }
        return isHot(g, end, now) ? Tier.HOT : Tier.WARM;
    }

    /**
     * Whether the partition group ending at {@code end}, holding {@code segments}, should be rewritten cold at
     * {@code now} under {@code coldAfter} (null = never): it ended at least {@code coldAfter} ago, is
     * not hot, and holds a segment that is not cold. Calendar months are subtracted in UTC.
     */
    public static boolean isDue(PartitionGranularity g, long end, List<SegmentReader> segments, Interval coldAfter,
                                InstantSource clock) {
        if (coldAfter == null || segments.isEmpty()) {
            return false;
        }
        long now = nowNanos(clock);
        if (isHot(g, end, now) || end > coldCutoff(clock, coldAfter)) {
            return false;
        }
        for (SegmentReader s : segments) {
            if (!s.isCold()) {
                return true;
            }
        }
        return false;
    }

    /** {@code now - coldAfter} in epoch nanoseconds (the same arithmetic as a retention cutoff). */
    static long coldCutoff(InstantSource clock, Interval coldAfter) {
        return RetentionCutoff.at(clock, coldAfter);
    }
}
