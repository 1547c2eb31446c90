package dev.sundial.partition;

import dev.sundial.segment.SegmentReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The open segments of a table at one moment, sorted by (partition start, segment id), each with the
 * end of its time span (from its manifest entry: one partition of the table's granularity, or
 * several merged by compaction). Immutable: a flush or compaction builds a new set and swaps it in,
 * while queries keep the set they started with (holding references on its readers).
 */
public final class SegmentSet {
    public static final SegmentSet EMPTY = new SegmentSet(List.of(), new long[0]);

    private final List<SegmentReader> segments;
    /** partitionEnds[i] ends the span of segments.get(i). */
    private final long[] partitionEnds;

    private SegmentSet(List<SegmentReader> segments, long[] partitionEnds) {
        this.segments = segments;
        this.partitionEnds = partitionEnds;
    }

    /** A segment and the end of its span, for building sets. */
    public record Live(SegmentReader reader, long partitionEnd) {
    }

    /** The open segments, sorted by (partition start, segment id). */
    public List<SegmentReader> segments() {
        return segments;
    }

    /** End (exclusive) of the span of {@code s}, a member of this set. */
    public long partitionEnd(SegmentReader s) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i) == s) {
                return partitionEnds[i];
            }
        }
        throw new IllegalStateException("BUG: segment " + s.file() + " is not in this segment set");
    }

    public SegmentSet plus(List<Live> added) {
        List<Live> all = new ArrayList<>(added);
        for (int i = 0; i < segments.size(); i++) {
            all.add(new Live(segments.get(i), partitionEnds[i]));
        }
        all.sort((a, b) -> a.reader().partitionStart() != b.reader().partitionStart()
                ? Long.compare(a.reader().partitionStart(), b.reader().partitionStart())
                : Long.compare(a.reader().segmentId(), b.reader().segmentId()));
        List<SegmentReader> readers = new ArrayList<>(all.size());
        long[] ends = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            readers.add(all.get(i).reader());
            ends[i] = all.get(i).partitionEnd();
        }
        return new SegmentSet(List.copyOf(readers), ends);
    }

    /** The set without {@code removed} (by identity) and with {@code added}. */
    public SegmentSet replacing(List<SegmentReader> removed, List<Live> added) {
        List<Live> kept = new ArrayList<>(added);
        for (int i = 0; i < segments.size(); i++) {
            SegmentReader s = segments.get(i);
            if (removed.stream().noneMatch(r -> r == s)) {
                kept.add(new Live(s, partitionEnds[i]));
            }
        }
        return EMPTY.plus(kept);
    }

    /** Segments whose span [partitionStart, partitionEnd) intersects [from, to). */
    public List<SegmentReader> overlapping(long from, long to) {
        List<SegmentReader> out = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            SegmentReader s = segments.get(i);
            if (s.partitionStart() < to && partitionEnds[i] > from) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The set cut into {@linkplain PartitionGroup groups}: segments whose spans overlap, directly or
     * through others, form one group, in ascending time. Without merged segments a group is exactly
     * the segments of one partition; a segment merged over several partitions joins the segments
     * flushed later into any of them (late data). Rewrites (deletes, compaction) take a whole group,
     * so that upsert precedence between overlapping segments is kept.
     */
    public List<PartitionGroup> groups() {
        List<PartitionGroup> out = new ArrayList<>();
        List<SegmentReader> current = new ArrayList<>();
        long start = 0;
        long end = Long.MIN_VALUE;
        // sorted by start: a segment joins the current group when it starts before the group's end
        for (int i = 0; i < segments.size(); i++) {
            SegmentReader s = segments.get(i);
            if (!current.isEmpty() && s.partitionStart() >= end) {
                out.add(new PartitionGroup(start, end, current));
                current = new ArrayList<>();
            }
            if (current.isEmpty()) {
                start = s.partitionStart();
                end = partitionEnds[i];
            } else {
                end = Math.max(end, partitionEnds[i]);
            }
            current.add(s);
        }
        if (!current.isEmpty()) {
            out.add(new PartitionGroup(start, end, current));
        }
        return out;
    }
}
