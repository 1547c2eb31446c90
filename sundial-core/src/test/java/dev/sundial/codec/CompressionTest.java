package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompressionTest {
    @Test
    void parsesCaseInsensitively() {
        assertThat(Compression.parse("Gorilla")).isEqualTo(Compression.GORILLA);
        assertThat(Compression.parse(" doubledelta ")).isEqualTo(Compression.DOUBLEDELTA);
        assertThat(Compression.parse("AUTO")).isEqualTo(Compression.AUTO);
    }

    @Test
    void unknownNameListsTheOptions() {
        assertThatThrownBy(() -> Compression.parse("zstd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot parse compression [value=zstd]: expected one of auto, gorilla, delta, doubledelta, "
                        + "dictionary, none");
        assertThatThrownBy(() -> Compression.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
