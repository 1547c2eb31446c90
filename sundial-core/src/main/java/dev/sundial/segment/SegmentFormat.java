package dev.sundial.segment;

/**
 * Constants of the segment file format, versions 1 to 3 ({@code docs/format/segment.md}).
 * Version 1 is the warm format (chunks as the type codecs encode them); version 2 is the cold tier
 * (each chunk's bytes additionally zstd-compressed, see below). Layout otherwise identical.
 *
 * <pre>
 * header (32 bytes): magic "SDSG" | version u32 | tableId u32 | partitionStart i64 | segmentId i64 | CRC32C of bytes 0..27
 * chunks:            per chunk: timestamp blob, per column block presence blob + values blob, CRC32C of the chunk
 * index:             series table, chunk metadata with column statistics, Bloom filter of series ids
 * footer (32 bytes): indexOffset i64 | indexLength u32 | indexCrc u32 | fileCrc u32 (CRC32C of every byte before the footer)
 *                    | reserved u32 (0) | version u32 | footer magic "SDSE"
 * </pre>
 */
public final class SegmentFormat {
    public static final int MAGIC = 0x53445347;        // "SDSG"
    public static final int FOOTER_MAGIC = 0x53445345; // "SDSE"
    /** Warm segments: what flushes, deletes and compaction write. */
    public static final int VERSION = 1;
    /**
     * Cold segments: every chunk is stored as {@code mode u8 | body | CRC32C (of mode and body)} with
     * mode {@link #CHUNK_STORED} (body = the version-1 chunk parts) or {@link #CHUNK_ZSTD} (body = one
     * zstd frame decompressing to them). The index is unchanged: a chunk's length is its stored
     * length, its part lengths describe the decompressed parts.
     */
    public static final int VERSION_COLD = 2;
    /**
     * Rollup-level segments: chunks as in version 1; the index keeps of each column block only its
     * placement and value count, not the statistics (min, max, first, last, sums: 49 bytes a block).
     * Nothing reads statistics of cells (queries read the cells themselves), and with 100-odd cell
     * columns and chunks of 128 cells they took 40 % of a level's bytes ({@code ./bench rollups}).
     */
    public static final int VERSION_NO_STATS = 3;
    /** Oldest and newest version this build reads. */
    public static final int MIN_VERSION = 1;
    public static final int MAX_VERSION = 3;
    public static final byte CHUNK_STORED = 0;
    public static final byte CHUNK_ZSTD = 1;
    /**
     * zstd level of cold chunks: a middle level, as a background tier move affords the compression
     * time and decompression speed does not depend on the level. Not tuned: on type-coded chunks zstd
     * gains about nothing at any level ({@code ./bench tiers}, docs/retention-and-tiers.md).
     */
    public static final int COLD_ZSTD_LEVEL = 9;
    public static final int HEADER_BYTES = 32;
    public static final int FOOTER_BYTES = 32;
    /** A chunk larger than this is corruption: 4096 rows × (say) 64 columns × 8 bytes is 2 MiB; 256 MiB is far above. */
    public static final int MAX_CHUNK_BYTES = 256 << 20;
    /** An index larger than 1 GiB is corruption, not data. */
    public static final int MAX_INDEX_BYTES = 1 << 30;

    private SegmentFormat() {
    }
}
