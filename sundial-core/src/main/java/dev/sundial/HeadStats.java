package dev.sundial;

/**
 * The in-memory head of one table, read without its lock (for monitoring: a scrape must not hold
 * up writers). Figures are the head's own estimates, as of the table's last write.
 *
 * @param series        series holding rows in the live head (the one being written)
 * @param bytes         estimated bytes of the live head
 * @param flushingBytes estimated bytes of heads frozen for a flush and not yet written out (0
 *                      between flushes)
 */
public record HeadStats(long series, long bytes, long flushingBytes) {
    /** Memory the table's heads hold: live and flushing. */
    public long totalBytes() {
        return bytes + flushingBytes;
    }
}
