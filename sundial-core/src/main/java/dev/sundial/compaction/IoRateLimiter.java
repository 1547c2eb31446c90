package dev.sundial.compaction;

import java.io.InterruptedIOException;

/**
 * A token bucket bounding the bytes a background rewrite writes per second, so that compaction
 * does not starve flushes and queries of disk bandwidth. The bucket holds at most one second of
 * tokens (a burst after an idle spell); {@link #acquire} takes a chunk's bytes and sleeps while the
 * balance is negative. A chunk larger than the bucket still passes (it drives the balance negative
 * and the next chunk waits), so the rate holds on average over any few seconds.
 *
 * <p>Thread-safe (one lock; writers of several compactions share one bucket when given the same).
 */
public final class IoRateLimiter {
    /**
     * 32 MiB/s: a tenth to a twentieth of the sequential write bandwidth of an ordinary SSD, so a
     * compaction leaves most of it to flushes and queries; a 1 GiB partition compacts in about
     * 30 s. A guess to revisit with a measurement of ingest while compacting.
     */
    public static final long DEFAULT_BYTES_PER_SECOND = 32L << 20;

    /** No bound (row deletes: a user waits for them, and they hold the flush lock). */
    public static final IoRateLimiter UNLIMITED = new IoRateLimiter(Long.MAX_VALUE);

    private final long bytesPerSecond;
    private double balance;
    private long lastNanos;

    /** @param bytesPerSecond the sustained rate; {@code Long.MAX_VALUE} for none */
    public IoRateLimiter(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("cannot limit compaction I/O to " + bytesPerSecond + " bytes/s: must be positive");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.balance = bytesPerSecond;
        this.lastNanos = System.nanoTime();
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Takes {@code bytes} tokens, sleeping until the balance allows it. */
    public void acquire(long bytes) throws InterruptedIOException {
        if (bytesPerSecond == Long.MAX_VALUE) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            balance = Math.min(bytesPerSecond, balance + (now - lastNanos) * (bytesPerSecond / 1e9));
            lastNanos = now;
            balance -= bytes;
            waitNanos = balance >= 0 ? 0 : (long) (-balance / bytesPerSecond * 1e9);
        }
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cannot wait for compaction I/O tokens: interrupted");
            }
        }
    }
}
