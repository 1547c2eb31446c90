package dev.sundial.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a data directory by one process (DESIGN §3): an OS file lock on
 * {@code LOCK}, which also holds the owner's PID so that a second process can name it. The OS drops
 * the lock when the process dies, so a crash never leaves a stale lock behind.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails with a message naming the holder's PID. */
    public static DataDirectoryLock acquire(FileLayer fs, Path lockFile) throws IOException {
        FileChannel ch = fs.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            String holder;
            try {
                holder = new String(fs.readAllBytes(lockFile), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                holder = "unknown";
            }
            ch.close();
            throw new DataDirectoryLockedException(lockFile.getParent(), holder.isEmpty() ? "unknown" : holder);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new DataDirectoryLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another process (or another open in this JVM) holds the data directory. */
    public static final class DataDirectoryLockedException extends IOException {
        private final String holderPid;

        DataDirectoryLockedException(Path dir, String holderPid) {
            super("cannot open data directory " + dir + ": it is in use by process " + holderPid
                    + " (if that is a running 'sundial serve', query it with 'sundial sql --url http://127.0.0.1:7470 …';"
                    + " otherwise wait for it to finish, or stop it, then try again)");
            this.holderPid = holderPid;
        }

        public String holderPid() {
            return holderPid;
        }
    }
}
