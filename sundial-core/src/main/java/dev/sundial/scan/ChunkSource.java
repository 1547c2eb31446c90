package dev.sundial.scan;

import dev.sundial.head.ColumnStats;
import dev.sundial.table.ColumnBatch;
import java.io.IOException;

/**
 * One run of rows of one series that a scan may read: a chunk of a segment, a sealed chunk of the
 * head, or the unsealed rows of the head. Sources are ordered by precedence: when two sources hold
 * the same timestamp, the one with the higher precedence wins per field (upserts).
 *
 * <p>Immutable; decoding is thread-safe.
 */
public interface ChunkSource {
    long minTs();

    long maxTs();

    /** Rows before any upsert folding with other sources. */
    int rowCount();

    /**
     * Statistics of a value column over the whole source, or null when not available (unsealed
     * rows). Null is also returned for a column without values; use {@link #hasStats()} to tell.
     */
    ColumnStats stats(int column);

    /** True when {@link #stats} is available for this source. */
    boolean hasStats();

    /** Decodes the rows, sorted by time with unique timestamps, into {@code out} (replacing content). */
    void decode(ColumnBatch out) throws IOException;

    /** True for rows still in the in-memory head (not yet flushed): rollups treat them as possibly unrolled. */
    default boolean inHead() {
        return false;
    }

    /** Where the data lives, for EXPLAIN and errors. */
    String describe();
}
