package dev.sundial.fs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file carries a format version above what this build reads: it was written by a newer Sundial.
 * Not damage: the file is never quarantined, repaired or deleted for it; the open is refused (as
 * Lucene's {@code IndexFormatTooNewException}).
 */
public final class FormatTooNewException extends IOException {
    private final Path file;

    public FormatTooNewException(Path file, String format, int version, int maxVersion) {
        super("cannot open " + file + ": written by a newer Sundial: format " + format + " version " + version
                + ", this build reads up to " + maxVersion + " (upgrade Sundial to open this data directory)");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
