package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Overlaps parsing with committing: the parsing thread fills a batch and hands it over; one commit
 * thread makes it durable and visible while the parser fills the other batch. Two batches in all,
 * so memory stays bounded and at most one batch is in flight. A commit failure is rethrown to the
 * parsing thread at its next hand-over or at {@link #finish()}.
 *
 * <p>Used by one parsing thread.
 */
final class ImportPipeline implements AutoCloseable {
    /** Counters of an import. */
    static final class Result {
        long rows;
        long points;
        long skipped;
    }

    private final BlockingQueue<WriteBatch> toCommit = new ArrayBlockingQueue<>(1);
    private final BlockingQueue<WriteBatch> free = new ArrayBlockingQueue<>(2);
    private final Thread committer;
    private volatile Throwable failure;
    /** The last (empty) batch handed over by {@link #finish()}: the commit thread ends after it. */
    private volatile WriteBatch stop;
    private boolean finished;
    private WriteBatch current;

    ImportPipeline(Sundial db, int batchRows) {
        free.add(db.newBatch());
        free.add(db.newBatch());
        committer = new Thread(this::commitLoop, "sundial-import-commit");
        committer.setDaemon(true);
        committer.start();
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
            try {
                if (failure == null) {
                    b.commit();
                }
            } catch (Throwable t) {
                failure = t;
                b.clear();
            }
            if (stop == b) {
                return;
            }
            free.add(b);
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
        current = take(free);
        rethrow();
        return current;
    }

    /** Commits everything handed over and waits for it. */
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
