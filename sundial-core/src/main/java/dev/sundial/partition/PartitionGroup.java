package dev.sundial.partition;

import dev.sundial.segment.SegmentReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Segments of a table whose time spans overlap (see {@link SegmentSet#groups()}): the unit a rewrite
 * replaces as a whole. Its span [start, end) is the union of theirs; a rewrite's output segment
 * takes that span. Immutable.
 *
 * @param segments the members, sorted by segment id (the upsert precedence: higher wins)
 */
public record PartitionGroup(long start, long end, List<SegmentReader> segments) {
    public PartitionGroup {
        List<SegmentReader> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingLong(SegmentReader::segmentId));
        segments = List.copyOf(sorted);
    }

    /** Bytes of the member files. */
    public long bytes() {
        long b = 0;
        for (SegmentReader s : segments) {
            b += s.sizeBytes();
        }
        return b;
    }
}
