package dev.sundial.fs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The durable-publication primitives every on-disk structure goes through: fsync of a file, fsync of
 * a directory (so that a create, rename or delete inside it survives a crash) and the
 * "write temp, fsync, rename, fsync directory" publication protocol.
 *
 * <p>These static methods act on {@link FileLayer#REAL}; they are kept while the engine moves to a
 * {@link FileLayer} passed to it. New code calls the same methods on its layer, so that fault
 * injection and power-cut simulation see them.
 *
 * <p>Stateless and thread-safe.
 */
public final class FileSync {
    private FileSync() {
    }

    /** Forces the content and metadata of {@code file} to stable storage. */
    public static void syncFile(Path file) throws IOException {
        FileLayer.REAL.syncFile(file);
    }

    /**
     * Forces the directory entry list of {@code dir} to stable storage. On Linux a directory can be
     * opened read-only and fsynced; platforms that refuse this (Windows) do not need it.
     */
    public static void syncDirectory(Path dir) throws IOException {
        FileLayer.REAL.syncDirectory(dir);
    }

    /**
     * Publishes {@code temp} as {@code target}: fsyncs the temp file, renames it atomically over the
     * target and fsyncs the parent directory. After this returns, a crash leaves either the old
     * target or the new one, never a torn file.
     */
    public static void publish(Path temp, Path target) throws IOException {
        FileLayer.REAL.publish(temp, target);
    }

    /**
     * Creates {@code dir} and any missing parents, fsyncing the parent of each directory it created
     * (top-down), so that the new entries survive a crash before anything inside them is relied on
     * (a table directory whose rows' WAL is checkpointed away must not vanish in a power cut).
     */
    public static void createDirectoriesDurably(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
            syncDirectory(p.getParent());
        }
    }

    /** Deletes a file if present and fsyncs its directory; used when retiring files after a checkpoint. */
    public static void deleteDurably(Path file) throws IOException {
        FileLayer.REAL.deleteDurably(file);
    }

    /**
     * Deletes a directory and everything under it (children first), then fsyncs its parent, so the
     * removal survives a crash. Interrupted midway, it leaves a partial tree that a second call
     * finishes. No-op when {@code dir} does not exist.
     */
    public static void deleteTree(Path dir) throws IOException {
        FileLayer.REAL.deleteTree(dir);
    }
}
