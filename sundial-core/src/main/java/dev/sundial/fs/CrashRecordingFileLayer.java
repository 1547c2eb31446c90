package dev.sundial.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated power loss, after SQLite's crash VFS, ALICE and CrashMonkey: a {@link FileLayer} over a
 * real directory ({@code root}) that performs every operation for real and logs each mutating one
 * (create, write with its bytes, truncate, file fsync, rename, delete, mkdir, directory fsync).
 * {@link #materialize} then builds, in another directory, the tree as a power cut right after any
 * logged operation could have left it; a test reopens the database there and checks it.
 *
 * <h2>The model (Linux, ext4-like, as POSIX promises rather than as ext4 happens to behave)</h2>
 * <ul>
 *   <li>A file's content is durable as of its last fsync ({@code force}, with or without
 *       metadata; {@code SYNC}/{@code DSYNC} channels fsync every write). Changes after it may be
 *       lost, kept, or torn: the file keeps a prefix of its unsynced writes and truncates, in
 *       order, and the write after that prefix may be cut at a 512-byte sector, a 4 KiB page or
 *       an arbitrary byte. Bytes never written never appear (no garbage, no zero-filled
 *       extension beyond the last surviving write).</li>
 *   <li>A create, mkdir, rename or delete is durable once its directory is fsynced after it; a
 *       rename between directories needs both. Until then it may be undone: a created name
 *       vanishes, a deleted name comes back, a renamed file is back under its old name and the
 *       name it took holds what it held before.</li>
 *   <li>fsync of a file makes its data durable, not its name: a new file whose directory was not
 *       fsynced may vanish with its synced content.</li>
 *   <li>Atomic: a rename, including over an existing file (the target holds the old or the new
 *       inode, whole, never neither); each directory change is all or nothing. Directory changes
 *       are decided independently of each other (ext4's ordered journal is kinder: it keeps a
 *       prefix), but always act on the same inode, so undoing one never makes another touch a
 *       different file.</li>
 *   <li>A sync covers the operations logged before it started, not those racing with it.</li>
 * </ul>
 * Not modelled: garbage or zeros in a file's unsynced extension (XFS, ext4 data=writeback),
 * reordered writes inside a file, bit rot, lost synced data; use fault injection or the fuzzer for
 * those.
 *
 * <h2>Use</h2>
 * Everything under {@code root} must change only through this layer while recording (the layer
 * snapshots the tree when created and follows it by inodes, see {@link InodeTree}); hard links and
 * symbolic links under it are not supported, and writes through a read-write memory mapping are
 * refused. Paths outside {@code root} pass through unrecorded; a move across its boundary is
 * refused. Reads go to the real files. It keeps every written byte in memory: it is for tests with
 * small workloads (a few MB), not for production. Stacked over a {@link FaultInjectingFileLayer},
 * it records what a failed or short write really wrote.
 *
 * <p>Thread-safe: mutating operations are performed and logged under one lock, so the log order is
 * the order in which they happened; fsyncs run outside it.
 */
public final class CrashRecordingFileLayer extends ForwardingFileLayer {
    private final Path root;
    private final Object lock = new Object();
    /** The tree as it is now; guarded by {@link #lock}. */
    private final InodeTree live = new InodeTree();
    private final InodeTree baseline;
    private final Map<Integer, byte[]> baselineContent = new HashMap<>();
    /** Operation n is at index n - 1; guarded by {@link #lock}. */
    private final List<RecordedOp> log = new ArrayList<>();

