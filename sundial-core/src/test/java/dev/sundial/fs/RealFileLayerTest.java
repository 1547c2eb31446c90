package dev.sundial.fs;

import static dev.sundial.fs.DirectoryState.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealFileLayerTest extends FileLayerConformanceTest {
    @TempDir
    Path outside;

    @Override
    FileLayer layer(Path root) {
        return FileLayer.REAL;
    }

    @Test
    void channelsAreTheJdksOwn() throws IOException {
        Path f = dir.resolve("f");
        try (FileChannel mine = fs.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             FileChannel jdk = FileChannel.open(f, StandardOpenOption.READ)) {
            assertThat(mine.getClass()).isSameAs(jdk.getClass());
        }
    }

    @Test
    void deleteTreeRemovesLinksButNotWhatTheyPointTo() throws IOException {
        Path keep = outside.resolve("keep.txt");
        Files.write(keep, bytes("precious"));
        Path tree = dir.resolve("tree");
        fs.createDirectories(tree.resolve("sub"));
        Files.createSymbolicLink(tree.resolve("sub/link-to-dir"), outside);
        Files.createSymbolicLink(tree.resolve("link-to-file"), keep);
        fs.deleteTree(tree);
        assertThat(tree).doesNotExist();
        assertThat(keep).hasContent("precious");
    }
}
