package dev.sundial.server.pgwire;

import dev.sundial.Sundial;
import dev.sundial.server.metrics.QueryMetrics;
import dev.sundial.server.query.QuerySlots;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Listens for PostgreSQL clients on {@code pg.port} and runs a {@link PgConnection} for each.
 *
 * <p>Threads: one virtual thread per connection, at most {@code limits.max_connections}
 * connections (past that the acceptor waits and the kernel queues new ones, as Jetty's limit does
 * for HTTP). Virtual threads because a pgwire connection spends its life blocked reading its socket
 * between statements, often for minutes (a Grafana or psql session), and a blocked virtual thread
 * holds no OS thread; the CPU work is bounded elsewhere, by the query slots of {@code
 * limits.max_concurrent_queries} that HTTP queries take too. A platform-thread pool would instead
 * bound idle connections by its size.
 *
 * <p>CancelRequests find their connection in the registry of open connections by process id
 * and act only when the secret key (from {@link SecureRandom}, sent in BackendKeyData) matches.
 *
 * <p>{@link #close()} stops accepting, closes every connection's socket (a statement still running
 * ends at its next write) and waits up to the grace period for the connection threads. Thread-safe.
 */
public final class PgWireServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PgWireServer.class.getName());

    private final ServerSocket listener;
    private final PgContext ctx;
    private final long idleTimeoutMillis;
    private final Semaphore connectionsLeft;
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger nextProcessId = new AtomicInteger(1);
    private final SecureRandom random = new SecureRandom();
    private final Thread acceptor;
    private volatile boolean closed;

    private record Connection(PgConnection conn, Thread thread) {
    }

    private PgWireServer(ServerSocket listener, long idleTimeoutMillis, int maxConnections,
                         java.util.function.Function<PgWireServer, PgContext> context) {
        this.listener = listener;
        this.ctx = context.apply(this);
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.connectionsLeft = new Semaphore(maxConnections);
        this.acceptor = Thread.ofPlatform().name("sundial-pg-accept").daemon().unstarted(this::acceptLoop);
    }

    /**
     * Listens on {@code bind:port} (port 0: a free one) and starts accepting.
     *
     * @param security        users, tokens, method and TLS ({@link PgLogin}, {@link PgTls})
     * @param maxMessageBytes largest frontend message accepted ({@code limits.max_body_bytes})
     * @throws IOException when the port cannot be bound or the key store cannot be loaded
     */
    public static PgWireServer start(String bind, int port, Supplier<Sundial> db, QuerySlots slots, QueryMetrics metrics,
                                     PgSecurity security, long idleTimeoutMillis, int maxConnections, long maxMessageBytes,
                                     String serverVersion) throws IOException {
        PgTls tls = security.keyStore() == null ? null : PgTls.load(security.keyStore(), security.keyStorePassword());
        boolean loopback = InetAddress.getByName(bind).isLoopbackAddress();
        PgLogin login = new PgLogin(security.users(), security.tokens(), security.cleartext(), loopback, security.tlsRequired());
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(bind, port), 4096); // the same accept queue as the HTTP connector
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + bind + ":" + port + " [protocol=pgwire]: " + e.getMessage(), e);
        }
        PgWireServer server = new PgWireServer(s, idleTimeoutMillis, maxConnections,
                self -> new PgContext(db, slots, metrics, login, tls, self::cancel, maxMessageBytes, serverVersion));
        server.acceptor.start();
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections open now. */
    public int connections() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                connectionsLeft.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                connectionsLeft.release();
                if (!closed) {
                    LOG.log(Level.WARNING, "cannot accept a pgwire connection: " + e.getMessage(), e);
                }
                continue;
            }
            int pid = nextProcessId.getAndIncrement();
            try {
                socket.setTcpNoDelay(true); // a ReadyForQuery must not wait for Nagle's timer
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeoutMillis));
                PgConnection conn = new PgConnection(socket, ctx, pid, random.nextInt());
                Thread t = Thread.ofVirtual().name("sundial-pg-" + pid).unstarted(() -> {
                    try {
                        conn.run();
                    } finally {
                        connections.remove(pid);
                        connectionsLeft.release();
                    }
                });
                connections.put(pid, new Connection(conn, t));
                t.start();
                if (closed) {
                    conn.abort(); // close() ran while this one was being set up
                }
            } catch (IOException | RuntimeException e) {
                connectionsLeft.release();
                connections.remove(pid);
                LOG.log(Level.WARNING, "cannot start pgwire connection [pid=" + pid + "]: " + e.getMessage(), e);
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already failing; the client sees the connection closed
                }
            }
        }
    }

    /**
     * A CancelRequest: cancels the running statement of connection {@code processId} when
     * {@code secretKey} is its key (a 32-bit {@link SecureRandom} value); anything else does nothing
     * and tells the sender nothing, as in PostgreSQL.
     */
    private void cancel(int processId, int secretKey) {
        Connection c = connections.get(processId);
        if (c != null && c.conn().secretKey() == secretKey) {
            c.conn().cancel();
        }
    }

    /** Stops accepting, closes the connections, waits up to {@code graceMillis} for their threads. */
    public void close(long graceMillis) {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot close the pgwire listener: " + e.getMessage(), e);
        }
        acceptor.interrupt();
        for (Connection c : connections.values()) {
            c.conn().abort();
        }
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        try {
            acceptor.join(Math.max(1, graceMillis));
            for (Connection c : connections.values()) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || !c.thread().join(java.time.Duration.ofMillis(left))) {
                    LOG.warning("cannot stop pgwire connections within " + graceMillis + " ms: " + connections.size()
                            + " still running a statement");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(30_000);
    }
}
