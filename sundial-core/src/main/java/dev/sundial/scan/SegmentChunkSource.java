package dev.sundial.scan;

import dev.sundial.head.ChunkCodec;
import dev.sundial.head.ColumnStats;
import dev.sundial.segment.ChunkMeta;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.ColumnBatch;
import java.io.IOException;

/** A chunk in a segment file; reads and checks it on decode. */
record SegmentChunkSource(SegmentReader segment, ChunkMeta meta) implements ChunkSource {
    @Override
    public long minTs() {
        return meta.minTs();
    }

    @Override
    public long maxTs() {
        return meta.maxTs();
    }

    @Override
    public int rowCount() {
        return meta.rowCount();
    }

    @Override
    public ColumnStats stats(int column) {
        return meta.stats(column);
    }

    @Override
    public boolean hasStats() {
        // rollup-level segments keep no statistics (only value counts): their chunks must be decoded
        return segment.formatVersion() != dev.sundial.segment.SegmentFormat.VERSION_NO_STATS;
    }

    @Override
    public void decode(ColumnBatch out) throws IOException {
        try {
            ChunkCodec.decode(segment.readChunk(meta, out.columnIds), out);
        } catch (RuntimeException e) {
            throw new dev.sundial.fs.CorruptFileException(segment.file(), meta.offset(), "chunk does not decode: " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return segment.file().getFileName() + "@" + meta.offset();
    }
}
