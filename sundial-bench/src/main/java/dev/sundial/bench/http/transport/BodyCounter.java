package dev.sundial.bench.http.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a counting server did with the bodies it read: requests, body bytes and line feeds, the
 * least work that still touches every byte the way a line-protocol parser reading a {@code byte[]}
 * would. Both servers of the comparison count with {@link #lineFeeds}, so the difference between
 * them is the HTTP stack. Thread-safe: connections add concurrently.
 */
final class BodyCounter {
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder lineFeeds = new LongAdder();

    /** Adds one request's body figures. */
    void add(long bodyBytes, long bodyLineFeeds) {
        requests.increment();
        bytes.add(bodyBytes);
        lineFeeds.add(bodyLineFeeds);
    }

    long requests() {
        return requests.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    long lineFeeds() {
        return lineFeeds.sum();
    }

    /** Line feeds in {@code b[off, off + len)}. */
    static long lineFeeds(byte[] b, int off, int len) {
        long n = 0;
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
