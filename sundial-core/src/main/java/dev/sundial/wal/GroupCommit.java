package dev.sundial.wal;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: appenders that need their records durable share fsyncs. Progress is tracked as a
 * sequence number: every record at or below {@code durable} is on stable storage.
 *
 * <p>An appender calls {@link #awaitDurable(long, Forcer)} with its record's sequence number. If
 * no fsync is running, it becomes the leader: it snapshots the last written sequence number,
 * forces the file (covering its own record and every record written before the snapshot,
 * including those of threads now waiting) and publishes the snapshot as durable. Otherwise it waits for the running
 * fsync, and leads the next one if that did not cover it. Under load, one fsync therefore
 * acknowledges every appender that wrote while the previous one ran.
 *
 * <p>A failed write or fsync {@link #fail fails} the log for good: after a failed fsync the kernel
 * may have dropped the dirty pages, so nothing written since the last good fsync can be trusted
 * to be on disk, and retrying would falsely acknowledge it. Every waiter and every later appender
 * gets an IOException carrying the first failure.
 *
 * <p>Thread-safe.
 */
final class GroupCommit {
    /** Forces the log and returns the last sequence number the force covered. */
    interface Forcer {
        long force() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long durable;

    /** @param durable the last sequence number already on stable storage when the log opens */
    GroupCommit(long durable) {
        this.durable = durable;
    }
    private boolean leading;
    private IOException failure;

    /** Returns once every record up to {@code target} is durable; forces with {@code forcer} if needed. */
    void awaitDurable(long target, Forcer forcer) throws IOException {
        lock.lock();
        try {
            while (durable < target) {
                throwIfFailed();
                if (leading) {
                    // not interruptible on purpose: the record is written, the caller must learn its fate
                    changed.awaitUninterruptibly();
                    continue;
                }
                leading = true;
                long covered = -1;
                IOException error = null;
                lock.unlock();
                try {
                    covered = forcer.force();
                } catch (IOException e) {
                    error = e;
                } finally {
                    lock.lock();
                    leading = false;
                    if (error != null) {
                        failLocked(error);
                    } else if (failure == null && covered > durable) {
                        durable = covered;
                    }
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Publishes {@code sequence} as durable (the caller forced every record up to it). */
    void markDurable(long sequence) {
        lock.lock();
        try {
            if (failure == null && sequence > durable) {
                durable = sequence;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails the log with {@code e} unless it already failed; wakes every waiter. */
    void fail(IOException e) {
        lock.lock();
        try {
            failLocked(e);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void failLocked(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** The first failure, or null. */
    IOException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    long durableSequence() {
        lock.lock();
        try {
            return durable;
        } finally {
            lock.unlock();
        }
    }

    /** Throws an IOException wrapping the first failure, if any. Caller holds {@link #lock}. */
    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw failedException(failure);
        }
    }

    static IOException failedException(IOException cause) {
        return new IOException("cannot append to write-ahead log: an earlier write or fsync failed, so durability of "
                + "later records cannot be promised; reopen the log to recover (" + cause.getMessage() + ")", cause);
    }
}
