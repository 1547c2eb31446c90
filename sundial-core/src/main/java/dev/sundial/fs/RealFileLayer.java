package dev.sundial.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link FileLayer#REAL}: every primitive is the {@code java.nio.file} call of the same name, and
 * {@link #open} returns the JDK's own channel. The whole-file helpers are overridden with their
 * {@code Files} counterparts, which do the same thing in fewer system calls. Stateless and
 * thread-safe.
 */
final class RealFileLayer implements FileLayer {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");

    /** Only {@link FileLayer#REAL} is made. */
    RealFileLayer() {
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        return FileChannel.open(file, options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Files.move(source, target, options);
    }

    @Override
    public void delete(Path path) throws IOException {
        Files.delete(path);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        return Files.deleteIfExists(path);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
            s.forEach(out::add);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    @Override
    public boolean exists(Path path, LinkOption... options) {
        return Files.exists(path, options);
    }

    @Override
    public boolean isDirectory(Path path, LinkOption... options) {
        return Files.isDirectory(path, options);
    }

    @Override
    public boolean isRegularFile(Path path, LinkOption... options) {
        return Files.isRegularFile(path, options);
    }

    @Override
    public long size(Path file) throws IOException {
        return Files.size(file);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (WINDOWS) {
                return; // NTFS metadata is journaled; directories cannot be opened as files there
            }
            throw new IOException("cannot fsync directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] readAllBytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Override
    public void write(Path file, byte[] bytes, OpenOption... options) throws IOException {
        Files.write(file, bytes, options);
    }

    @Override
    public OutputStream newOutputStream(Path file, OpenOption... options) throws IOException {
        return Files.newOutputStream(file, options);
    }

    @Override
    public void copy(Path source, Path target) throws IOException {
        Files.copy(source, target);
    }
}
