package dev.sundial.segment;

import java.nio.file.Path;

/**
 * Summary of a written segment, recorded in the partition manifest. Immutable.
 *
 * @param segmentId   unique, increasing per table: also the upsert precedence (higher wins)
 * @param file        the segment file
 * @param bytes       file size
 * @param rows        rows (after upsert folding inside the segment)
 * @param points      non-null values
 * @param seriesCount distinct series
 * @param minTs       smallest timestamp
 * @param maxTs       largest timestamp
 */
public record SegmentInfo(long segmentId, Path file, long bytes, long rows, long points, int seriesCount, long minTs, long maxTs) {
}
