package dev.sundial.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publication helpers of {@link FileLayer} on the real file system. */
class PublicationTest {
    @TempDir
    Path dir;

    @Test
    void publishReplacesTargetAtomicallyAndRemovesTemp() throws Exception {
        Path target = dir.resolve("catalog");
        Files.writeString(target, "old");
        Path temp = dir.resolve("catalog.tmp");
        Files.writeString(temp, "new");
        FileLayer.REAL.publish(temp, target);
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(temp).doesNotExist();
    }

    @Test
    void deleteDurablyIgnoresMissingFile() throws Exception {
        Path f = dir.resolve("x");
        Files.writeString(f, "1");
        FileLayer.REAL.deleteDurably(f);
        FileLayer.REAL.deleteDurably(f);
        assertThat(f).doesNotExist();
    }

    @Test
    void createDirectoriesDurablyCreatesEveryMissingLevel() throws Exception {
        Path deep = dir.resolve("a/b/c");
        FileLayer.REAL.createDirectoriesDurably(deep);
        FileLayer.REAL.createDirectoriesDurably(deep); // idempotent
        assertThat(deep).isDirectory();
    }
}
