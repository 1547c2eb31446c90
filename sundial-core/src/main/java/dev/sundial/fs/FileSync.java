package dev.sundial.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The durable-publication primitives every on-disk structure goes through: fsync of a file, fsync of
 * a directory (so that a create, rename or delete inside it survives a crash) and the
 * "write temp, fsync, rename, fsync directory" publication protocol.
 *
 * <p>Stateless and thread-safe.
 */
public final class FileSync {
    private FileSync() {
    }

    /** Forces the content and metadata of {@code file} to stable storage. */
    public static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Forces the directory entry list of {@code dir} to stable storage. On Linux a directory can be
     * opened read-only and fsynced; platforms that refuse this (Windows) do not need it.
     */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
                return; // NTFS metadata is journaled; directories cannot be opened as files there
            }
            throw new IOException("cannot fsync directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Publishes {@code temp} as {@code target}: fsyncs the temp file, renames it atomically over the
     * target and fsyncs the parent directory. After this returns, a crash leaves either the old
     * target or the new one, never a torn file.
     */
    public static void publish(Path temp, Path target) throws IOException {
        syncFile(temp);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot publish " + target + ": the file system has no atomic rename", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
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
        if (Files.deleteIfExists(file)) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /**
     * Deletes a directory and everything under it (children first), then fsyncs its parent, so the
     * removal survives a crash. Interrupted midway, it leaves a partial tree that a second call
     * finishes. No-op when {@code dir} does not exist.
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                    throws IOException {
                Files.delete(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(d);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        syncDirectory(dir.toAbsolutePath().getParent());
    }
}
