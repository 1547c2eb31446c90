package dev.sundial.fs;

import static dev.sundial.fs.DirectoryState.DIR;
import static dev.sundial.fs.DirectoryState.bytes;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut model on a scripted sequence: publication of a file (temp, write, fsync, rename,
 * directory fsync), a log appended with and without fsync, a delete, and nested directories.
 * Pessimistic cuts give exactly the expected state at every crash point; random cuts give only
 * states the model allows, and do explore them.
 */
class CrashRecordingFileLayerTest {
    @TempDir
    Path root;
    @TempDir
    Path out;
    CrashRecordingFileLayer fs;
    /** The real directory after each step of the script, by the operation count at that time. */
    final Map<Integer, Map<String, String>> realAfter = new TreeMap<>();

    @BeforeEach
    void baseline() throws IOException {
        Files.write(root.resolve("data"), bytes("v1"));
        fs = new CrashRecordingFileLayer(FileLayer.REAL, root);
    }

    private void snapshot() throws IOException {
        realAfter.put(fs.operationCount(), DirectoryState.of(root));
    }

    /** Runs the script; see {@link #scriptedOperations()} for the operations it logs. */
    private void runScript() throws IOException {
        snapshot();
        Path data = root.resolve("data");
        Path tmp = root.resolve("data.tmp");
        fs.write(tmp, bytes("v2"));
        snapshot();
        fs.publish(tmp, data);
        snapshot();
        try (FileChannel log = fs.open(root.resolve("wal.log"), CREATE_NEW, WRITE)) {
            log.write(ByteBuffer.wrap(bytes("H")));
            log.force(false);
            fs.syncDirectory(root);
            snapshot();
            log.write(ByteBuffer.wrap(bytes("r1")));
            log.write(ByteBuffer.wrap(bytes("r2")));
            log.force(false);
            log.write(ByteBuffer.wrap(bytes("r3")));
        }
        snapshot();
        fs.delete(data);
        fs.syncDirectory(root);
        snapshot();
        Path b = root.resolve("a/b");
        fs.createDirectories(b);
        fs.write(b.resolve("f"), bytes("F"));
        fs.syncFile(b.resolve("f"));
        fs.syncDirectory(b);
        fs.syncDirectory(root.resolve("a"));
        snapshot();
        fs.syncDirectory(root);
        snapshot();
    }

    private static List<String> scriptedOperations() {
        return List.of(
                "create data.tmp", "write data.tmp [offset=0, length=2]", "fsync data.tmp", "rename data.tmp -> data",
                "fsync directory .", "create wal.log", "write wal.log [offset=0, length=1]", "fsync wal.log",
                "fsync directory .", "write wal.log [offset=1, length=2]", "write wal.log [offset=3, length=2]",
                "fsync wal.log", "write wal.log [offset=5, length=2]", "delete data", "fsync directory .",
                "mkdir a", "mkdir a/b", "create a/b/f", "write a/b/f [offset=0, length=1]", "fsync a/b/f",
                "fsync directory a/b", "fsync directory a", "fsync directory .");
    }

    /** The state a pessimistic cut after operation k must leave. */
    private static Map<String, String> pessimistic(int k) {
        Map<String, String> m = new TreeMap<>();
        if (k < 15) {
            m.put("data", k < 5 ? "v1" : "v2");
        }
        if (k >= 9) {
            m.put("wal.log", k < 12 ? "H" : "Hr1r2");
        }
        if (k >= 23) {
            m.put("a", DIR);
            m.put("a/b", DIR);
            m.put("a/b/f", "F");
        }
        return m;
    }

    private Path target(String name) {
        return out.resolve(name);
    }

    @Test
    void logsEveryMutatingOperationInOrder() throws IOException {
        runScript();
        List<String> described = new ArrayList<>();
        for (int k = 1; k <= fs.operationCount(); k++) {
            described.add(fs.describe(k));
        }
        assertThat(described).isEqualTo(scriptedOperations());
        assertThat(fs.describe(0)).isEqualTo("before the first operation");
    }

