package dev.sundial.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.codec.Codecs;
import org.junit.jupiter.api.Test;

/** The standalone codec API cuts series into the chunks the engine seals ({@code codec} cannot import {@code head}). */
class ChunkSizingTest {
    @Test
    void codecSeriesChunksMatchTheHeadsChunks() {
        assertThat(Codecs.CHUNK_VALUES).isEqualTo(ChunkSizing.MAX_ROWS_PER_CHUNK);
    }
}
