package dev.sundial.server.pgwire;

import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.server.query.QuerySlots;
import java.util.List;

/**
 * A bound statement (Bind) and, once it runs, its open result: Execute with a row limit sends part
 * of the rows and leaves the rest here for the next Execute. While open it holds one of the
 * server's query slots ({@code limits.max_concurrent_queries}) and its result's snapshot; {@link
 * #close()} gives both back. Not thread-safe: it belongs to one connection.
 */
final class Portal implements AutoCloseable {
    final Prepared statement;
    final Object[] params;
    private final int[] resultFormats;
    QueryResult result;
    QuerySlots.Slot slot;
    SqlType[] types;
    boolean[] binary;
    /** The result's current row was fetched by a look-ahead and not sent yet. */
    boolean pendingRow;
    boolean done;
    long rows;
    long startNanos;

    Portal(Prepared statement, Object[] params, int[] resultFormats) {
        this.statement = statement;
        this.params = params;
        this.resultFormats = resultFormats;
    }

    boolean open() {
        return result != null;
    }

    /** Takes over an open result: its column types and each column's format. */
    void opened(QueryResult r, QuerySlots.Slot s) {
        result = r;
        slot = s;
        List<ResultColumn> cols = r.columns();
        types = new SqlType[cols.size()];
        binary = new boolean[cols.size()];
        if (resultFormats.length > 1 && resultFormats.length != cols.size()) {
            throw PgError.error(SqlState.PROTOCOL_VIOLATION, "cannot bind result formats [formats=" + resultFormats.length
                    + ", columns=" + cols.size() + "]: expected 0, 1 or one per column");
        }
        for (int i = 0; i < types.length; i++) {
            types[i] = cols.get(i).type();
            int f = resultFormats.length == 0 ? 0 : resultFormats[resultFormats.length == 1 ? 0 : i];
            binary[i] = f == 1;
        }
    }

    @Override
    public void close() {
        try {
            if (result != null) {
                result.close();
            }
        } finally {
            if (slot != null) {
                slot.close();
                slot = null;
            }
            done = true;
        }
    }
}
