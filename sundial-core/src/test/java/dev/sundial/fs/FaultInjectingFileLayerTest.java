package dev.sundial.fs;

import static dev.sundial.fs.DirectoryState.bytes;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of rule and the free-space budget fire exactly as specified, and leave the file as claimed. */
class FaultInjectingFileLayerTest {
    @TempDir
    Path dir;
    final FaultInjectingFileLayer fs = new FaultInjectingFileLayer(FileLayer.REAL);

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(bytes(s));
    }

    private String content(Path p) throws IOException {
        return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void failsOnlyTheNthMatchingWriteAndOnlyOnMatchingPaths() throws IOException {
        FaultRule rule = fs.add(FaultRule.on(FileOp.WRITE).path("*.log").onCall(3).fail(Errno.ENOSPC));
        Path log = dir.resolve("wal-1.log");
        Path other = dir.resolve("data.bin");
        try (FileChannel ch = fs.open(log, CREATE_NEW, WRITE); FileChannel o = fs.open(other, CREATE_NEW, WRITE)) {
            ch.write(buf("a"));
            o.write(buf("x"));
            ch.write(buf("b"));
            o.write(buf("y"));
            assertThatThrownBy(() -> ch.write(buf("c"))).isExactlyInstanceOf(IOException.class)
                    .hasMessage("No space left on device");
            ch.write(buf("d"));
        }
        assertThat(content(log)).as("the failed write wrote nothing").isEqualTo("abd");
        assertThat(content(other)).isEqualTo("xy");
        assertThat(rule.matchedCalls()).isEqualTo(4);
        assertThat(rule.fired()).isEqualTo(1);
        assertThat(fs.injected()).singleElement().asString().contains("WRITE", "wal-1.log", "No space left on device");
    }

    @Test
    void afterCallsFiresOnEveryLaterCallAndTimesCapsIt() throws IOException {
        fs.add(FaultRule.on(FileOp.FORCE).afterCalls(2).times(2).fail(Errno.EIO));
        Path f = dir.resolve("f");
        List<Boolean> failed = new ArrayList<>();
        try (FileChannel ch = fs.open(f, CREATE_NEW, WRITE)) {
            for (int i = 0; i < 6; i++) {
                try {
                    ch.force(false);
                    failed.add(false);
                } catch (IOException e) {
                    assertThat(e).hasMessage("Input/output error");
                    failed.add(true);
                }
            }
        }
        assertThat(failed).containsExactly(false, false, true, true, false, false);
    }

    @Test
    void probabilityIsSeededAndRoughlyRight() throws IOException {
        long seed = 0xF00DL;
        System.out.println("probabilityIsSeededAndRoughlyRight seed=" + seed);
        boolean[] first = firingPattern(seed);
        boolean[] again = firingPattern(seed);
        assertThat(again).as("same seed, same calls: same faults").isEqualTo(first);
        int fired = 0;
        for (boolean b : first) {
            fired += b ? 1 : 0;
        }
        assertThat(fired).as("about 20%% of 1000 calls").isBetween(140, 260);
        assertThat(firingPattern(seed + 1)).isNotEqualTo(first);
    }

    private boolean[] firingPattern(long seed) throws IOException {
        FaultInjectingFileLayer layer = new FaultInjectingFileLayer(FileLayer.REAL);
        layer.add(FaultRule.on(FileOp.READ).withProbability(0.2, seed).fail(Errno.EIO));
        Path f = dir.resolve("p");
        if (!Files.exists(f)) {
            Files.write(f, bytes("0123456789"));
        }
        boolean[] out = new boolean[1000];
        try (FileChannel ch = layer.open(f, READ)) {
            for (int i = 0; i < out.length; i++) {
                try {
                    ch.read(ByteBuffer.allocate(1), i % 10);
                } catch (IOException e) {
                    out[i] = true;
                }
            }
        }
        return out;
    }

    @Test
    void shortWriteWritesAPrefixAndReturnsItsLength() throws IOException {
        fs.add(FaultRule.on(FileOp.WRITE).onCall(1).shortWrite(3));
        Path f = dir.resolve("f");
        try (FileChannel ch = fs.open(f, CREATE_NEW, WRITE)) {
            ByteBuffer b = buf("abcdefgh");
            assertThat(ch.write(b, 0)).isEqualTo(3);
            assertThat(b.position()).isEqualTo(3);
            assertThat(ch.size()).isEqualTo(3);
            assertThat(ch.write(b, 3)).as("the next call is normal").isEqualTo(5);
        }
        assertThat(content(f)).isEqualTo("abcdefgh");
        // whole-file writes loop over short writes, as callers must
        fs.add(FaultRule.on(FileOp.WRITE).shortWrite(2));
        fs.write(dir.resolve("g"), bytes("0123456789"));
        assertThat(content(dir.resolve("g"))).isEqualTo("0123456789");
    }

    @Test
    void partialWriteWritesSomeBytesThenFails() throws IOException {
        fs.add(FaultRule.on(FileOp.WRITE).path("**/wal/*").onCall(2).writePartThenFail(4, Errno.EIO));
        Path wal = dir.resolve("wal");
        Files.createDirectory(wal);
        Path f = wal.resolve("seg");
        try (FileChannel ch = fs.open(f, CREATE_NEW, WRITE, APPEND)) {
            ch.write(buf("HEAD"));
            ByteBuffer b = buf("record-1");
            assertThatThrownBy(() -> ch.write(b)).hasMessage("Input/output error");
            assertThat(b.position()).as("the buffer shows what was written").isEqualTo(4);
        }
        assertThat(content(f)).isEqualTo("HEADreco");
        assertThat(fs.injected()).singleElement().asString().contains("wrote 4 of 8 bytes", "Input/output error");
    }

    @Test
    void fsyncFailuresKeepTheDataWritten() throws IOException {
        fs.add(FaultRule.on(FileOp.FORCE).path("f").fail(Errno.EIO));
        Path f = dir.resolve("f");
        fs.write(f, bytes("data"));
        assertThatThrownBy(() -> fs.syncFile(f)).hasMessage("Input/output error");
        assertThat(content(f)).isEqualTo("data");
        Path g = dir.resolve("g");
        fs.write(g, bytes("other"));
        fs.syncFile(g);
    }

    @Test
    void renameFailuresLeaveBothNamesAsTheyWere() throws IOException {
        fs.add(FaultRule.on(FileOp.RENAME).path("catalog.sdc").fail(Errno.EIO));
        Path target = dir.resolve("catalog.sdc");
        fs.write(target, bytes("old"));
        assertThatThrownBy(() -> fs.writeAtomically(target, bytes("new")))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("catalog.sdc.tmp -> ").hasMessageEndingWith(": Input/output error");
        assertThat(content(target)).isEqualTo("old");
        assertThat(content(dir.resolve("catalog.sdc.tmp"))).isEqualTo("new");
    }

    @Test
    void directoryFsyncFailsAsTheRealLayerReportsIt() throws IOException {
        fs.add(FaultRule.on(FileOp.SYNC_DIRECTORY).fail(Errno.EIO));
        Path temp = dir.resolve("m.tmp");
        fs.write(temp, bytes("v"));
        assertThatThrownBy(() -> fs.publish(temp, dir.resolve("m")))
                .hasMessage("cannot fsync directory " + dir + ": Input/output error");
        assertThat(content(dir.resolve("m"))).as("renamed, only not durable").isEqualTo("v");
    }

    @Test
    void readFailures() throws IOException {
        Path f = dir.resolve("f");
        Files.write(f, bytes("x"));
        fs.add(FaultRule.on(FileOp.READ).fail(Errno.EIO));
        assertThatThrownBy(() -> fs.readAllBytes(f)).hasMessage("Input/output error");
    }

    @Test
    void createFailsOnlyWhenTheOpenWouldCreate() throws IOException {
        Path existing = dir.resolve("e");
        Files.write(existing, bytes("e"));
        FaultRule rule = fs.add(FaultRule.on(FileOp.CREATE).fail(Errno.ENOSPC));
        fs.open(existing, CREATE, WRITE).close();
        Path fresh = dir.resolve("n");
        assertThatThrownBy(() -> fs.open(fresh, CREATE, WRITE)).isInstanceOf(FileSystemException.class)
                .hasMessage(fresh + ": No space left on device");
        assertThat(fresh).doesNotExist();
        assertThat(rule.matchedCalls()).isEqualTo(1);
    }

    @Test
    void otherMetadataOperationsFail() throws IOException {
        fs.add(FaultRule.on(FileOp.DELETE, FileOp.MKDIR, FileOp.LIST).fail(Errno.EIO));
        Path f = dir.resolve("f");
        Files.write(f, bytes("x"));
        assertThatThrownBy(() -> fs.deleteIfExists(f)).isInstanceOf(FileSystemException.class);
        assertThat(f).exists();
        assertThatThrownBy(() -> fs.createDirectories(dir.resolve("a/b"))).isInstanceOf(FileSystemException.class);
        assertThat(dir.resolve("a")).doesNotExist();
        assertThatThrownBy(() -> fs.list(dir)).isInstanceOf(FileSystemException.class);
    }

    @Test
    void freeSpaceBudgetFillsTheDiskAndDeletesFreeIt() throws IOException {
        fs.limitFreeSpace(10_000);
        Path a = dir.resolve("a");
        byte[] six = new byte[6000];
        Arrays.fill(six, (byte) 7);
        fs.write(a, six);
        assertThat(fs.freeSpace()).isEqualTo(4000);
        Path b = dir.resolve("b");
        assertThatThrownBy(() -> fs.write(b, six)).hasMessage("No space left on device");
        assertThat(Files.size(b)).as("wrote what fit").isEqualTo(4000);
        assertThat(fs.freeSpace()).isZero();
        try (FileChannel ch = fs.open(a, WRITE)) {
            assertThat(ch.write(ByteBuffer.wrap(new byte[100]), 0)).as("overwriting costs nothing").isEqualTo(100);
            assertThatThrownBy(() -> ch.write(ByteBuffer.wrap(new byte[1]), 6000)).hasMessage("No space left on device");
            ch.truncate(5000);
        }
        assertThat(fs.freeSpace()).isEqualTo(1000);
        fs.delete(b);
        assertThat(fs.freeSpace()).isEqualTo(5000);
        Path c = dir.resolve("c");
        fs.write(c, new byte[10]);
        fs.rename(c, a);
        assertThat(fs.freeSpace()).as("the replaced file's space came back").isEqualTo(5000 - 10 + 5000);
        fs.unlimitFreeSpace();
        fs.write(b, new byte[20_000]);
        assertThat(fs.injected()).hasSize(2).allSatisfy(s -> assertThat(s).contains("budget"));
    }

    @Test
    void writeOnlyActionsRefuseOtherOperations() {
        assertThatThrownBy(() -> FaultRule.on(FileOp.FORCE).shortWrite(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WRITE only");
        assertThatThrownBy(() -> FaultRule.on(FileOp.WRITE).shortWrite(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRule.on(FileOp.WRITE).onCall(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removedRulesStopFiring() throws IOException {
        FaultRule r = fs.add(FaultRule.on(FileOp.MKDIR).fail(Errno.EIO));
        assertThatThrownBy(() -> fs.createDirectory(dir.resolve("d"))).isInstanceOf(IOException.class);
        fs.remove(r);
        fs.createDirectory(dir.resolve("d"));
        fs.add(FaultRule.on(FileOp.MKDIR).fail(Errno.EIO));
        fs.clearRules();
        fs.createDirectory(dir.resolve("e"));
        assertThat(r.toString()).isEqualTo("fail with EIO [MKDIR] of any path on every call");
    }
}
