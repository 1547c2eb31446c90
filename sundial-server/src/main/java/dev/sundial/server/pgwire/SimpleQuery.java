package dev.sundial.server.pgwire;

import dev.sundial.PreparedQuery;
import dev.sundial.sql.output.StatementSplitter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The simple query protocol: one Query message holding any number of statements, split at the
 * {@code ;} outside strings, quoted names and comments ({@link StatementSplitter}). Each runs in
 * turn with its rows in text format; the first error ends the message (the rest is skipped, as in
 * PostgreSQL) and its position counts from the start of the whole message. Ends with
 * ReadyForQuery. Not thread-safe: part of one connection.
 */
final class SimpleQuery {
    private final PgConnection conn;

    SimpleQuery(PgConnection conn) {
        this.conn = conn;
    }

    void run(String text) throws IOException {
        StatementSplitter.Split split = StatementSplitter.split(text);
        List<String> statements = new ArrayList<>(split.statements());
        if (!split.rest().isBlank()) {
            statements.add(split.rest().strip()); // no closing ';', or an open string: the engine reports it
        }
        if (statements.isEmpty()) {
            conn.out.begin('I').end(); // EmptyQueryResponse
        }
        int searchFrom = 0;
        for (String sql : statements) {
            int offset = text.indexOf(sql, searchFrom);
            searchFrom = offset + sql.length();
            try {
                runOne(sql);
            } catch (RuntimeException e) {
                conn.error(SqlState.toPgError(e, offset));
                break;
            }
        }
        conn.readyForQuery();
    }

    private void runOne(String sql) throws IOException {
        if (CopyStatement.isCopy(sql)) {
            conn.checkBlock(null);
            ResultWriter.commandComplete(conn.out, Copy.run(conn, sql));
            return;
        }
        ClientCommand command = ClientCommand.parse(sql);
        conn.checkBlock(command);
        if (command != null) {
            ResultWriter.commandComplete(conn.out, conn.apply(command));
            return;
        }
        PreparedQuery q = conn.execution.prepare(conn.session, sql);
        Portal p = new Portal(new Prepared(sql, q, null, new int[q.parameterCount()]), new Object[0], new int[0]);
        try {
            conn.execution.open(p);
            if (p.types.length > 0) {
                ResultWriter.rowDescription(conn.out, p.result, null);
            }
            conn.execution.run(p, 0, conn.out);
        } finally {
            conn.execution.finish(p, false); // no-op when run() finished it
        }
    }
}
