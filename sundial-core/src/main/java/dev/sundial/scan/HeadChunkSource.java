package dev.sundial.scan;

import dev.sundial.head.ChunkCodec;
import dev.sundial.head.ColumnStats;
import dev.sundial.head.SealedChunk;
import dev.sundial.table.ColumnBatch;

/** A sealed (compressed, immutable) chunk held by the head. */
record HeadChunkSource(SealedChunk chunk) implements ChunkSource {
    @Override
    public long minTs() {
        return chunk.minTs();
    }

    @Override
    public long maxTs() {
        return chunk.maxTs();
    }

    @Override
    public int rowCount() {
        return chunk.rowCount();
    }

    @Override
    public ColumnStats stats(int column) {
        var b = chunk.column(column);
        return b == null ? null : b.stats();
    }

    @Override
    public boolean hasStats() {
        return true;
    }

    @Override
    public void decode(ColumnBatch out) {
        ChunkCodec.decode(chunk, out);
    }

    @Override
    public boolean inHead() {
        return true;
    }

    @Override
    public String describe() {
        return "head chunk";
    }
}
