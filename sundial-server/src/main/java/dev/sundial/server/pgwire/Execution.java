package dev.sundial.server.pgwire;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.metrics.QueryMetrics;
import dev.sundial.server.pgwire.catalog.CatalogQueries;
import dev.sundial.server.query.QuerySlots;
import java.io.IOException;

/**
 * Runs a {@link Portal} of the engine's statement: opens it (takes a query slot, executes) and
 * streams its rows, all of them or up to a limit, then ends it with CommandComplete, or with
 * PortalSuspended when rows remain. Each statement is reported to {@link QueryMetrics} once, from
 * its opening to its end (an error, the last row, or the portal closed early). Stateless apart
 * from the context; thread-safe, though a portal is used by one connection.
 */
final class Execution {
    private final PgContext ctx;
    /** The connection's catalog (set once the session starts): answers client catalog queries. */
    CatalogQueries catalog;
    /** The authenticated user and its scope: what its statements may do ({@link #checkScope}). */
    private String user = "";
    private Scope scope = Scope.READ;

    Execution(PgContext ctx) {
        this.ctx = ctx;
    }

    /** Sets what this connection's statements may do, once authenticated. */
    void grant(String user, Scope scope) {
        this.user = user;
        this.scope = scope;
    }

    /** The connection's scope (COPY FROM needs {@link Scope#WRITE}, as INSERT does). */
    Scope scope() {
        return scope;
    }

    /**
     * Refuses a statement the connection's scope does not cover, as the HTTP SQL endpoint does:
     * read for queries, write for INSERT and DELETE, admin for DDL and CALL. 42501, the connection
     * stays usable.
     */
    void checkScope(PreparedQuery q) {
        require(switch (q.access()) {
            case READ -> Scope.READ;
            case WRITE -> Scope.WRITE;
            case ADMIN -> Scope.ADMIN;
        });
    }

    /** Refuses (42501) what needs a scope the connection lacks; COPY FROM requires {@link Scope#WRITE}. */
    void require(Scope needed) {
        if (!scope.implies(needed)) {
            throw PgError.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied: the statement needs the " + needed.label()
                    + " scope, and user \"" + user + "\" has " + scope.label() + " (docs/auth.md)");
        }
    }

    /** Executes the portal's statement if it has not run yet. */
    void open(Portal p) {
        if (p.open() || p.done) {
            return;
        }
        checkScope(p.statement.query());
        p.startNanos = System.nanoTime();
        QuerySlots.Slot slot;
        try {
            slot = ctx.slots().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PgError.error(SqlState.QUERY_CANCELED, "canceling statement: the server is stopping");
        }
        QueryResult r;
        try {
            r = p.statement.query().execute(p.params);
        } catch (RuntimeException e) {
            slot.close();
            finish(p, false);
            throw e;
        }
        try {
            p.opened(r, slot);
        } catch (RuntimeException e) {
            finish(p, false);
            throw e;
        }
    }

    /**
     * Sends up to {@code maxRows} rows (0: all), then CommandComplete, or PortalSuspended when rows
     * remain; an error while streaming closes the portal and is thrown.
     */
    void run(Portal p, int maxRows, PgWriter w) throws IOException {
        open(p);
        if (p.done) {
            ResultWriter.commandComplete(w, ResultWriter.tag(p.statement.query().kind(), p.result, 0));
            return;
        }
        QueryResult r = p.result;
        long sent = 0;
        try {
            if (p.types.length > 0) {
                if (p.pendingRow) {
                    p.pendingRow = false;
                    ResultWriter.dataRow(w, p);
                    sent++;
                }
                while ((maxRows <= 0 || sent < maxRows) && r.next()) {
                    ResultWriter.dataRow(w, p);
                    sent++;
                }
                p.rows += sent;
                if (maxRows > 0 && sent == maxRows && r.next()) {
                    p.pendingRow = true; // looked ahead: there is more, sent on the next Execute
                    w.begin('s').end();
                    return;
                }
            }
        } catch (RuntimeException e) {
            finish(p, false);
            throw e;
        }
        PreparedQuery.Kind kind = p.statement.query().kind();
        String tag = ResultWriter.tag(kind, r, p.rows);
        finish(p, true);
        ResultWriter.commandComplete(w, tag);
    }

    /** Prepares a statement for the engine; one that does not parse is reported to the metrics as such. */
    PreparedQuery prepare(dev.sundial.Session session, String sql) {
        long start = System.nanoTime();
        try {
            PreparedQuery c = catalog == null ? null : catalog.prepare(sql); // client catalog queries; 0A000 via SqlState
            return c != null ? c : session.prepare(sql);
        } catch (RuntimeException e) {
            ctx.metrics().observe(QueryMetrics.Protocol.PGWIRE, null, System.nanoTime() - start, false);
            throw e;
        }
    }

    /** Closes the portal and reports its statement, once. */
    void finish(Portal p, boolean ok) {
        boolean wasDone = p.done;
        p.close();
        if (!wasDone && p.startNanos != 0) {
            ctx.metrics().observe(QueryMetrics.Protocol.PGWIRE, p.statement.query().kind(), System.nanoTime() - p.startNanos, ok);
        }
    }
}
