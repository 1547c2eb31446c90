package dev.sundial.fs;

import java.io.IOException;
import java.nio.file.Path;

/** A file's bytes fail validation (magic, version, length, checksum). Names the file and byte offset. */
public class CorruptFileException extends IOException {
    private final Path file;
    private final long offset;

    public CorruptFileException(Path file, long offset, String reason) {
        super("cannot read " + file + " [offset=" + offset + "]: " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
