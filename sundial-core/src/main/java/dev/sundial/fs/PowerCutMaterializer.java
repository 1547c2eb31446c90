package dev.sundial.fs;

import dev.sundial.fs.RecordedOp.Create;
import dev.sundial.fs.RecordedOp.Delete;
import dev.sundial.fs.RecordedOp.Rename;
import dev.sundial.fs.RecordedOp.SyncDirectory;
import dev.sundial.fs.RecordedOp.SyncFile;
import dev.sundial.fs.RecordedOp.Truncate;
import dev.sundial.fs.RecordedOp.Write;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Rebuilds, from a baseline tree and a prefix of a {@link CrashRecordingFileLayer}'s log, the
 * directory a power cut after that prefix may leave, under the model documented on
 * {@link CrashRecordingFileLayer}. One instance per materialization; not thread-safe.
 *
 * <p>Two passes: first decide, for every operation that was not durable at the cut, whether it
 * survives (by {@link CrashMode}); then replay the log on a copy of the baseline, applying durable
 * operations and the surviving ones. Operations act on inodes, so dropping one never makes a later
 * one name the wrong file: a kept rename moves its inode wherever it is, a kept delete unlinks it.
 */
final class PowerCutMaterializer {
    private final List<RecordedOp> ops;
    private final CrashMode mode;
    private final Random rnd;
    private final Map<Integer, Integer> fileCovered = new HashMap<>();
    private final Map<Integer, Integer> dirCovered = new HashMap<>();
    /** Per inode with unsynced content changes: how many survive whole, and the bytes kept of the next write (-1: none). */
    private final Map<Integer, long[]> contentFate = new HashMap<>();
    private final boolean[] kept;
    private final List<String> losses = new ArrayList<>();

    PowerCutMaterializer(List<RecordedOp> ops, CrashMode mode) {
        this.ops = ops;
        this.mode = mode;
        this.rnd = new Random(mode.seed());
        this.kept = new boolean[ops.size()];
    }

    /** Builds the state at {@code target} (created; must be absent or empty). */
    PowerCut materialize(InodeTree baseline, Map<Integer, byte[]> baselineContent, Path target, int crashPoint,
            String lastOp) throws IOException {
        computeCoverage();
        decide();
        InodeTree tree = baseline.copy();
        Map<Integer, Content> content = new HashMap<>();
        baselineContent.forEach((inode, bytes) -> content.put(inode, new Content(bytes)));
        replay(tree, content);
        write(tree, content, target);
        return new PowerCut(target, crashPoint, lastOp, mode, losses);
    }

    private void computeCoverage() {
        for (RecordedOp op : ops) {
            if (op instanceof SyncFile s) {
                fileCovered.merge(s.inode(), s.covers(), Math::max);
            } else if (op instanceof SyncDirectory s) {
                dirCovered.merge(s.dir(), s.covers(), Math::max);
            }
        }
    }

    private boolean dirDurable(int number, int dir) {
        return number < dirCovered.getOrDefault(dir, 0);
    }

    private boolean durable(int number, RecordedOp op) {
        return switch (op) {
            case Create c -> dirDurable(number, c.dir());
            case Rename r -> dirDurable(number, r.fromDir()) && dirDurable(number, r.toDir());
            case Delete d -> dirDurable(number, d.dir());
            case Write w -> number < fileCovered.getOrDefault(w.inode(), 0);
            case Truncate t -> number < fileCovered.getOrDefault(t.inode(), 0);
            case SyncFile s -> true;
            case SyncDirectory s -> true;
        };
    }

    private static int contentInode(RecordedOp op) {
        return switch (op) {
            case Write w -> w.inode();
            case Truncate t -> t.inode();
            default -> -1;
        };
    }

