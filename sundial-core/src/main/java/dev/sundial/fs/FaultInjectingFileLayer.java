package dev.sundial.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link FileLayer} over another one that injects the failures of a sick or full disk: I/O errors
 * ({@link Errno#EIO}, {@link Errno#ENOSPC}) on any kind of call, short writes, and writes that
 * write part of their bytes and then fail, as described by {@link FaultRule}s; and a free-space
 * budget that makes the disk full ({@link #limitFreeSpace}). For tests, benchmarks and the CLI's
 * fault drills; production uses {@link FileLayer#REAL}.
 *
 * <p>Injected errors carry the JDK's own exception types and Linux messages ({@link Errno}), so
 * the engine handles them exactly as real ones. {@link #injected()} lists what was injected, for
 * test failure messages.
 *
 * <p>The free-space budget counts bytes of file length, not blocks: a write consumes what it adds
 * to its file's length (overwriting costs nothing), a truncate, delete or rename over a file gives
 * its length back (at once, even while the deleted file is still open). A write that does not fit
 * writes what fits and throws ENOSPC, as write(2) on a full ext4 does.
 *
 * <p>Thread-safe. Writes through its channels are serialized (to account free space exactly);
 * reads, forces and metadata calls are not.
 */
public final class FaultInjectingFileLayer extends ForwardingFileLayer {
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final List<String> injected = new ArrayList<>();
    private final Object space = new Object();
    /** Bytes that may still be added to files; negative: unlimited. Guarded by {@link #space}. */
    private long freeBytes = -1;

    public FaultInjectingFileLayer(FileLayer delegate) {
        super(delegate);
    }

    /** Adds a rule after the existing ones and returns it (to read its counters later). */
    public FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    /** Removes a rule; calls after this are no longer counted or failed by it. */
    public void remove(FaultRule rule) {
        rules.remove(rule);
    }

    /** Removes every rule (the free-space budget stays). */
    public void clearRules() {
        rules.clear();
    }

    /** Makes the disk hold only {@code bytes} more bytes of file content from now on. */
    public void limitFreeSpace(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot limit free space to " + bytes + " bytes");
        }
        synchronized (space) {
            freeBytes = bytes;
        }
    }

    /** Removes the free-space budget. */
    public void unlimitFreeSpace() {
        synchronized (space) {
            freeBytes = -1;
        }
    }

    /** Bytes still free under the budget, or -1 when there is none. */
    public long freeSpace() {
        synchronized (space) {
            return freeBytes;
        }
    }

    /** One line per injected fault, in order: operation, path, error, and the rule. */
    public List<String> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    private void note(String line) {
        synchronized (injected) {
            injected.add(line);
        }
    }

    /**
     * Finds the first rule firing on this call. Throws for a failing rule; returns a write rule
     * (short or partial) for the caller to apply, or null.
     */
    private FaultRule check(FileOp op, Path path, Path other) throws IOException {
        for (FaultRule r : rules) {
            if (r.fires(op, path, other)) {
                if (r.action != FaultRule.Action.FAIL) {
                    return r;
                }
                note(op + " " + path + (other == null ? "" : " -> " + other) + ": " + r.errno.message() + " (rule: " + r + ")");
                throw switch (op) {
                    case READ, WRITE, TRUNCATE, FORCE -> r.errno.channelException();
                    case SYNC_DIRECTORY -> new IOException("cannot fsync directory " + path + ": " + r.errno.message());
                    default -> r.errno.pathException(path, other);
                };
            }
        }
        return null;
    }

    private interface Removal {
        boolean run() throws IOException;
    }

    /** Runs {@code action}, which may remove or replace {@code path}, and gives its length back to the budget. */
    private boolean freeing(Path path, Removal action) throws IOException {
        long before = -1;
        synchronized (space) {
            if (freeBytes >= 0 && delegate.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                before = delegate.size(path);
            }
        }
        boolean done = action.run();
        if (done && before > 0) {
            synchronized (space) {
                if (freeBytes >= 0) {
                    freeBytes += before;
                }
            }
        }
        return done;
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        List<OpenOption> opts = Arrays.asList(options);
        boolean creating = opts.contains(StandardOpenOption.CREATE_NEW)
                || (opts.contains(StandardOpenOption.CREATE) && !delegate.exists(file));
        check(creating ? FileOp.CREATE : FileOp.OPEN, file, null);
        boolean truncating = !creating && opts.contains(StandardOpenOption.TRUNCATE_EXISTING)
                && (opts.contains(StandardOpenOption.WRITE) || opts.contains(StandardOpenOption.APPEND));
        FileChannel[] ch = new FileChannel[1];
        if (truncating) {
            freeing(file, () -> {
                ch[0] = delegate.open(file, options);
                return true;
            });
        } else {
            ch[0] = delegate.open(file, options);
        }
        return new FaultInjectingChannel(this, file, ch[0], opts.contains(StandardOpenOption.APPEND));
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        check(FileOp.RENAME, source, target);
        if (Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING)) {
            freeing(target, () -> {
                delegate.move(source, target, options);
                return true;
            });
        } else {
            delegate.move(source, target, options);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        check(FileOp.DELETE, path, null);
        freeing(path, () -> {
            delegate.delete(path);
            return true;
        });
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        check(FileOp.DELETE, path, null);
        return freeing(path, () -> delegate.deleteIfExists(path));
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        check(FileOp.MKDIR, dir, null);
        delegate.createDirectory(dir);
    }

    @Override
    public List<Path> list(Path dir, String glob) throws IOException {
        check(FileOp.LIST, dir, null);
        return delegate.list(dir, glob);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        check(FileOp.SYNC_DIRECTORY, dir, null);
        delegate.syncDirectory(dir);
    }

    // ---- channel operations, called by FaultInjectingChannel ----

    void beforeChannelOp(FileOp op, Path file) throws IOException {
        check(op, file, null);
    }

    /**
     * Writes {@code src} at {@code position} (or at the channel position when negative), applying
     * a firing write rule and the free-space budget.
     */
    int write(FaultInjectingChannel c, ByteBuffer src, long position) throws IOException {
        FaultRule rule = check(FileOp.WRITE, c.path, null);
        synchronized (space) {
            int want = src.remaining();
            int limit = want;
            Errno failAfter = null;
            String why = null;
            if (rule != null) {
                limit = Math.min(limit, rule.bytes);
                if (rule.action == FaultRule.Action.PART_THEN_FAIL) {
                    failAfter = rule.errno;
                }
                why = "rule: " + rule;
            }
            long size = -1;
            long at = -1;
            if (freeBytes >= 0) {
                size = c.delegate.size();
                at = position >= 0 ? position : c.append ? size : c.delegate.position();
                long fits = Math.max(0, size + freeBytes - at);
                if (limit > fits) {
                    limit = (int) fits;
                    failAfter = Errno.ENOSPC;
                    why = "free-space budget of " + freeBytes + " bytes exhausted";
                }
            }
            int n = 0;
            try {
                n = writePrefix(c.delegate, src, limit, position);
            } finally {
                if (size >= 0) {
                    freeBytes -= Math.max(0, at + n - size);
                }
            }
            if (why != null && (failAfter != null || n < want)) {
                note("WRITE " + c.path + ": wrote " + n + " of " + want + " bytes"
                        + (failAfter == null ? "" : ", then " + failAfter.message()) + " (" + why + ")");
            }
            if (failAfter != null) {
                throw failAfter.channelException();
            }
            return n;
        }
    }

    /** Writes the first {@code limit} remaining bytes of {@code src}, advancing it by what was written. */
    private static int writePrefix(FileChannel ch, ByteBuffer src, int limit, long position) throws IOException {
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + limit);
        int start = part.position();
        try {
            while (part.hasRemaining()) {
                if (position >= 0) {
                    ch.write(part, position + part.position() - start);
                } else {
                    ch.write(part);
                }
            }
        } finally {
            src.position(part.position());
        }
        return part.position() - start;
    }

    /** Accounts a truncate of a channel's file from {@code before} to {@code after} bytes. */
    void truncated(long before, long after) {
        synchronized (space) {
            if (freeBytes >= 0 && after < before) {
                freeBytes += before - after;
            }
        }
    }
}
