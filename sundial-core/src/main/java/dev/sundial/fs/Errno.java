package dev.sundial.fs;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The operating-system errors {@link FaultInjectingFileLayer} injects, with the exact text the JDK
 * reports for them on Linux, so that the engine cannot tell an injected error from a real one.
 */
public enum Errno {
    /** A failed device: the disk or its controller reported an error. */
    EIO("Input/output error"),
    /** The file system is full. */
    ENOSPC("No space left on device");

    private final String message;

    Errno(String message) {
        this.message = message;
    }

    /** The strerror(3) text, as in the JDK's exception messages. */
    public String message() {
        return message;
    }

    /** What a failing channel call throws (read, write, force, truncate). */
    IOException channelException() {
        return new IOException(message);
    }

    /** What a failing path call throws (open, move, delete, mkdir, list): names the file(s). */
    IOException pathException(Path file, Path other) {
        return new FileSystemException(file == null ? null : file.toString(), other == null ? null : other.toString(), message);
    }
}
