package dev.sundial.partition;

import dev.sundial.segment.SegmentReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The open segments of a table at one moment, sorted by (partition start, segment id). Immutable:
 * a flush or compaction builds a new set and swaps it in, while queries keep the set they started
 * with (holding references on its readers).
 */
public record SegmentSet(List<SegmentReader> segments) {
    public SegmentSet {
        segments = List.copyOf(segments);
    }

    public static final SegmentSet EMPTY = new SegmentSet(List.of());

    public SegmentSet plus(List<SegmentReader> added) {
        List<SegmentReader> all = new ArrayList<>(segments);
        all.addAll(added);
        all.sort((a, b) -> a.partitionStart() != b.partitionStart() ? Long.compare(a.partitionStart(), b.partitionStart())
                : Long.compare(a.segmentId(), b.segmentId()));
        return new SegmentSet(all);
    }

    /** The set without {@code removed} (by identity) and with {@code added}. */
    public SegmentSet replacing(List<SegmentReader> removed, List<SegmentReader> added) {
        List<SegmentReader> kept = new ArrayList<>(segments);
        kept.removeIf(s -> removed.stream().anyMatch(r -> r == s));
        return new SegmentSet(kept).plus(added);
    }

    /** Segments whose partition [start, start+len) may hold rows in [from, to); {@code end} maps a start to its end. */
    public List<SegmentReader> overlapping(long from, long to, java.util.function.LongUnaryOperator end) {
        List<SegmentReader> out = new ArrayList<>();
        for (SegmentReader s : segments) {
            if (s.partitionStart() < to && end.applyAsLong(s.partitionStart()) > from) {
                out.add(s);
            }
        }
        return out;
    }
}
