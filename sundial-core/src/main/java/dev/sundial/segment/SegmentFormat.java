package dev.sundial.segment;

/**
 * Constants of the segment file format, version 1 ({@code docs/format/segment.md}).
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
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 32;
    public static final int FOOTER_BYTES = 32;
    /** A chunk larger than this is corruption: 4096 rows × (say) 64 columns × 8 bytes is 2 MiB; 256 MiB is far above. */
    public static final int MAX_CHUNK_BYTES = 256 << 20;
    /** An index larger than 1 GiB is corruption, not data. */
    public static final int MAX_INDEX_BYTES = 1 << 30;

    private SegmentFormat() {
    }
}
