package dev.sundial.fs;

import static dev.sundial.fs.DirectoryState.bytes;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link FileLayer} must do: behave as {@code java.nio.file} does, results and
 * exceptions alike. Each implementation's test extends this; the wrapping layers run it with no
 * fault, to show that wrapping changes nothing.
 */
abstract class FileLayerConformanceTest {
    @TempDir
    Path dir;
    FileLayer fs;

    /** The layer under test, over {@code root} (an empty directory). */
    abstract FileLayer layer(Path root) throws IOException;

    @BeforeEach
    void createLayer() throws IOException {
        fs = layer(dir);
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void channelsWriteAndReadAtPositionsAndTruncate() throws IOException {
        Path f = dir.resolve("a.bin");
        try (FileChannel ch = fs.open(f, CREATE_NEW, WRITE, READ)) {
            assertThat(ch.write(ByteBuffer.wrap(bytes("hello")))).isEqualTo(5);
            assertThat(ch.position()).isEqualTo(5);
            ch.write(ByteBuffer.wrap(bytes("XY")), 1);
            assertThat(ch.position()).as("a positional write leaves the position").isEqualTo(5);
            ch.write(new ByteBuffer[] {ByteBuffer.wrap(bytes("12")), ByteBuffer.wrap(bytes("34"))});
            assertThat(ch.size()).isEqualTo(9);
            ByteBuffer b = ByteBuffer.allocate(4);
            assertThat(ch.read(b, 1)).isEqualTo(4);
            assertThat(new String(b.array(), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("XYlo");
            assertThat(ch.position(2)).isSameAs(ch);
            b.clear();
            ch.read(b);
            assertThat(ch.position()).isEqualTo(6);
            assertThat(ch.truncate(3)).isSameAs(ch);
            assertThat(ch.size()).isEqualTo(3);
            ch.force(true);
            ch.force(false);
        }
        assertThat(read(f)).isEqualTo("hXY");
        assertThatThrownBy(() -> fs.open(f, CREATE_NEW, WRITE)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> fs.open(dir.resolve("missing"), READ)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void appendAndTruncateExistingOptions() throws IOException {
        Path f = dir.resolve("log");
        for (String s : List.of("one", "two")) {
            try (FileChannel ch = fs.open(f, CREATE, WRITE, APPEND)) {
                ch.write(ByteBuffer.wrap(bytes(s)));
            }
        }
        assertThat(read(f)).isEqualTo("onetwo");
        try (FileChannel ch = fs.open(f, WRITE, TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes("3")));
        }
        assertThat(read(f)).isEqualTo("3");
    }

    @Test
    void transfersBetweenChannels() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        fs.write(a, bytes("0123456789"));
        try (FileChannel in = fs.open(a, READ); FileChannel out = fs.open(b, CREATE_NEW, WRITE)) {
            assertThat(in.transferTo(2, 5, out)).isEqualTo(5);
            assertThat(out.transferFrom(in.position(0), 5, 3)).isEqualTo(3);
        }
        assertThat(read(b)).isEqualTo("23456012");
    }

    @Test
    void wholeFileHelpers() throws IOException {
        Path f = dir.resolve("f");
        fs.write(f, bytes("first"));
        fs.write(f, bytes("2nd"));
        assertThat(fs.readAllBytes(f)).isEqualTo(bytes("2nd"));
        assertThatThrownBy(() -> fs.write(f, bytes("x"), CREATE_NEW)).isInstanceOf(FileAlreadyExistsException.class);
        fs.write(f, bytes("+"), APPEND);
        assertThat(read(f)).isEqualTo("2nd+");
        assertThatThrownBy(() -> fs.readAllBytes(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
        try (OutputStream out = fs.newOutputStream(dir.resolve("s"))) {
            out.write(bytes("stream"));
        }
        assertThat(read(dir.resolve("s"))).isEqualTo("stream");
        fs.copy(f, dir.resolve("copy"));
        assertThat(read(dir.resolve("copy"))).isEqualTo("2nd+");
        assertThatThrownBy(() -> fs.copy(f, dir.resolve("s"))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(fs.size(f)).isEqualTo(4);
    }

    @Test
    void movesRenamesAndPublishes() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        fs.write(a, bytes("A"));
        fs.write(b, bytes("B"));
        assertThatThrownBy(() -> fs.move(a, b)).isInstanceOf(FileAlreadyExistsException.class);
        fs.move(a, b, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertThat(fs.exists(a)).isFalse();
        assertThat(read(b)).isEqualTo("A");
        fs.rename(b, a);
        assertThat(read(a)).isEqualTo("A");
        Path temp = dir.resolve("a.tmp");
        fs.write(temp, bytes("new"));
        fs.publish(temp, a);
        assertThat(read(a)).isEqualTo("new");
        assertThat(fs.exists(temp)).isFalse();
        fs.writeAtomically(a, bytes("newer"));
        assertThat(read(a)).isEqualTo("newer");
        assertThat(fs.exists(dir.resolve("a" + DataDirectoryLayout.TEMP_SUFFIX))).isFalse();
        assertThatThrownBy(() -> fs.move(dir.resolve("gone"), b)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deletes() throws IOException {
        Path f = dir.resolve("f");
        fs.write(f, bytes("x"));
        assertThat(fs.deleteIfExists(f)).isTrue();
        assertThat(fs.deleteIfExists(f)).isFalse();
        assertThatThrownBy(() -> fs.delete(f)).isInstanceOf(NoSuchFileException.class);
        fs.write(f, bytes("x"));
        assertThat(fs.deleteDurably(f)).isTrue();
        assertThat(fs.deleteDurably(f)).isFalse();
        Path d = dir.resolve("d");
        fs.createDirectory(d);
        fs.write(d.resolve("in"), bytes("y"));
        assertThatThrownBy(() -> fs.delete(d)).isInstanceOf(DirectoryNotEmptyException.class);
        fs.delete(d.resolve("in"));
        fs.delete(d);
        assertThat(fs.exists(d)).isFalse();
    }

    @Test
    void directoriesListsAndWalks() throws IOException {
        Path deep = dir.resolve("t/p-1/q");
        fs.createDirectories(deep);
        fs.createDirectories(deep);
        assertThat(fs.isDirectory(deep)).isTrue();
        assertThatThrownBy(() -> fs.createDirectory(deep)).isInstanceOf(FileAlreadyExistsException.class);
        Path p = dir.resolve("t/p-1");
        for (String n : List.of("seg-2.sdseg", "seg-10.sdseg", "seg-1.sdseg.tmp", "x.txt")) {
            fs.write(p.resolve(n), bytes(n));
        }
        assertThatThrownBy(() -> fs.createDirectories(p.resolve("x.txt/sub"))).isInstanceOf(IOException.class);
        assertThat(fs.list(p, "*.sdseg")).containsExactly(p.resolve("seg-10.sdseg"), p.resolve("seg-2.sdseg"));
        assertThat(fs.list(p)).hasSize(5);
        assertThat(fs.isRegularFile(p.resolve("x.txt"))).isTrue();
        assertThat(fs.isRegularFile(p)).isFalse();
        assertThat(fs.exists(p.resolve("none"))).isFalse();
        assertThatThrownBy(() -> fs.list(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
        Path t = dir.resolve("t");
        assertThat(fs.walk(t)).containsExactly(t, p, deep, p.resolve("seg-1.sdseg.tmp"), p.resolve("seg-10.sdseg"),
                p.resolve("seg-2.sdseg"), p.resolve("x.txt"));
        assertThat(fs.walk(dir.resolve("none"))).isEmpty();
        fs.deleteTree(t);
        assertThat(fs.exists(t)).isFalse();
        fs.deleteTree(t);
    }

    @Test
    void syncsFilesAndDirectories() throws IOException {
        Path f = dir.resolve("f");
        fs.write(f, bytes("x"));
        fs.syncFile(f);
        fs.syncDirectory(dir);
        assertThatThrownBy(() -> fs.syncDirectory(dir.resolve("none"))).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot fsync directory");
        assertThatThrownBy(() -> fs.syncFile(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void locksAFileExclusively() throws IOException {
        Path f = dir.resolve("LOCK");
        try (FileChannel a = fs.open(f, CREATE, READ, WRITE); FileChannel b = fs.open(f, READ, WRITE)) {
            FileLock l = a.tryLock();
            assertThat(l).isNotNull();
            assertThat(l.isValid()).isTrue();
            assertThatThrownBy(b::tryLock).isInstanceOf(OverlappingFileLockException.class);
            l.release();
            FileLock again = b.tryLock();
            assertThat(again).isNotNull();
            again.release();
        }
    }

    @Test
    void closingTheChannelClosesTheFile() throws IOException {
        FileChannel ch = fs.open(dir.resolve("c"), CREATE_NEW, WRITE);
        ch.close();
        assertThat(ch.isOpen()).isFalse();
        assertThatThrownBy(() -> ch.write(ByteBuffer.wrap(bytes("x")))).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }
}
