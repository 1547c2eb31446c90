package dev.sundial.bench.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A benchmark client for HTTP line-protocol ingest: POSTs pre-cut {@link RequestBodies} to one URL
 * ({@code /api/v2/write?bucket=…&precision=ns} or {@code /write?db=…}) over K concurrent keep-alive
 * HTTP/1.1 connections, each on its own thread taking the next unsent request, and reports what the
 * server accepted ({@link SendResult}). The HTTP is hand-written on plain sockets
 * ({@link HttpClientConnection}) so that the sender costs little of the CPU it shares with the server.
 *
 * <p>Every non-2xx response is a failure, kept with its status and body; an I/O error is a failure
 * too, and the connection is opened again for the next request. A send goes on after failures, so
 * that one bad request does not hide what the rest did. The clock starts once every connection is
 * open (or has failed to open) and stops at the last response.
 *
 * <p>Thread-safety: immutable; each {@link #send} uses threads and connections of its own.
 */
public final class LineProtocolHttpSender {
    public static final int DEFAULT_CONNECTIONS = 2;
    public static final int DEFAULT_LINES_PER_REQUEST = 10_000;
    /** Failure messages kept per send; the rest are only counted. */
    public static final int KEPT_FAILURES = 10;
    private static final int TIMEOUT_MILLIS = 120_000;

    private final HttpTarget target;
    private final int connections;
    private final String token;

    /**
     * @param url         {@code http://host:port/path?query} to POST to
     * @param connections concurrent connections, at least 1
     * @param token       sent as {@code Authorization: Token …}, or null for none
     */
    public LineProtocolHttpSender(String url, int connections, String token) {
        if (connections < 1) {
            throw new IllegalArgumentException("cannot create sender [connections=" + connections + "]: must be at least 1");
        }
        this.target = HttpTarget.parse(url);
        this.connections = connections;
        this.token = token;
    }

    /** Sends every body once and waits for every response. */
    public SendResult send(RequestBodies bodies) throws InterruptedException {
        List<RequestBodies.Body> list = bodies.bodies();
        int n = list.size();
        byte[][] heads = new byte[n][];
        for (int i = 0; i < n; i++) {
            heads[i] = target.postHead(list.get(i).bytes().length, bodies.gzip(), token);
        }
        long[] latency = new long[n];
        boolean[] ok = new boolean[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        LongAdder cpu = new LongAdder();
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTimed = threads.isCurrentThreadCpuTimeSupported();

        Runnable worker = () -> {
            try (HttpClientConnection c = new HttpClientConnection(target, TIMEOUT_MILLIS)) {
                try {
                    c.connect();
                } catch (IOException e) {
                    // not counted here: the first request tries again and fails with this message
                } finally {
                    ready.countDown();
                }
                go.await();
                long cpu0 = cpuTimed ? threads.getCurrentThreadCpuTime() : 0;
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    String failure;
                    try {
                        HttpResponse r = c.exchange(heads[i], list.get(i).bytes());
                        latency[i] = System.nanoTime() - t0;
                        ok[i] = r.success();
                        failure = ok[i] ? null : "cannot send request [index=" + i + " url=" + target.url() + " status=" + r.status()
                                + "]: " + (r.bodyLength() == 0 ? r.reason() : r.bodyText());
                    } catch (IOException e) {
                        failure = "cannot send request [index=" + i + " url=" + target.url() + "]: " + e.getMessage();
                    }
                    if (failure != null) {
                        failed.incrementAndGet();
                        synchronized (failures) {
                            if (failures.size() < KEPT_FAILURES) {
                                failures.add(failure);
                            }
                        }
                    }
                }
                if (cpuTimed) {
                    cpu.add(threads.getCurrentThreadCpuTime() - cpu0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<Thread> started = new ArrayList<>(connections);
        for (int k = 0; k < connections; k++) {
            started.add(Thread.ofPlatform().name("http-send-" + k).start(worker));
        }
        long start;
        try {
            ready.await();
            start = System.nanoTime();
            go.countDown();
            for (Thread t : started) {
                t.join();
            }
        } catch (InterruptedException e) {
            started.forEach(Thread::interrupt);
            throw e;
        }
        long elapsed = System.nanoTime() - start;

        long lines = 0;
        long points = 0;
        long raw = 0;
        long wire = 0;
        int okCount = 0;
        for (int i = 0; i < n; i++) {
            if (ok[i]) {
                RequestBodies.Body b = list.get(i);
                lines += b.lines();
                points += b.points();
                raw += b.rawBytes();
                wire += b.bytes().length;
                latency[okCount++] = latency[i];
            }
        }
        long[] sorted = Arrays.copyOf(latency, okCount);
        Arrays.sort(sorted);
        synchronized (failures) {
            return new SendResult(n, failed.get(), lines, points, raw, wire, elapsed, cpu.sum(), sorted, List.copyOf(failures));
        }
    }

    /** The URL requests go to. */
    public String url() {
        return target.url();
    }

    public int connections() {
        return connections;
    }
}