    @Test
    void noLossRebuildsTheRealDirectoryAfterEveryStep() throws IOException {
        runScript();
        for (Map.Entry<Integer, Map<String, String>> e : realAfter.entrySet()) {
            Path t = target("noloss-" + e.getKey());
            PowerCut cut = fs.materialize(e.getKey(), t, CrashMode.noLoss());
            assertThat(DirectoryState.of(t)).as(cut.toString()).isEqualTo(e.getValue());
        }
    }

    @Test
    void pessimisticCutsLoseExactlyWhatWasNotDurable() throws IOException {
        runScript();
        assertThat(fs.operationCount()).isEqualTo(23);
        for (int k = 0; k <= fs.operationCount(); k++) {
            Path t = target("p-" + k);
            PowerCut cut = fs.materialize(k, t, CrashMode.pessimistic());
            assertThat(DirectoryState.of(t)).as(cut.toString()).isEqualTo(pessimistic(k));
        }
        PowerCut before = fs.materialize(4, target("msg"), CrashMode.pessimistic());
        assertThat(before.toString()).startsWith("power cut after op 4 (rename data.tmp -> data), pessimistic: ")
                .contains("undone: op 1: create data.tmp", "undone: op 4: rename data.tmp -> data");
    }

    @Test
    void randomCutsStayInsideTheModelAndExploreIt() throws IOException {
        runScript();
        long base = 0x5EED_C0DEL;
        int seeds = 40;
        System.out.println("randomCutsStayInsideTheModelAndExploreIt seeds " + base + " + 0.." + (seeds - 1));
        Set<String> dataAtRename = new HashSet<>();
        Set<String> tmpTorn = new HashSet<>();
        Set<String> logAtEnd = new HashSet<>();
        String[] logWrites = {"H", "r1", "r2", "r3"};
        int[] logWriteOps = {7, 10, 11, 13};
        for (int k = 0; k <= fs.operationCount(); k++) {
            for (int s = 0; s < seeds; s++) {
                Path t = target("r-" + k + "-" + s);
                PowerCut cut = fs.materialize(k, t, CrashMode.random(base + s));
                Map<String, String> st = DirectoryState.of(t);
                String ctx = cut.toString();
                assertThat(Set.of("data", "data.tmp", "wal.log", "a", "a/b", "a/b/f")).as(ctx).containsAll(st.keySet());
                // a rename over a durable file is atomic: old or new content, never torn, never missing
                if (k < 14) {
                    assertThat(st.get("data")).as(ctx).isIn("v1", "v2");
                }
                if (k >= 5 && k < 14) {
                    assertThat(st.get("data")).as(ctx).isEqualTo("v2");
                }
                if (k >= 15) {
                    assertThat(st).as(ctx).doesNotContainKey("data");
                }
                // the temp file: only until its rename is durable, and only a prefix of what was written
                if (st.containsKey("data.tmp")) {
                    assertThat(k).as(ctx).isBetween(1, 4);
                    assertThat("v2").as(ctx).startsWith(st.get("data.tmp"));
                    if (k >= 3) {
                        assertThat(st.get("data.tmp")).as(ctx + ": fsynced").isEqualTo("v2");
                    }
                }
                // the log: a prefix of what was appended so far; what an fsync covered, once its name is durable
                StringBuilder written = new StringBuilder();
                for (int w = 0; w < logWrites.length; w++) {
                    if (k >= logWriteOps[w]) {
                        written.append(logWrites[w]);
                    }
                }
                if (k < 6) {
                    assertThat(st).as(ctx).doesNotContainKey("wal.log");
                }
                if (k >= 9) {
                    assertThat(st).as(ctx).containsKey("wal.log");
                    assertThat(st.get("wal.log")).as(ctx).startsWith(k >= 12 ? "Hr1r2" : "H");
                }
                if (st.containsKey("wal.log")) {
                    assertThat(written.toString()).as(ctx).startsWith(st.get("wal.log"));
                }
                // fsync of a file keeps its data, not its name
                if (st.containsKey("a/b/f")) {
                    assertThat(st.get("a/b/f")).as(ctx).isIn("", "F");
                    assertThat(st).as(ctx).containsKeys("a", "a/b");
                    if (k >= 20) {
                        assertThat(st.get("a/b/f")).as(ctx).isEqualTo("F");
                    }
                }
                if (k >= 23) {
                    assertThat(st.get("a/b/f")).as(ctx).isEqualTo("F");
                }
                if (k == 4) {
                    dataAtRename.add(st.get("data"));
                }
                if (k == 2 && st.containsKey("data.tmp")) {
                    tmpTorn.add(st.get("data.tmp"));
                }
                if (k == 13) {
                    logAtEnd.add(st.get("wal.log"));
                }
                deleteTree(t);
            }
        }
        assertThat(dataAtRename).as("an undurable rename is sometimes kept, sometimes undone").containsExactlyInAnyOrder("v1", "v2");
        assertThat(tmpTorn).as("unsynced data is lost, torn or kept").containsExactlyInAnyOrder("", "v", "v2");
        assertThat(logAtEnd).as("the unsynced tail of the log").contains("Hr1r2", "Hr1r2r", "Hr1r2r3");
    }