    /**
     * Starts recording over {@code root}, an existing directory whose current content counts as
     * durable.
     */
    public CrashRecordingFileLayer(FileLayer delegate, Path root) throws IOException {
        super(delegate);
        this.root = root.toAbsolutePath().normalize();
        if (!delegate.isDirectory(this.root)) {
            throw new IllegalArgumentException("cannot record file operations under " + root + ": not a directory");
        }
        List<Path> all = delegate.walk(this.root);
        for (Path p : all.subList(1, all.size())) {
            List<String> names = names(p);
            int parent = live.lookup(names.subList(0, names.size() - 1));
            boolean dir = delegate.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            if (!dir && !delegate.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("cannot record file operations under " + root + ": " + p
                        + " is neither a regular file nor a directory");
            }
            int inode = live.allocate(dir);
            live.link(parent, names.get(names.size() - 1), inode);
            if (!dir) {
                baselineContent.put(inode, delegate.readAllBytes(p));
            }
        }
        this.baseline = live.copy();
    }

    /** The recorded directory. */
    public Path root() {
        return root;
    }

    /** How many operations were logged; crash points run from 0 (before the first) to this. */
    public int operationCount() {
        synchronized (lock) {
            return log.size();
        }
    }

    /** Operation {@code n} (from 1) as text, e.g. "rename wal/wal-5.log.tmp -&gt; wal/wal-5.log". */
    public String describe(int n) {
        synchronized (lock) {
            if (n == 0) {
                return "before the first operation";
            }
            if (n < 0 || n > log.size()) {
                throw new IllegalArgumentException("cannot describe operation " + n + ": " + log.size() + " were recorded");
            }
            return log.get(n - 1).describe();
        }
    }

    /**
     * Builds at {@code target} (absent or empty) the tree as a power cut right after operation
     * {@code crashPoint} (0: before the first) may leave it under {@code mode}.
     */
    public PowerCut materialize(int crashPoint, Path target, CrashMode mode) throws IOException {
        List<RecordedOp> prefix;
        synchronized (lock) {
            if (crashPoint < 0 || crashPoint > log.size()) {
                throw new IllegalArgumentException("cannot cut power after operation " + crashPoint + ": "
                        + log.size() + " were recorded");
            }
            prefix = List.copyOf(log.subList(0, crashPoint));
        }
        String last = crashPoint == 0 ? "before the first operation" : prefix.get(crashPoint - 1).describe();
        return new PowerCutMaterializer(prefix, mode).materialize(baseline, baselineContent, target, crashPoint, last);
    }

    // ---- recording helpers ----

