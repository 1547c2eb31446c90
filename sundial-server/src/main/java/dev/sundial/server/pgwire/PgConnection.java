package dev.sundial.server.pgwire;

import dev.sundial.Session;
import dev.sundial.Sundial;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.pgwire.catalog.CatalogQueries;
import dev.sundial.server.pgwire.catalog.ClientSession;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection speaking protocol 3.0: startup (SSLRequest answered {@code S} and the
 * socket upgraded to TLS when a key store is configured, else {@code N}; GSSENCRequest {@code N};
 * CancelRequest passed to the server's registry; authentication by {@link PgLogin}), then the
 * simple query protocol ({@link SimpleQuery}) and the extended one ({@link ExtendedQuery}) until
 * Terminate, the client closing, or {@code limits.idle_timeout_ms} without a message. An error in
 * a statement is an ErrorResponse and the connection stays usable; a protocol error that loses the
 * message framing is FATAL and closes it.
 *
 * <p>Each connection has its own engine {@link Session}, so a {@code SET} of a Sundial setting
 * stays on its connection. Not thread-safe: one thread runs it; {@link #abort()} and
 * {@link #cancel()} may be called from another.
 */
final class PgConnection implements Runnable {
    private static final Logger LOG = Logger.getLogger(PgConnection.class.getName());
    private static final int PROTOCOL_3 = 196608;
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    /** The accepted socket: closing it ends the connection, TLS or not. */
    private final Socket socket;
    final PgContext ctx;
    private final int processId;
    private final int secretKey;
    /** Replaced once, when the connection upgrades to TLS during startup. */
    PgWriter out;
    /** Read by the connection's loop, and by {@link CopyIn} while the client sends COPY data; replaced with {@link #out} for TLS. */
    PgReader in;
    private PgTls.Input buffered;
    private boolean tls;
    /** Whether a message is being handled (a statement may run): a CancelRequest acts only then. */
    private volatile boolean busy;
    final Execution execution;
    final ExtendedQuery extended;
    /** Parameters reported with ParameterStatus, as sent at startup and changed by SET. */
    final Map<String, String> parameters = new LinkedHashMap<>();
    volatile Session session;
    /** ReadyForQuery's transaction status: I idle, T in a block, E in a failed block. */
    char transaction = 'I';

    PgConnection(Socket socket, PgContext ctx, int processId, int secretKey) throws IOException {
        this.socket = socket;
        this.ctx = ctx;
        this.processId = processId;
        this.secretKey = secretKey;
        streams(socket);
        this.execution = new Execution(ctx);
        this.extended = new ExtendedQuery(this);
    }

    private void streams(Socket s) throws IOException {
        this.out = new PgWriter(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
        this.buffered = new PgTls.Input(s.getInputStream(), 1 << 16);
        this.in = new PgReader(buffered, ctx.maxMessageBytes());
    }

    @Override
    public void run() {
        try {
            if (!startup()) {
                return;
            }
            SimpleQuery simple = new SimpleQuery(this);
            while (true) {
                PgMessage m;
                try {
                    m = in.next();
                } catch (SocketTimeoutException e) {
                    fatal(PgError.fatal(SqlState.IDLE_SESSION_TIMEOUT, "terminating connection due to idle-session timeout"
                            + " (limits.idle_timeout_ms)"));
                    return;
                }
                if (m == null || m.type() == 'X') {
                    return;
                }
                busy = true;
                try {
                    switch (m.type()) {
                        case 'Q' -> simple.run(m.body().cstring());
                        case 'P', 'B', 'D', 'E', 'C', 'H', 'S' -> extended.handle(m);
                        case 'd', 'c', 'f' -> {
                            // CopyData, CopyDone, CopyFail after a COPY FROM STDIN ended in an error: the
                            // protocol says to drop them (CopyIn reads them while a copy runs)
                        }
                        default -> throw PgError.fatal(SqlState.PROTOCOL_VIOLATION, "cannot handle message [type="
                                + printable(m.type()) + "]: unknown or unsupported message type");
                    }
                } catch (PgError e) {
                    if (e.isFatal()) {
                        fatal(e);
                        return;
                    }
                    throw new IllegalStateException("BUG: a statement error escaped its handler", e);
                } finally {
                    busy = false;
                }
            }
        } catch (PgError e) {
            fatal(e);
        } catch (IOException e) {
            LOG.log(Level.FINE, "pgwire connection [pid=" + processId + "] ended: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot serve pgwire connection [pid=" + processId + "]: " + e, e);
        } finally {
            extended.closeAll();
            abort();
        }
    }

    /**
     * A CancelRequest with this connection's key (from another thread): cancels the statement it is
     * running, which ends with 57014 "canceling statement due to user request". Does nothing between
     * statements, as in PostgreSQL.
     */
    void cancel() {
        Session s = session;
        if (s != null && busy) {
            s.cancelRunning();
        }
    }

    int secretKey() {
        return secretKey;
    }

    /** Closes the socket: the connection's thread ends at its next read or write. */
    void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot close pgwire socket [pid=" + processId + "]: " + e.getMessage(), e);
        }
    }

    void readyForQuery() throws IOException {
        out.begin('Z').int8(transaction).end();
        out.flush();
    }

    /** Sends an error; in a transaction block the block fails, as in PostgreSQL. */
    void error(PgError e) throws IOException {
        e.write(out);
        if (transaction == 'T') {
            transaction = 'E';
        }
    }

    private void fatal(PgError e) {
        try {
            e.write(out);
            out.flush();
        } catch (IOException ignored) {
            // the client is gone already; nothing more to tell it
        }
    }

    /** Startup packets until the StartupMessage; false when the connection ends during startup. */
    private boolean startup() throws IOException {
        while (true) {
            PgMessage.Body b = in.startup();
            if (b == null) {
                return false;
            }
            int code = b.int32();
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                if (buffered.buffered() > 0) {
                    // bytes sent before our answer would be taken as if they came through TLS (CVE-2021-23214)
                    throw PgError.fatal(SqlState.PROTOCOL_VIOLATION, "cannot start TLS: the client sent data after its "
                            + (code == SSL_REQUEST ? "SSLRequest" : "GSSENCRequest") + " without waiting for the answer");
                }
                if (code == GSSENC_REQUEST || ctx.tls() == null || tls) {
                    out.rawByte('N'); // no GSSAPI, no key store, or TLS already: the client continues as it is
                    out.flush();
                    continue;
                }
                out.rawByte('S');
                out.flush();
                streams(ctx.tls().upgrade(socket));
                tls = true;
                continue;
            }
            if (code == CANCEL_REQUEST) {
                int pid = b.int32();
                int key = b.int32();
                ctx.canceller().cancel(pid, key);
                return false; // PostgreSQL closes a cancel connection without an answer, whether the key matched or not
            }
            if (code >>> 16 != 3) {
                throw PgError.fatal(SqlState.PROTOCOL_VIOLATION, "cannot start session [protocol=" + (code >>> 16) + "."
                        + (code & 0xffff) + "]: only protocol 3.0 is supported");
            }
            while (true) {
                String key = b.cstring();
                if (key.isEmpty()) {
                    break;
                }
                parameters.put(key, b.cstring());
            }
            return begin();
        }
    }

    /** Authentication ({@link PgLogin}), the session parameters, BackendKeyData and the first ReadyForQuery. */
    private boolean begin() throws IOException {
        String user = parameters.getOrDefault("user", "");
        Scope scope = ctx.login().authenticate(user, tls, socket.getInetAddress().isLoopbackAddress(), in, out);
        if (scope == null) {
            return false; // the client left during the exchange
        }
        execution.grant(user, scope);
        Sundial db;
        try {
            db = ctx.db().get();
        } catch (RuntimeException e) {
            throw PgError.fatal(SqlState.CANNOT_CONNECT_NOW, e.getMessage());
        }
        session = db.session();
        String clientZone = startupParameter("TimeZone");
        if (clientZone != null) {
            // pgjdbc sends its JVM's zone: timestamps are then written in it, as PostgreSQL does
            setTimeZone(clientZone, true);
        }
        PgLogin.ok(out);
        String app = parameters.getOrDefault("application_name", "");
        execution.catalog = new CatalogQueries(new ClientSession(user, parameters.getOrDefault("database", user), processId,
                parameters, session, ctx.login()::userNames));
        parameters.clear();
        parameters.put("server_version", ctx.serverVersion());
        parameters.put("server_encoding", "UTF8");
        parameters.put("client_encoding", "UTF8");
        parameters.put("DateStyle", "ISO, MDY");
        parameters.put("IntervalStyle", "postgres");
        parameters.put("TimeZone", session.show("timezone"));
        parameters.put("integer_datetimes", "on");
        parameters.put("standard_conforming_strings", "on");
        parameters.put("is_superuser", "off");
        parameters.put("application_name", app);
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            parameterStatus(e.getKey(), e.getValue());
        }
        out.begin('K').int32(processId).int32(secretKey).end();
        readyForQuery();
        return true;
    }

    /**
     * Refuses a statement in a failed transaction block (25P02) unless it ends the block, as
     * PostgreSQL does: a client that saw an error must not believe later statements joined it.
     */
    void checkBlock(ClientCommand c) {
        boolean ends = c != null && (c.type() == ClientCommand.Type.COMMIT || c.type() == ClientCommand.Type.ROLLBACK);
        if (transaction == 'E' && !ends) {
            throw PgError.error("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
    }

    /** Runs a command the connection answers itself; returns its CommandComplete tag. */
    String apply(ClientCommand c) throws IOException {
        switch (c.type()) {
            case BEGIN -> transaction = transaction == 'I' ? 'T' : transaction;
            case COMMIT, ROLLBACK -> {
                boolean failed = transaction == 'E';
                transaction = 'I';
                extended.closePortals(); // portals live until their block ends
                if (failed) {
                    return "ROLLBACK";
                }
            }
            case SET -> {
                c.check();
                if (c.name().equals("timezone")) {
                    if (c.remembered()) {
                        setTimeZone(c.value(), false);
                    } else {
                        timeZone(c.value()); // SET LOCAL: checked, not kept (no transactions)
                    }
                } else if (c.remembered() && c.value() != null && !ClientCommand.FIXED.containsKey(c.name())) {
                    remember(c.name(), c.value());
                }
            }
            case RESET -> {
                for (String name : c.name().equals("all") ? ClientCommand.CLIENT_SETTINGS : java.util.Set.of(c.name())) {
                    if (name.equals("timezone")) {
                        setTimeZone("default", false);
                    } else if (!ClientCommand.FIXED.containsKey(name)) {
                        remember(name, null);
                    }
                }
            }
        }
        return c.tag();
    }

    /**
     * Keeps a client setting for SHOW and current_setting ({@code parameters} is the catalog's live
     * view), or forgets it ({@code value} null) so that its default shows again. Names are the
     * lower-case ones of {@link ClientCommand#CLIENT_SETTINGS}; application_name, which PostgreSQL
     * reports, is echoed in a ParameterStatus and reset to empty.
     */
    private void remember(String name, String value) throws IOException {
        if (name.equals("application_name")) {
            String v = value == null ? "" : value;
            parameters.put(name, v);
            parameterStatus(name, v);
        } else if (value == null) {
            parameters.remove(name);
        } else {
            parameters.put(name, value);
        }
    }

    /** A parameter of the StartupMessage by its name in any case, or null. */
    private String startupParameter(String name) {
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Sets the engine session's time zone ({@code SET TIME ZONE}, {@code SET timezone}, the
     * startup parameter): timestamps are then written in it and text without an offset read in
     * it. After startup the new value is reported in a ParameterStatus, as PostgreSQL reports
     * TimeZone. A zone that does not exist is 22023 (FATAL at startup, as in PostgreSQL).
     */
    private void setTimeZone(String value, boolean startup) throws IOException {
        dev.sundial.sql.function.TimeZoneSetting.Value z;
        try {
            z = timeZone(value);
        } catch (PgError e) {
            if (startup) {
                throw PgError.fatal(SqlState.INVALID_PARAMETER_VALUE, e.getMessage());
            }
            throw e;
        }
        session.setTimeZone(z.zone(), z.name());
        if (!startup) {
            parameters.keySet().removeIf(k -> k.equalsIgnoreCase("timezone"));
            parameters.put("TimeZone", z.name());
            parameterStatus("TimeZone", z.name());
        }
    }

    private static dev.sundial.sql.function.TimeZoneSetting.Value timeZone(String value) {
        try {
            return dev.sundial.sql.function.TimeZoneSetting.parse(value);
        } catch (dev.sundial.QueryException e) {
            throw PgError.error(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"TimeZone\": \"" + value + "\" ("
                    + e.getMessage() + ")");
        }
    }

    void parameterStatus(String name, String value) throws IOException {
        out.begin('S').cstring(name).cstring(value).end();
    }

    private static String printable(char type) {
        return type >= 32 && type < 127 ? "'" + type + "'" : "0x" + Integer.toHexString(type);
    }
}
