package dev.sundial.head;

/** How many rows the head puts into one chunk before sealing it. */
public final class ChunkSizing {
    /**
     * 4096 rows per chunk: large enough that per-chunk headers and bit-width choices cost well under
     * 1% of a chunk, small enough that reading one hour of one 10-second series decodes at most one
     * or two chunks.
     */
    public static final int MAX_ROWS_PER_CHUNK = 4096;

    private ChunkSizing() {
    }
}
