package dev.sundial.fs;

import java.nio.file.Path;

/** With no rule and no budget, the fault layer is java.nio. */
class FaultInjectingFileLayerConformanceTest extends FileLayerConformanceTest {
    @Override
    FileLayer layer(Path root) {
        return new FaultInjectingFileLayer(FileLayer.REAL);
    }
}
