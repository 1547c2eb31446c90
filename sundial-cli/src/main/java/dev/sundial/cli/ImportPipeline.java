package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Overlaps the three stages of a bulk import: the calling thread parses into a batch; a commit
 * thread writes each batch to the WAL and applies it, in order; a sync thread waits for each
 * batch's WAL record to be durable (the fsync, shared by group commit). A batch is reused as soon as
 * it is applied, so parsing never waits for an fsync. Everything is bounded: {@value #BATCHES}
 * batches and at most {@value #IN_FLIGHT_SYNCS} records awaiting durability.
 *
 * <p>{@link #finish()} returns once every handed-over batch is durable; a failure in either thread
 * is rethrown to the parsing thread at its next hand-over or at {@code finish()}. The commit thread
 * adds up how many rows replaced existing ones ({@link #replaced()}, exact once
 * {@link #awaitCommitted()} or {@code finish()} returned). Used by one parsing thread.
 */
final class ImportPipeline implements AutoCloseable {
    /** Counters of an import. */
    static final class Result {
        long rows;
        long points;
        long skipped;
        /** Rows that replaced a row of the same series and timestamp (stored, or earlier in the import). */
        long replaced;
    }

    static final int BATCHES = 3;
    static final int IN_FLIGHT_SYNCS = 4;
    private static final long STOP = Long.MIN_VALUE;

    private final Sundial db;
    private final BlockingQueue<WriteBatch> toCommit = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<WriteBatch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Long> toSync = new ArrayBlockingQueue<>(IN_FLIGHT_SYNCS);
    private final Thread committer;
    private final Thread syncer;
    private volatile Throwable failure;
    /** The last (empty) batch handed over by {@link #finish()}: the commit thread ends after it. */
    private volatile WriteBatch stop;
    private boolean finished;
    private WriteBatch current;
    /** Batches handed to the commit thread (parsing thread only). */
    private long handedOver;
    /** Batches the commit thread is done with, committed or failed. */
    private final java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong replaced = new java.util.concurrent.atomic.AtomicLong();

    ImportPipeline(Sundial db, int batchRows) {
        this.db = db;
        for (int i = 0; i < BATCHES; i++) {
            free.add(db.newBatch());
        }
        committer = new Thread(this::commitLoop, "sundial-import-commit");
        committer.setDaemon(true);
        syncer = new Thread(this::syncLoop, "sundial-import-sync");
        syncer.setDaemon(true);
        committer.start();
        syncer.start();
        current = take(free);
    }

    private void commitLoop() {
        while (true) {
            WriteBatch b;
            try {
                b = toCommit.take();
            } catch (InterruptedException e) {
                return;
            }
            // decided before b goes back to the free list, where finish() may take it as the stop batch
            boolean last = stop == b;
            try {
                if (failure == null) {
                    long seq = b.commitWithoutWaiting();
                    replaced.addAndGet(b.lastCommit().rowsReplaced());
                    if (seq >= 0) {
                        toSync.put(seq);
                    }
                }
            } catch (Throwable t) {
                failure = t;
                b.clear();
            } finally {
                // always hand the batch back (or end), even after an Error: the parsing thread
                // waits for a free batch and would otherwise wait forever
                if (last) {
                    putQuietly(toSync, STOP);
                } else {
                    committed.incrementAndGet(); // before the batch is free again: see awaitCommitted
                    free.add(b);
                }
            }
            if (last) {
                return;
            }
        }
    }

    private void syncLoop() {
        while (true) {
            long seq;
            try {
                seq = toSync.take();
            } catch (InterruptedException e) {
                return;
            }
            if (seq == STOP) {
                return;
            }
            try {
                if (failure == null) {
                    db.awaitDurable(seq);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    /** The batch the parser fills now. */
    WriteBatch batch() {
        return current;
    }

    /** Hands a full batch to the commit thread; returns the next batch to fill. */
    WriteBatch submit(WriteBatch b) throws IOException {
        rethrow();
        put(b);
        handedOver++;
        current = take(free);
        rethrow();
        return current;
    }

    /**
     * Waits until the commit thread is done with every batch handed over so far (visible, maybe not
     * yet durable), so that {@link #replaced()} counts them all; rethrows a failure.
     */
    void awaitCommitted() throws IOException {
        while (committed.get() < handedOver && failure == null) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        rethrow();
    }

    /** Rows of the committed batches that replaced a row of the same series and timestamp. */
    long replaced() {
        return replaced.get();
    }

    /** Commits everything handed over and waits until it is durable. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        WriteBatch last = take(free);
        stop = last;
        put(last);
        try {
            committer.join();
            syncer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("cannot finish import: interrupted", e);
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private void put(WriteBatch b) {
        try {
            toCommit.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cannot hand over batch: interrupted", e);
        }
    }

    private static void putQuietly(BlockingQueue<Long> q, long v) {
        boolean interrupted = false;
        while (true) {
            try {
                q.put(v);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static WriteBatch take(BlockingQueue<WriteBatch> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cannot take batch: interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finish();
        }
    }
}
