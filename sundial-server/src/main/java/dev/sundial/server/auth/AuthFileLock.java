package dev.sundial.server.auth;

import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that serializes the writers of one credential file ({@code auth/tokens.lock} for
 * {@link TokenStore}, {@code auth/users.lock} for {@link UserStore}) across processes and threads:
 * a lock of this JVM per lock file (an OS file lock is per process, so two stores of one process
 * would otherwise both hold it), then the OS lock on the file. The holder writes its PID into the
 * file, so that a writer that waits too long can name it. The lock file is never deleted: deleting
 * a lock file lets two writers hold locks on different inodes. Close it to release both locks;
 * used by one thread.
 */
final class AuthFileLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> WRITERS = new ConcurrentHashMap<>();

    private final ReentrantLock jvm;
    private final FileChannel channel;
    private final FileLock lock;

    private AuthFileLock(ReentrantLock jvm, FileChannel channel, FileLock lock) {
        this.jvm = jvm;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes both locks on {@code lockFile} (creating {@code authDir} durably and the file if
     * needed), waiting up to {@code wait}.
     *
     * @param what  the change that needs the lock, for messages ({@code add token "x"})
     * @param other what else may hold it, for messages ({@code another sundial token command?})
     */
    static AuthFileLock acquire(FileLayer fs, Path authDir, Path lockFile, Duration wait, String what, String other) throws IOException {
        fs.createDirectoriesDurably(authDir);
        Path key;
        try {
            key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            key = lockFile.toAbsolutePath().normalize();
        }
        ReentrantLock jvm = WRITERS.computeIfAbsent(key, k -> new ReentrantLock());
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!jvm.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("cannot " + what + ": another writer in this process has held " + lockFile
                        + " for more than " + wait.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cannot " + what + ": interrupted while waiting for " + lockFile);
        }
        FileChannel ch = null;
        try {
            ch = fs.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // held through another channel of this JVM, outside any store
                }
                if (l != null) {
                    // the holder's PID, for the message of a writer that waits too long (no fsync: a hint only)
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                    return new AuthFileLock(jvm, ch, l);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("cannot " + what + ": " + lockFile + " has been held by " + holderOf(fs, lockFile)
                            + " for more than " + wait.toMillis() + " ms (" + other + ")");
                }
                Thread.sleep(20);
            }
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch, e);
            jvm.unlock();
            throw e;
        } catch (InterruptedException e) {
            closeQuietly(ch, e);
            jvm.unlock();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cannot " + what + ": interrupted while waiting for " + lockFile);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        } finally {
            jvm.unlock();
        }
    }

    private static String holderOf(FileLayer fs, Path lock) {
        try {
            String pid = new String(fs.readAllBytes(lock), StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "another process" : "process " + pid;
        } catch (IOException e) {
            return "another process";
        }
    }

    private static void closeQuietly(FileChannel ch, Throwable failure) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }
}
