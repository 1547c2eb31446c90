package dev.sundial;

/**
 * Size figures of one table.
 *
 * @param name          table name
 * @param series        distinct series
 * @param rows          rows (distinct series × timestamp)
 * @param points        non-null values over all value columns
 * @param partitions    time partitions holding data
 * @param bytes         bytes on disk of the table's files (segments, series registry, manifest)
 * @param headRows      rows still only in the in-memory head (and the WAL), not yet in segments
 */
public record TableStats(String name, long series, long rows, long points, long partitions, long bytes, long headRows) {
    /** Bytes on disk per point; 0 when there are none. */
    public double bytesPerPoint() {
        return points == 0 ? 0 : (double) bytes / points;
    }
}
