package dev.sundial.server.pgwire;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import java.io.IOException;
import java.util.List;

/**
 * {@code COPY … TO STDOUT}: runs the statement's SELECT as any query runs (a query slot, the
 * limits, the metrics), then sends CopyOutResponse, one CopyData per row (and one for the header),
 * CopyDone and CommandComplete {@code COPY n}. Rows stream: each is encoded as it is read and the
 * writer sends its buffer every 64 KiB, so memory stays flat whatever the size of the table.
 * Values are in the text forms of a text-format result ({@link PgTypes#text}), quoted per {@link
 * CopyFormat}. An error while streaming ends the copy with an ErrorResponse, as in PostgreSQL.
 * Not thread-safe: part of one connection.
 */
final class CopyOut {
    private CopyOut() {
    }

    /** Runs the copy; returns the CommandComplete tag. */
    static String run(PgConnection conn, CopyStatement st) throws IOException {
        PreparedQuery q = conn.execution.prepare(conn.session, st.selectSql());
        if (q.kind() != PreparedQuery.Kind.SELECT) {
            throw PgError.error(SqlState.FEATURE_NOT_SUPPORTED, "COPY (query) TO takes a SELECT, not a " + q.kind() + " statement");
        }
        if (q.parameterCount() > 0) {
            throw PgError.error("08P01", "COPY (query) TO cannot take parameters [count=" + q.parameterCount() + "]");
        }
        Portal p = new Portal(new Prepared(st.selectSql(), q, null, new int[0]), new Object[0], new int[0]);
        boolean ok = false;
        try {
            conn.execution.open(p);
            QueryResult r = p.result;
            List<ResultColumn> cols = r.columns();
            CopyFormat f = st.format();
            PgWriter w = conn.out;
            w.begin('H').int8(0).int16(cols.size()); // CopyOutResponse: text, each column text
            for (int i = 0; i < cols.size(); i++) {
                w.int16(0);
            }
            w.end();
            StringBuilder line = new StringBuilder(256);
            if (f.header()) {
                for (int i = 0; i < cols.size(); i++) {
                    if (i > 0) {
                        line.append(f.delimiter());
                    }
                    f.appendValue(line, cols.get(i).name());
                }
                copyData(w, line);
            }
            long rows = 0;
            int n = p.types.length;
            while (r.next()) {
                line.setLength(0);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        line.append(f.delimiter());
                    }
                    String v = PgTypes.text(r, i, p.types[i]);
                    if (v == null) {
                        f.appendNull(line);
                    } else {
                        f.appendValue(line, v);
                    }
                }
                copyData(w, line);
                rows++;
            }
            w.begin('c').end(); // CopyDone
            ok = true;
            return "COPY " + rows;
        } finally {
            conn.execution.finish(p, ok);
        }
    }

    private static void copyData(PgWriter w, StringBuilder line) throws IOException {
        line.append('\n');
        w.begin('d').utf8(line).end();
    }
}
