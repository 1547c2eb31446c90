package dev.sundial.wal;

import dev.sundial.fs.FileSync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Moves damaged WAL files aside, into the quarantine directory, as {@code <name>.corrupt} next to a
 * {@code <name>.corrupt.reason.txt} that says what was wrong. Names never collide: a second
 * quarantine of the same name gets {@code <name>.1.corrupt}, and so on. Nothing is ever deleted.
 *
 * <p>Not thread-safe; used only while the log is being opened.
 */
final class Quarantine {
    private final Path dir;
    private boolean touched;

    Quarantine(Path dir) {
        this.dir = dir;
    }

    /** Renames {@code file} into the quarantine; returns its new path. */
    Path move(Path file, String reason) throws IOException {
        Path target = reserve(file, reason);
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // another file system: copy durably, then remove the original
            Files.copy(file, target);
            FileSync.syncFile(target);
            Files.delete(file);
        }
        return target;
    }

    /** Copies {@code file} into the quarantine (the original stays); returns the copy's path. */
    Path copy(Path file, String reason) throws IOException {
        Path target = reserve(file, reason);
        Files.copy(file, target);
        FileSync.syncFile(target);
        return target;
    }

    /** fsyncs the quarantine directory if anything was put there. */
    void sync() throws IOException {
        if (touched) {
            FileSync.syncDirectory(dir);
        }
    }

    private Path reserve(Path file, String reason) throws IOException {
        Files.createDirectories(dir);
        touched = true;
        String name = file.getFileName().toString();
        Path target = dir.resolve(name + ".corrupt");
        for (int i = 1; Files.exists(target) || Files.exists(reasonFile(target)); i++) {
            target = dir.resolve(name + "." + i + ".corrupt");
        }
        String text = "Sundial write-ahead log quarantine (WAL format version " + WalFormat.VERSION + ")\n"
                + "file: " + file.toAbsolutePath() + "\n"
                + "quarantined: " + Instant.now() + "\n"
                + "reason: " + reason + "\n"
                + "Byte offsets refer to the quarantined copy, which is the file as it was found.\n";
        Path rf = reasonFile(target);
        Files.writeString(rf, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileSync.syncFile(rf);
        return target;
    }

    static Path reasonFile(Path quarantined) {
        return quarantined.resolveSibling(quarantined.getFileName() + ".reason.txt");
    }
}
