package dev.sundial.server.pgwire;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.sql.output.StatementSplitter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The extended query protocol: Parse, Bind, Describe, Execute, Close, Flush and Sync, with named
 * and unnamed statements and portals (the unnamed ones are replaced by the next Parse or Bind).
 * After an error every message up to the next Sync is skipped, and Sync answers ReadyForQuery.
 * Outside a transaction block Sync closes every portal (PostgreSQL ends its implicit transaction
 * there); inside one, portals live until COMMIT or ROLLBACK, so a cursor fetched in parts
 * ({@code setFetchSize} in pgjdbc) keeps its place between Syncs.
 *
 * <p>Describe of a statement has no parameter values yet, but Sundial types a statement only once
 * its parameters are bound; for a statement that returns rows it therefore executes the statement
 * with every parameter NULL and reads the columns of that result without fetching a row. Not
 * thread-safe: part of one connection.
 */
final class ExtendedQuery {
    private final PgConnection conn;
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private boolean skipToSync;

    ExtendedQuery(PgConnection conn) {
        this.conn = conn;
    }

    void handle(PgMessage m) throws IOException {
        if (m.type() == 'S') {
            skipToSync = false;
            if (conn.transaction == 'I') {
                closePortals();
            }
            conn.readyForQuery();
            return;
        }
        if (skipToSync) {
            return;
        }
        try {
            switch (m.type()) {
                case 'P' -> parse(m.body());
                case 'B' -> bind(m.body());
                case 'D' -> describe(m.body());
                case 'E' -> execute(m.body());
                case 'C' -> close(m.body());
                case 'H' -> conn.out.flush();
                default -> throw new IllegalStateException("BUG: message " + m.type() + " is not extended protocol");
            }
        } catch (RuntimeException e) {
            PgError err = SqlState.toPgError(e, 0);
            if (err.isFatal()) {
                throw err;
            }
            conn.error(err);
            skipToSync = true;
        }
    }