    /** The names of {@code p} below the root, or null when it is outside. */
    private List<String> names(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Path n : root.relativize(abs)) {
            if (!n.toString().isEmpty()) {
                out.add(n.toString());
            }
        }
        return out;
    }

    /** The inode at {@code names}; fails when the real tree changed behind the layer's back. */
    private int inodeOf(List<String> names, Path p) {
        int inode = live.lookup(names);
        if (inode < 0) {
            throw new IllegalStateException("cannot record an operation on " + p + ": it is not in the recorded tree"
                    + " (was it changed without going through the layer?)");
        }
        return inode;
    }

    private static <T> List<T> parentOf(List<T> names) {
        return names.subList(0, names.size() - 1);
    }

    /** Logs {@code op}; call with {@link #lock} held. */
    private void append(RecordedOp op) {
        log.add(op);
    }

    /** The number the next logged operation will get: a sync starting now covers everything below. */
    int nextNumber() {
        synchronized (lock) {
            return log.size() + 1;
        }
    }

    Object lock() {
        return lock;
    }

    void recordWrite(int inode, long position, byte[] bytes) {
        synchronized (lock) {
            append(new RecordedOp.Write(inode, position, bytes, live.path(inode)));
        }
    }

    void recordTruncate(int inode, long size) {
        synchronized (lock) {
            append(new RecordedOp.Truncate(inode, size, live.path(inode)));
        }
    }

    void recordSync(int inode, boolean directory, int covers) {
        synchronized (lock) {
            append(directory ? new RecordedOp.SyncDirectory(inode, covers, live.path(inode))
                    : new RecordedOp.SyncFile(inode, covers, live.path(inode)));
        }
    }

    // ---- FileLayer ----

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        List<String> names = names(file);
        if (names == null) {
            return delegate.open(file, options);
        }
        List<OpenOption> opts = Arrays.asList(options);
        boolean writable = opts.contains(StandardOpenOption.WRITE) || opts.contains(StandardOpenOption.APPEND);
        synchronized (lock) {
            int inode = live.lookup(names);
            boolean truncating = inode >= 0 && writable && opts.contains(StandardOpenOption.TRUNCATE_EXISTING)
                    && !live.isDirectory(inode) && delegate.size(file) > 0;
            int dir = inode < 0 && !names.isEmpty() ? live.lookup(parentOf(names)) : -1;
            FileChannel ch = delegate.open(file, options);
            if (inode < 0) {
                if (dir < 0) {
                    ch.close();
                    inodeOf(parentOf(names), file.getParent()); // throws: the parent is unknown
                }
                inode = live.allocate(false);
                live.link(dir, names.get(names.size() - 1), inode);
                append(new RecordedOp.Create(dir, names.get(names.size() - 1), inode, false, live.path(inode)));
            } else if (truncating) {
                append(new RecordedOp.Truncate(inode, 0, live.path(inode)));
            }
            boolean sync = opts.contains(StandardOpenOption.SYNC) || opts.contains(StandardOpenOption.DSYNC);
            return new RecordingChannel(this, ch, inode, live.isDirectory(inode), opts.contains(StandardOpenOption.APPEND), sync);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        List<String> from = names(source);
        List<String> to = names(target);
        if (from == null && to == null) {
            delegate.move(source, target, options);
            return;
        }
        if (from == null || to == null) {
            throw new UnsupportedOperationException("cannot record a move across the recorded directory " + root + ": "
                    + source + " -> " + target);
        }
        synchronized (lock) {
            delegate.move(source, target, options);
            int inode = inodeOf(from, source);
            String fromPath = live.path(inode);
            int fromDir = live.parent(inode);
            int toDir = inodeOf(parentOf(to), target.getParent());
            live.link(toDir, to.get(to.size() - 1), inode);
            append(new RecordedOp.Rename(inode, fromDir, toDir, to.get(to.size() - 1), fromPath, live.path(inode)));
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        List<String> names = names(path);
        if (names == null) {
            delegate.delete(path);
            return;
        }
        synchronized (lock) {
            delegate.delete(path);
            recordDelete(names, path);
        }
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        List<String> names = names(path);
        if (names == null) {
            return delegate.deleteIfExists(path);
        }
        synchronized (lock) {
            boolean deleted = delegate.deleteIfExists(path);
            if (deleted) {
                recordDelete(names, path);
            }
            return deleted;
        }
    }

    private void recordDelete(List<String> names, Path path) {
        int inode = inodeOf(names, path);
        String p = live.path(inode);
        int dir = live.parent(inode);
        live.unlink(inode);
        append(new RecordedOp.Delete(inode, dir, live.isDirectory(inode), p));
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        List<String> names = names(dir);
        if (names == null) {
            delegate.createDirectory(dir);
            return;
        }
        synchronized (lock) {
            delegate.createDirectory(dir);
            int parent = inodeOf(parentOf(names), dir.getParent());
            int inode = live.allocate(true);
            live.link(parent, names.get(names.size() - 1), inode);
            append(new RecordedOp.Create(parent, names.get(names.size() - 1), inode, true, live.path(inode)));
        }
    }

    @Override
    public List<Path> list(Path dir, String glob) throws IOException {
        return delegate.list(dir, glob);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        List<String> names = names(dir);
        if (names == null) {
            delegate.syncDirectory(dir);
            return;
        }
        int inode;
        int covers;
        synchronized (lock) {
            inode = live.lookup(names);
            covers = log.size() + 1;
        }
        delegate.syncDirectory(dir);
        if (inode < 0) {
            inodeOf(names, dir); // throws: synced a directory the recording does not know
        }
        recordSync(inode, true, covers);
    }
}
