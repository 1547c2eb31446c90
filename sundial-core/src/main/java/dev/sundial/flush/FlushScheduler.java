package dev.sundial.flush;

import java.io.IOException;

/**
 * Runs flushes on one background thread ("sundial-flush"): when asked (memory or WAL pressure) and
 * at a fixed interval. Failures are logged and retried at the next trigger; the frozen data stays
 * readable and in the WAL meanwhile.
 *
 * <p>Thread-safe.
 */
public final class FlushScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FlushScheduler.class.getName());

    /** The flush to run. */
    @FunctionalInterface
    public interface FlushAction {
        void run() throws IOException;
    }

    private final FlushAction action;
    private final long intervalMillis;
    private final Thread thread;
    private boolean requested;
    private boolean running;
    private boolean stopped;
    private long completed;

    public FlushScheduler(FlushAction action, long intervalMillis) {
        this.action = action;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::loop, "sundial-flush");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a flush soon; returns at once. */
    public synchronized void request() {
        requested = true;
        notifyAll();
    }

    /** Waits until a flush that is running or requested has completed. */
    public synchronized void awaitIdle() {
        long target = completed + (running ? 1 : 0) + (requested ? 1 : 0);
        boolean interrupted = false;
        while (!stopped && completed < target) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (true) {
            synchronized (this) {
                long deadline = intervalMillis > 0 ? System.currentTimeMillis() + intervalMillis : Long.MAX_VALUE;
                while (!requested && !stopped) {
                    long wait = deadline - System.currentTimeMillis();
                    if (wait <= 0) {
                        break;
                    }
                    try {
                        wait(Math.min(wait, 60_000));
                    } catch (InterruptedException e) {
                        stopped = true;
                    }
                }
                if (stopped) {
                    notifyAll();
                    return;
                }
                requested = false;
                running = true;
            }
            try {
                action.run();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "background flush failed (will retry): " + e.getMessage(), e);
            } finally {
                synchronized (this) {
                    running = false;
                    completed++;
                    notifyAll();
                }
            }
        }
    }

    /** Stops the thread after any running flush; does not flush. */
    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