    private void parse(PgMessage.Body b) throws IOException {
        String name = b.cstring();
        String sql = b.cstring();
        int n = b.int16();
        int[] declared = new int[Math.max(0, n)];
        for (int i = 0; i < declared.length; i++) {
            declared[i] = b.int32();
        }
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw PgError.error(SqlState.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + name + "\" already exists");
        }
        StatementSplitter.Split split = StatementSplitter.split(sql);
        int count = split.statements().size() + (split.rest().isBlank() ? 0 : 1);
        if (count > 1) {
            throw PgError.error(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        Prepared p;
        ClientCommand command = count == 0 ? null : ClientCommand.parse(sql);
        if (count == 0 || CopyStatement.isCopy(sql)) { // a COPY runs at Execute (Copy); it has no engine statement
            p = new Prepared(sql, null, null, declared);
        } else if (command != null) {
            p = new Prepared(sql, null, command, declared);
        } else {
            PreparedQuery q = conn.execution.prepare(conn.session, sql);
            int[] oids = new int[Math.max(declared.length, q.parameterCount())];
            System.arraycopy(declared, 0, oids, 0, declared.length);
            p = new Prepared(sql, q, null, oids);
        }
        statements.put(name, p);
        conn.out.begin('1').end(); // ParseComplete
    }

    private void bind(PgMessage.Body b) throws IOException {
        String portalName = b.cstring();
        String statementName = b.cstring();
        int[] paramFormats = shorts(b);
        int n = b.int16();
        Prepared st = statement(statementName);
        if (n != st.paramOids().length) {
            throw PgError.error(SqlState.PROTOCOL_VIOLATION, "bind message supplies " + n + " parameters, but prepared statement \""
                    + statementName + "\" requires " + st.paramOids().length);
        }
        if (paramFormats.length > 1 && paramFormats.length != n) {
            throw PgError.error(SqlState.PROTOCOL_VIOLATION, "cannot bind parameters [formats=" + paramFormats.length
                    + ", parameters=" + n + "]: expected 0, 1 or one format per parameter");
        }
        Object[] params = new Object[n];
        for (int i = 0; i < n; i++) {
            int len = b.int32();
            byte[] v = len < 0 ? null : b.bytes(len);
            int format = paramFormats.length == 0 ? 0 : paramFormats[paramFormats.length == 1 ? 0 : i];
            params[i] = PgTypes.parameter(st.paramOids()[i], format == 1, v, i + 1,
                    conn.session != null && conn.session.hasTimeZone() ? conn.session.timeZone() : null);
        }
        int[] resultFormats = shorts(b);
        if (!portalName.isEmpty() && portals.containsKey(portalName)) {
            throw PgError.error("42P03", "cursor \"" + portalName + "\" already exists");
        }
        Portal old = portals.put(portalName, new Portal(st, params, resultFormats));
        if (old != null) {
            conn.execution.finish(old, true);
        }
        conn.out.begin('2').end(); // BindComplete
    }

    private void describe(PgMessage.Body b) throws IOException {
        int what = b.int8();
        String name = b.cstring();
        if (what == 'S') {
            Prepared st = statement(name);
            conn.out.begin('t').int16(st.paramOids().length);
            for (int oid : st.paramOids()) {
                conn.out.int32(oid == 0 ? PgTypes.TEXT : oid);
            }
            conn.out.end();
            if (!st.returnsRows()) {
                conn.out.begin('n').end(); // NoData
                return;
            }
            try (QueryResult r = st.query().execute(new Object[st.paramOids().length])) {
                ResultWriter.rowDescription(conn.out, r, null);
            }
        } else if (what == 'P') {
            Portal p = portal(name);
            if (!p.statement.returnsRows()) {
                conn.out.begin('n').end();
                return;
            }
            conn.execution.open(p);
            ResultWriter.rowDescription(conn.out, p.result, p.binary);
        } else {
            throw PgError.error(SqlState.PROTOCOL_VIOLATION, "cannot describe [kind=" + what + "]: expected 'S' or 'P'");
        }
    }

    private void execute(PgMessage.Body b) throws IOException {
        String name = b.cstring();
        int maxRows = b.int32();
        Portal p = portal(name);
        Prepared st = p.statement;
        conn.checkBlock(st.command());
        if (st.empty() && CopyStatement.isCopy(st.sql())) {
            ResultWriter.commandComplete(conn.out, Copy.run(conn, st.sql()));
        } else if (st.empty()) {
            conn.out.begin('I').end();
        } else if (st.command() != null) {
            ResultWriter.commandComplete(conn.out, conn.apply(st.command()));
        } else {
            conn.execution.run(p, maxRows, conn.out);
        }
    }

    private void close(PgMessage.Body b) throws IOException {
        int what = b.int8();
        String name = b.cstring();
        if (what == 'S') {
            statements.remove(name);
        } else if (what == 'P') {
            Portal p = portals.remove(name);
            if (p != null) {
                conn.execution.finish(p, true);
            }
        } else {
            throw PgError.error(SqlState.PROTOCOL_VIOLATION, "cannot close [kind=" + what + "]: expected 'S' or 'P'");
        }
        conn.out.begin('3').end(); // CloseComplete
    }

    /** Closes every portal (end of a transaction block, or of the connection). */
    void closePortals() {
        for (Iterator<Portal> it = portals.values().iterator(); it.hasNext(); ) {
            Portal p = it.next();
            it.remove();
            if (p.statement.query() != null) {
                conn.execution.finish(p, true);
            }
        }
    }

    void closeAll() {
        closePortals();
        statements.clear();
    }

    private Prepared statement(String name) {
        Prepared st = statements.get(name);
        if (st == null) {
            throw PgError.error(SqlState.INVALID_SQL_STATEMENT_NAME, "prepared statement \"" + name + "\" does not exist");
        }
        return st;
    }

    private Portal portal(String name) {
        Portal p = portals.get(name);
        if (p == null) {
            throw PgError.error(SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
        }
        return p;
    }

    private static int[] shorts(PgMessage.Body b) {
        int n = b.int16();
        if (n < 0) {
            throw PgError.error(SqlState.PROTOCOL_VIOLATION, "cannot decode message: negative count " + n);
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = b.int16();
        }
        return v;
    }
}
