package dev.sundial.head;

/** How many rows the head puts into one chunk before sealing it. */
public final class ChunkSizing {
    /**
     * 4096 rows per chunk: large enough that per-chunk headers and bit-width choices cost well under
     * 1% of a chunk, small enough that reading one hour of one 10-second series decodes at most one
     * or two chunks.
     */
    public static final int MAX_ROWS_PER_CHUNK = 4096;

    /**
     * Cells per chunk of a rollup level: 128, because a query reads whole chunks and uses only a few
     * cells of a finer level at the edges of its range (128 cells: about 2 hours of 1m, 11 hours of
     * 5m). With the statistics-free index of level segments (segment format version 3) a chunk's
     * index entry costs about 6 bytes per column, a few percent of its cells.
     */
    public static final int LEVEL_CELLS_PER_CHUNK = 128;

    private ChunkSizing() {
    }
}
