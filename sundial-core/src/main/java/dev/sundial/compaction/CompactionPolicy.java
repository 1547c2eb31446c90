package dev.sundial.compaction;

import dev.sundial.partition.PartitionGroup;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Which partition groups of a table are worth compacting, from metadata only (segment counts,
 * sizes, spans) — cheap enough for {@code pending()}. A group is <em>settled</em> when its span ended
 * before now (by the database clock): regular writes no longer land in it, only late ones.
 *
 * <ol>
 *   <li><b>Sparse merge</b>: a run of two or more consecutive settled groups, each smaller than
 *       {@link #SMALL_GROUP_BYTES}, inside one calendar year (UTC), together at most
 *       {@link #MAX_MERGED_BYTES}, becomes one segment spanning from the first group's start to the
 *       last one's end. A sparse series (a reading every hour) then pays a segment's fixed cost —
 *       header, index entries, Bloom filter, footer, manifest entry — once per run instead of once
 *       per partition, and its chunks fill up.</li>
 *   <li><b>Merge</b>: a settled group of two or more segments (late data, upserts, many small
 *       flushes) becomes one segment.</li>
 *   <li>A group still receiving flushes (its span reaches now) is compacted only once it has
 *       {@link #ACTIVE_MIN_SEGMENTS} segments, which bounds the segments a query of recent data
 *       merges without rewriting the current partition after every flush.</li>
 * </ol>
 *
 * Stateless and thread-safe.
 */
public final class CompactionPolicy {
    /**
     * 1 MiB: a group below it is "small". A DAY partition of 100 hosts × 10 metrics every 10 s is
     * about 10 MB (README, 1.17 B/pt), far above; a day of a sparse series (a NAB series: ~23 points)
     * is a few hundred bytes, most of them the segment's fixed cost.
     */
    public static final long SMALL_GROUP_BYTES = 1L << 20;
    /** 8 MiB: a merged segment stays small enough to rewrite cheaply when late data arrives in its span. */
    public static final long MAX_MERGED_BYTES = 8L << 20;
    /** 8 segments: a partition still written to is compacted once every 8 flushes at most. */
    public static final int ACTIVE_MIN_SEGMENTS = 8;

    private CompactionPolicy() {
    }

    /** A compaction to run: these groups (consecutive, ascending) become one segment spanning [start, end). */
    public record Plan(List<PartitionGroup> groups, long start, long end, String reason) {
        public int segmentCount() {
            int n = 0;
            for (PartitionGroup g : groups) {
                n += g.segments().size();
            }
            return n;
        }

        public long bytes() {
            long b = 0;
            for (PartitionGroup g : groups) {
                b += g.bytes();
            }
            return b;
        }
    }

    /**
     * The compactions worth running for a table whose groups (ascending) are {@code groups}, oldest
     * first.
     *
     * @param nowNanos the clock, epoch nanoseconds
     */
    public static List<Plan> plan(List<PartitionGroup> groups, long nowNanos) {
        List<Plan> out = new ArrayList<>();
        int i = 0;
        while (i < groups.size()) {
            PartitionGroup g = groups.get(i);
            boolean settled = g.end() <= nowNanos;
            if (settled && g.bytes() < SMALL_GROUP_BYTES) {
                int j = i + 1;
                long bytes = g.bytes();
                int year = yearOf(g.start());
                while (j < groups.size()) {
                    PartitionGroup n = groups.get(j);
                    if (n.end() > nowNanos || n.bytes() >= SMALL_GROUP_BYTES || yearOf(n.start()) != year
                            || bytes + n.bytes() > MAX_MERGED_BYTES) {
                        break;
                    }
                    bytes += n.bytes();
                    j++;
                }
                if (j - i >= 2) {
                    List<PartitionGroup> run = List.copyOf(groups.subList(i, j));
                    out.add(new Plan(run, g.start(), groups.get(j - 1).end(), "merge " + (j - i) + " small partitions"));
                    i = j;
                    continue;
                }
            }
            int n = g.segments().size();
            if (n >= 2 && (settled || n >= ACTIVE_MIN_SEGMENTS)) {
                out.add(new Plan(List.of(g), g.start(), g.end(), n + " segments" + (settled ? "" : " (partition still written)")));
            }
            i++;
        }
        return out;
    }

    private static int yearOf(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)).atOffset(ZoneOffset.UTC).getYear();
    }
}
