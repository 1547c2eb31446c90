package dev.sundial.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * The recording layer is java.nio while it records; and after every scenario, its log replayed
 * with nothing lost rebuilds exactly the real directory (the recording misses nothing).
 */
class CrashRecordingFileLayerConformanceTest extends FileLayerConformanceTest {
    @Override
    FileLayer layer(Path root) throws IOException {
        return new CrashRecordingFileLayer(FileLayer.REAL, root);
    }

    @AfterEach
    void logReplaysToTheRealDirectory(@org.junit.jupiter.api.io.TempDir Path target) throws IOException {
        CrashRecordingFileLayer rec = (CrashRecordingFileLayer) fs;
        Path out = target.resolve("replayed");
        PowerCut cut = rec.materialize(rec.operationCount(), out, CrashMode.noLoss());
        assertThat(DirectoryState.of(out)).as(cut.toString()).isEqualTo(DirectoryState.of(dir));
        assertThat(cut.losses()).isEmpty();
    }
}