    @Test
    void aTornWriteStopsAtASectorAPageOrAnyByte() throws IOException {
        Path f = root.resolve("big");
        byte[] header = new byte[100];
        byte[] body = new byte[10_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        try (FileChannel ch = fs.open(f, CREATE_NEW, WRITE)) {
            ch.write(ByteBuffer.wrap(header));
            ch.force(true);
            fs.syncDirectory(root);
            ch.write(ByteBuffer.wrap(body));
        }
        byte[] all = new byte[10_100];
        System.arraycopy(body, 0, all, 100, body.length);
        long base = 0x7EA2L;
        System.out.println("aTornWriteStopsAtASectorAPageOrAnyByte seeds " + base + " + 0..199");
        Set<Long> lengths = new HashSet<>();
        for (int s = 0; s < 200; s++) {
            Path t = target("t-" + s);
            PowerCut cut = fs.materialize(fs.operationCount(), t, CrashMode.random(base + s));
            byte[] got = Files.readAllBytes(t.resolve("big"));
            assertThat(got.length).as(cut.toString()).isBetween(100, 10_100);
            assertThat(got).as(cut.toString()).isEqualTo(java.util.Arrays.copyOf(all, got.length));
            lengths.add((long) got.length);
        }
        assertThat(lengths).contains(100L, 10_100L);
        assertThat(lengths).as("page cuts").anyMatch(n -> n % 4096 == 0);
        assertThat(lengths).as("sector cuts").anyMatch(n -> n % 512 == 0 && n % 4096 != 0);
        assertThat(lengths).as("byte cuts").anyMatch(n -> n % 512 != 0 && n != 100 && n != 10_100);
    }

    @Test
    void aRenameBetweenDirectoriesNeedsBothSynced() throws IOException {
        fs.createDirectories(root.resolve("x"));
        fs.createDirectories(root.resolve("y"));
        fs.write(root.resolve("x/f"), bytes("f"));
        fs.syncFile(root.resolve("x/f"));
        fs.syncDirectory(root.resolve("x"));
        fs.syncDirectory(root);
        fs.rename(root.resolve("x/f"), root.resolve("y/g"));
        fs.syncDirectory(root.resolve("y"));
        int oneSynced = fs.operationCount();
        fs.syncDirectory(root.resolve("x"));
        fs.materialize(oneSynced, target("one"), CrashMode.pessimistic());
        fs.materialize(fs.operationCount(), target("both"), CrashMode.pessimistic());
        assertThat(DirectoryState.of(target("one"))).isEqualTo(Map.of("data", "v1", "x", DIR, "y", DIR, "x/f", "f"));
        assertThat(DirectoryState.of(target("both"))).isEqualTo(Map.of("data", "v1", "x", DIR, "y", DIR, "y/g", "f"));
    }

    @Test
    void truncatesAreContentChanges() throws IOException {
        Path d = root.resolve("data");
        try (FileChannel ch = fs.open(d, WRITE)) {
            ch.write(ByteBuffer.wrap(bytes("v1-longer")), 0);
            ch.force(true);
            ch.truncate(4);
            int cutBeforeForce = fs.operationCount();
            ch.force(true);
            fs.materialize(cutBeforeForce, target("before"), CrashMode.pessimistic());
        }
        fs.materialize(fs.operationCount(), target("after"), CrashMode.pessimistic());
        assertThat(DirectoryState.of(target("before"))).isEqualTo(Map.of("data", "v1-longer"));
        assertThat(DirectoryState.of(target("after"))).isEqualTo(Map.of("data", "v1-l"));
        assertThat(fs.describe(3)).isEqualTo("truncate data to 4 bytes");
    }

    @Test
    void syncsThroughChannelsAreRecognized() throws IOException {
        try (FileChannel ch = fs.open(root.resolve("d"), CREATE_NEW, WRITE, java.nio.file.StandardOpenOption.DSYNC)) {
            ch.write(ByteBuffer.wrap(bytes("durable")));
        }
        try (FileChannel d = fs.open(root, java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        }
        assertThat(List.of(fs.describe(3), fs.describe(4))).containsExactly("fsync d", "fsync directory .");
        fs.materialize(fs.operationCount(), target("s"), CrashMode.pessimistic());
        assertThat(DirectoryState.of(target("s"))).isEqualTo(Map.of("data", "v1", "d", "durable"));
    }

    @Test
    void recordsWhatAFailedWriteReallyWrote() throws IOException {
        FaultInjectingFileLayer faults = new FaultInjectingFileLayer(FileLayer.REAL);
        faults.add(FaultRule.on(FileOp.WRITE).onCall(1).writePartThenFail(3, Errno.ENOSPC));
        CrashRecordingFileLayer rec = new CrashRecordingFileLayer(faults, root);
        Path f = root.resolve("f");
        assertThatThrownBy(() -> rec.write(f, bytes("abcdef"))).hasMessage("No space left on device");
        assertThat(rec.describe(2)).isEqualTo("write f [offset=0, length=3]");
        rec.materialize(rec.operationCount(), target("all"), CrashMode.noLoss());
        assertThat(DirectoryState.of(target("all"))).isEqualTo(DirectoryState.of(root)).containsEntry("f", "abc");
    }

    @Test
    void pathsOutsideTheRootPassThroughAndMovesAcrossItAreRefused(@TempDir Path elsewhere) throws IOException {
        Path o = elsewhere.resolve("o");
        fs.write(o, bytes("x"));
        fs.rename(o, elsewhere.resolve("p"));
        assertThat(fs.operationCount()).isZero();
        assertThatThrownBy(() -> fs.move(elsewhere.resolve("p"), root.resolve("p")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("across the recorded directory");
        assertThatThrownBy(() -> fs.materialize(1, target("x"), CrashMode.noLoss()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 were recorded");
        Files.createDirectories(target("full"));
        Files.write(target("full").resolve("junk"), bytes("j"));
        assertThatThrownBy(() -> fs.materialize(0, target("full"), CrashMode.noLoss()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
    }

    /** Removes a checked state (without the directory fsync of {@link FileLayer#deleteTree}: this is scratch). */
    private static void deleteTree(Path p) throws IOException {
        List<Path> all = FileLayer.REAL.walk(p);
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.delete(all.get(i));
        }
    }
}
