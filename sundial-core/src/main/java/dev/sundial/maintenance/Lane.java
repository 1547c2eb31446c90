package dev.sundial.maintenance;

/**
 * One worker thread of the maintenance pool: runs its round when asked ({@link #request()}) and
 * every {@code intervalMillis}. Requests coalesce: however many arrive while a round runs or waits,
 * they cause at most one more round (the trigger "queue" is one flag, so triggers never block and
 * never grow memory). A round must not throw; it reports its own failures.
 *
 * <p>Thread-safe. The lane's monitor is held only to read and set its flags, never while a round
 * runs, so {@link #request()} returns at once even while a long step runs.
 */
final class Lane {
    private final Runnable round;
    private final long intervalNanos;
    private final Thread thread;
    private boolean requested;
    private boolean running;
    private boolean stopped;
    private long completed;

    /** @param intervalMillis time between rounds without requests; 0 or less: only on request */
    Lane(String threadName, long intervalMillis, Runnable round) {
        this.round = round;
        this.intervalNanos = intervalMillis > 0 ? intervalMillis * 1_000_000L : 0;
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks for a round soon; returns at once. */
    synchronized void request() {
        requested = true;
        notifyAll();
    }

    /** Waits until a round that is running or requested has completed (or the lane stopped). */
    synchronized void awaitIdle() {
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
                long deadline = intervalNanos > 0 ? System.nanoTime() + intervalNanos : Long.MAX_VALUE;
                while (!requested && !stopped) {
                    long waitNanos = deadline == Long.MAX_VALUE ? 60_000_000_000L : deadline - System.nanoTime();
                    if (waitNanos <= 0) {
                        break;
                    }
                    try {
                        wait(Math.max(1, Math.min(waitNanos / 1_000_000L, 60_000)));
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
                round.run();
            } finally {
                synchronized (this) {
                    running = false;
                    completed++;
                    notifyAll();
                }
            }
        }
    }

    /**
     * Stops the thread after its running round (never interrupts it: an interrupt closes the
     * FileChannel a step is writing through). Called from the lane's own thread it only marks it stopped.
     */
    void stop() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        if (Thread.currentThread() == thread || thread.getState() == Thread.State.NEW) {
            return;
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
