package dev.sundial.fs;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Base of the layers that wrap another ({@link FaultInjectingFileLayer},
 * {@link CrashRecordingFileLayer}): forwards the queries that neither changes nor fails on its
 * own. Subclasses implement the other primitives; they must not forward {@link FileLayer}'s
 * default methods (see there).
 */
abstract class ForwardingFileLayer implements FileLayer {
    protected final FileLayer delegate;

    ForwardingFileLayer(FileLayer delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean exists(Path path, LinkOption... options) {
        return delegate.exists(path, options);
    }

    @Override
    public boolean isDirectory(Path path, LinkOption... options) {
        return delegate.isDirectory(path, options);
    }

    @Override
    public boolean isRegularFile(Path path, LinkOption... options) {
        return delegate.isRegularFile(path, options);
    }

    @Override
    public long size(Path file) throws IOException {
        return delegate.size(file);
    }
}