    /** Decides the fate of every non-durable operation, drawing from {@link #rnd} in log order. */
    private void decide() {
        Map<Integer, List<Integer>> pending = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            RecordedOp op = ops.get(i);
            int inode = contentInode(op);
            if (inode >= 0) {
                if (!durable(i + 1, op)) {
                    pending.computeIfAbsent(inode, k -> new ArrayList<>()).add(i);
                }
                continue;
            }
            kept[i] = durable(i + 1, op) || switch (mode.kind()) {
                case PESSIMISTIC -> false;
                case NO_LOSS -> true;
                case RANDOM -> rnd.nextBoolean();
            };
            if (!kept[i]) {
                losses.add("undone: op " + (i + 1) + ": " + op.describe());
            }
        }
        // files in the order of their first unsynced change, for a deterministic draw
        List<Map.Entry<Integer, List<Integer>>> files = new ArrayList<>(pending.entrySet());
        files.sort((a, b) -> Integer.compare(a.getValue().get(0), b.getValue().get(0)));
        for (Map.Entry<Integer, List<Integer>> f : files) {
            decideContent(f.getKey(), f.getValue());
        }
    }

    private void decideContent(int inode, List<Integer> pendingOps) {
        int p = pendingOps.size();
        int whole;
        long tornBytes = -1;
        switch (mode.kind()) {
            case PESSIMISTIC -> whole = 0;
            case NO_LOSS -> whole = p;
            default -> {
                int pick = rnd.nextInt(3);
                whole = pick == 0 ? 0 : pick == 1 ? p : rnd.nextInt(p + 1);
                if (whole < p && ops.get(pendingOps.get(whole)) instanceof Write w && w.bytes().length >= 2 && rnd.nextBoolean()) {
                    tornBytes = tearAt(w.position(), w.bytes().length) - w.position();
                }
            }
        }
        contentFate.put(inode, new long[] {whole, tornBytes});
        if (whole < p) {
            RecordedOp first = ops.get(pendingOps.get(whole));
            String path = first instanceof Write w ? w.path() : ((Truncate) first).path();
            String torn = tornBytes < 0 ? "" : "; of op " + (pendingOps.get(whole) + 1) + " ("
                    + first.describe() + ") only the first " + tornBytes + " bytes reached the disk";
            losses.add("file " + path + ": kept " + whole + " of its " + p + " unsynced change(s)" + torn);
        }
    }

    /** A file offset inside the write [pos, pos + len) where the device stopped: a sector, a page or any byte. */
    private long tearAt(long pos, int len) {
        int unit = switch (rnd.nextInt(3)) {
            case 0 -> 512;
            case 1 -> 4096;
            default -> 1;
        };
        long first = (pos / unit + 1) * unit;
        long last = ((pos + len - 1) / unit) * unit;
        if (first > last) {
            first = pos + 1;
            last = pos + len - 1;
            unit = 1;
        }
        return first + unit * rnd.nextLong((last - first) / unit + 1);
    }

    private void replay(InodeTree tree, Map<Integer, Content> content) {
        Map<Integer, Integer> pendingSeen = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            RecordedOp op = ops.get(i);
            switch (op) {
                case Create c -> {
                    tree.define(c.inode(), c.directory());
                    if (!c.directory()) {
                        content.put(c.inode(), new Content(new byte[0]));
                    }
                    if (kept[i]) {
                        tree.link(c.dir(), c.name(), c.inode());
                    }
                }
                case Rename r -> {
                    if (kept[i]) {
                        tree.link(r.toDir(), r.toName(), r.inode());
                    }
                }
                case Delete d -> {
                    if (kept[i]) {
                        tree.unlink(d.inode());
                    }
                }
                case Write w -> {
                    long n = survivingBytes(i, w.inode(), w.bytes().length, pendingSeen);
                    if (n > 0) {
                        content.get(w.inode()).write(w.position(), w.bytes(), (int) n);
                    }
                }
                case Truncate t -> {
                    if (survivingBytes(i, t.inode(), 1, pendingSeen) == 1) {
                        content.get(t.inode()).truncate(t.size());
                    }
                }
                case SyncFile s -> {
                }
                case SyncDirectory s -> {
                }
            }
        }
    }

    /** How much of content change {@code i} (of {@code length} bytes; 1 for a truncate) survives. */
    private long survivingBytes(int i, int inode, int length, Map<Integer, Integer> pendingSeen) {
        if (durable(i + 1, ops.get(i))) {
            return length;
        }
        int nth = pendingSeen.merge(inode, 1, Integer::sum) - 1;
        long[] fate = contentFate.get(inode);
        if (nth < fate[0]) {
            return length;
        }
        return nth == fate[0] && fate[1] >= 0 ? fate[1] : 0;
    }

    private static void write(InodeTree tree, Map<Integer, Content> content, Path target) throws IOException {
        Files.createDirectories(target);
        try (var s = Files.list(target)) {
            if (s.findAny().isPresent()) {
                throw new IllegalArgumentException("cannot materialize a power cut into " + target + ": the directory is not empty");
            }
        }
        writeDir(tree, content, InodeTree.ROOT, target, new HashSet<>());
    }

    private static void writeDir(InodeTree tree, Map<Integer, Content> content, int dir, Path at, Set<Integer> seen)
            throws IOException {
        if (!seen.add(dir)) {
            return; // a cycle made of kept and undone directory renames; stop rather than loop
        }
        for (Map.Entry<String, Integer> e : tree.entries(dir).entrySet()) {
            Path p = at.resolve(e.getKey());
            int inode = e.getValue();
            if (tree.isDirectory(inode)) {
                Files.createDirectory(p);
                writeDir(tree, content, inode, p, seen);
            } else {
                Files.write(p, content.get(inode).bytes());
            }
        }
    }

    /** A file's bytes while replaying; writes past the end leave zeros between, as a hole reads. */
    private static final class Content {
        private byte[] data;
        private int length;

        Content(byte[] initial) {
            data = initial.clone();
            length = initial.length;
        }

        void write(long position, byte[] src, int n) {
            long end = position + n;
            if (end > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("cannot rebuild a file of " + end + " bytes: the crash layer keeps files in memory and is for small test workloads");
            }
            if (end > data.length) {
                data = Arrays.copyOf(data, (int) Math.max(end, data.length * 2L));
            }
            if (position > length) {
                Arrays.fill(data, length, (int) position, (byte) 0);
            }
            System.arraycopy(src, 0, data, (int) position, n);
            length = (int) Math.max(length, end);
        }

        void truncate(long size) {
            if (size < length) {
                length = (int) size;
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(data, length);
        }
    }
}
