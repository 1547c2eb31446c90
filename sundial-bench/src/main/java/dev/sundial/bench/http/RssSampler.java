package dev.sundial.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Polls a process's VmHWM (the kernel's own peak of resident memory) every 200 ms on a daemon
 * thread. Thread-safe.
 */
public final class RssSampler {
    private final Path status;
    private volatile long peakKib;
    private volatile boolean running = true;
    private final Thread thread;

    public RssSampler(long pid) {
        this.status = Path.of("/proc/" + pid + "/status");
        this.thread = new Thread(this::loop, "rss-sampler");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("VmHWM:")) {
                    peakKib = Math.max(peakKib, Long.parseLong(l.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            running = false; // the process ended
        }
    }

    /** Starts a new peak from the current RSS (writes 5 to /proc/PID/clear_refs); false when the kernel refuses. */
    public boolean resetPeak() {
        try {
            Files.writeString(status.resolveSibling("clear_refs"), "5");
            peakKib = 0;
            sample();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public long peakKib() {
        sample();
        return peakKib;
    }

    public void stop() {
        running = false;
        thread.interrupt();
    }
}
