package dev.sundial.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file operation the engine performs, behind one swappable interface (DESIGN §1, {@code fs}),
 * so that tests can inject I/O errors ({@link FaultInjectingFileLayer}) or simulate a power cut
 * ({@link CrashRecordingFileLayer}). {@link #REAL} is plain {@code java.nio.file}: its channels are
 * the JDK's own {@link FileChannel}s, so production pays one interface call per operation and
 * nothing per read or write.
 *
 * <p>The abstract methods are the primitives; they mirror {@link java.nio.file.Files} and
 * {@link FileChannel#open} one to one, so replacing a {@code Files.x(...)} call by
 * {@code layer.x(...)} keeps its behaviour and its exceptions. The default methods (whole-file
 * read and write, copy, the publication protocol, tree walk and delete) are written in terms of the
 * primitives, on purpose: a wrapping layer implements only the primitives and thereby sees every
 * write, fsync and rename those helpers make. Wrappers must therefore not forward the default
 * methods to the layer they wrap.
 *
 * <p>Durability vocabulary: {@link #syncFile} / {@link FileChannel#force} make a file's content
 * durable, not its name; {@link #syncDirectory} makes the creates, renames and deletes inside a
 * directory durable. {@link #publish} combines them ("write temp, fsync, rename, fsync directory").
 *
 * <p>Implementations are thread-safe.
 */
public interface FileLayer {
    /** {@code java.nio.file} itself. */
    // constructed here rather than read from a field of RealFileLayer: that class's initialization
    // initializes this interface first (it has default methods), which would then read null
    FileLayer REAL = new RealFileLayer();

    /** As {@link FileChannel#open(Path, OpenOption...)}. */
    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** As {@link java.nio.file.Files#move}; with {@link StandardCopyOption#ATOMIC_MOVE} a rename(2). */
    void move(Path source, Path target, CopyOption... options) throws IOException;

    /** As {@link java.nio.file.Files#delete} (a file, or an empty directory). */
    void delete(Path path) throws IOException;

    /** As {@link java.nio.file.Files#deleteIfExists}. */
    boolean deleteIfExists(Path path) throws IOException;

    /** As {@link java.nio.file.Files#createDirectory}: one directory whose parent exists. */
    void createDirectory(Path dir) throws IOException;

    /**
     * The entries of {@code dir} whose file name matches {@code glob} (as
     * {@link java.nio.file.Files#newDirectoryStream(Path, String)}), sorted by file name so that
     * callers and seeded tests see the same order on every file system.
     */
    List<Path> list(Path dir, String glob) throws IOException;

    /** As {@link java.nio.file.Files#exists}. */
    boolean exists(Path path, LinkOption... options);

    /** As {@link java.nio.file.Files#isDirectory}. */
    boolean isDirectory(Path path, LinkOption... options);

    /** As {@link java.nio.file.Files#isRegularFile}. */
    boolean isRegularFile(Path path, LinkOption... options);

    /** As {@link java.nio.file.Files#size}. */
    long size(Path file) throws IOException;

    /**
     * Forces the entry list of {@code dir} to stable storage, so that a create, rename or delete
     * inside it survives a power cut. A no-op where directories cannot be opened (Windows, whose
     * NTFS journals metadata).
     */
    void syncDirectory(Path dir) throws IOException;

    /** Every entry of {@code dir}, sorted by name. */
    default List<Path> list(Path dir) throws IOException {
        return list(dir, "*");
    }

    /** As {@link java.nio.file.Files#createDirectories}: creates the missing ancestors one by one. */
    default void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (isDirectory(abs)) {
            return;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            createDirectory(abs);
        } catch (FileAlreadyExistsException e) {
            if (!isDirectory(abs)) {
                throw e; // a file of that name is in the way
            }
        }
    }

    /**
     * Creates {@code dir} and any missing parents, fsyncing the parent of each directory it created
     * (top-down), so that the new entries survive a power cut before anything inside them is relied
     * on (a table or partition directory whose rows' WAL is checkpointed away must not vanish).
     */
    default void createDirectoriesDurably(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = abs; p != null && !isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (!isDirectory(p)) {
                    throw e;
                }
            }
            syncDirectory(p.getParent());
        }
    }

    /** As {@link java.nio.file.Files#readAllBytes}. */
    default byte[] readAllBytes(Path file) throws IOException {
        try (FileChannel ch = open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("cannot read " + file + " into one array: " + size + " bytes");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    break; // shrank while reading
                }
            }
            byte[] all = b.array();
            return b.position() == all.length ? all : java.util.Arrays.copyOf(all, b.position());
        }
    }

    /**
     * As {@link java.nio.file.Files#write(Path, byte[], OpenOption...)}: without options, creates or
     * truncates. Not durable by itself; see {@link #writeAtomically}.
     */
    default void write(Path file, byte[] bytes, OpenOption... options) throws IOException {
        OpenOption[] opts = options.length == 0
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                : withWrite(options);
        try (FileChannel ch = open(file, opts)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** As {@link java.nio.file.Files#newOutputStream}: without options, creates or truncates. */
    default OutputStream newOutputStream(Path file, OpenOption... options) throws IOException {
        OpenOption[] opts = options.length == 0
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                : withWrite(options);
        return Channels.newOutputStream(open(file, opts));
    }

    /** As {@link java.nio.file.Files#copy(Path, Path, CopyOption...)} without options: fails if {@code target} exists. */
    default void copy(Path source, Path target) throws IOException {
        try (FileChannel in = open(source, StandardOpenOption.READ);
             FileChannel out = open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            while (in.read(b) >= 0) {
                b.flip();
                while (b.hasRemaining()) {
                    out.write(b);
                }
                b.clear();
            }
        }
    }

    /** Forces the content and metadata of {@code file} to stable storage (not its directory entry). */
    default void syncFile(Path file) throws IOException {
        try (FileChannel ch = open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Renames {@code source} over {@code target} atomically (rename(2)); not durable by itself. */
    default void rename(Path source, Path target) throws IOException {
        try {
            move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + source + " to " + target + ": the file system has no atomic rename", e);
        }
    }

    /**
     * Publishes {@code temp} as {@code target}: fsyncs the temp file, renames it atomically over the
     * target and fsyncs the parent directory. After this returns, a crash leaves the new target;
     * a crash during it leaves the old target or the new one, never a torn file.
     */
    default void publish(Path temp, Path target) throws IOException {
        syncFile(temp);
        try {
            move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot publish " + target + ": the file system has no atomic rename", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Replaces {@code target} by {@code bytes} durably and atomically: writes
     * {@code <target>.tmp}, then {@link #publish}es it.
     */
    default void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + DataDirectoryLayout.TEMP_SUFFIX);
        write(temp, bytes);
        publish(temp, target);
    }

    /** Deletes a file if present and fsyncs its directory; returns whether it existed. */
    default boolean deleteDurably(Path file) throws IOException {
        if (deleteIfExists(file)) {
            syncDirectory(file.toAbsolutePath().getParent());
            return true;
        }
        return false;
    }

    /**
     * {@code root} and every entry below it, parents before their children, siblings by name.
     * Symbolic links are listed, never followed. Empty when {@code root} does not exist.
     */
    default List<Path> walk(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        if (exists(root, LinkOption.NOFOLLOW_LINKS)) {
            walkInto(root, out);
        }
        return out;
    }

    private void walkInto(Path p, List<Path> out) throws IOException {
        out.add(p);
        if (isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> children;
            try {
                children = list(p);
            } catch (NoSuchFileException e) {
                return; // removed while walking
            }
            for (Path c : children) {
                walkInto(c, out);
            }
        }
    }

    /**
     * Deletes a directory and everything under it (children first, links not followed), then
     * fsyncs its parent so that the removal survives a crash. Interrupted midway, it leaves a
     * partial tree that a second call finishes. No-op when {@code dir} does not exist.
     */
    default void deleteTree(Path dir) throws IOException {
        List<Path> all = walk(dir);
        if (all.isEmpty()) {
            return;
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            delete(all.get(i));
        }
        syncDirectory(dir.toAbsolutePath().getParent());
    }

    private static OpenOption[] withWrite(OpenOption[] options) {
        for (OpenOption o : options) {
            if (o == StandardOpenOption.WRITE || o == StandardOpenOption.APPEND) {
                return options;
            }
        }
        OpenOption[] w = java.util.Arrays.copyOf(options, options.length + 1);
        w[options.length] = StandardOpenOption.WRITE;
        return w;
    }
}
