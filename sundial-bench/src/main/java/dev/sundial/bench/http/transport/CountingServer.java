package dev.sundial.bench.http.transport;

/**
 * An HTTP server on 127.0.0.1 whose every request is answered {@code 204} after its whole body was
 * read into a {@code byte[]} and counted ({@link BodyCounter}): the transport part of line-protocol
 * ingest, without parsing or storing. Implementations are thread-safe; {@link #close} stops the
 * server and its threads.
 */
interface CountingServer extends AutoCloseable {
    /** A short name for reports, e.g. "jetty". */
    String name();

    /** The port it listens on. */
    int port();

    BodyCounter counter();

    @Override
    void close() throws Exception;
}
