package dev.sundial.sql.output;

import dev.sundial.QueryResult;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes one statement's result in one output format, streaming: rows are written as the result
 * yields them (the aligned formats hold back at most their width sample). A statement without
 * rows (DDL, INSERT) is written as its status message. Implementations are stateless and
 * thread-safe; the writer is not flushed.
 */
public interface ResultPrinter {
    /** Writes {@code r} (which the caller closes) to {@code out}; returns the number of rows written. */
    long print(QueryResult r, Writer out) throws IOException;

    /** The status line of a statement without rows: its message ({@code CREATE TABLE}, {@code INSERT 0 3}), else {@code OK}. */
    static String status(QueryResult r) {
        String m = r.message();
        return m == null || m.isEmpty() ? "OK" : m;
    }

    /** For a statement without rows writes its status line and returns true; otherwise writes nothing. */
    static boolean writeStatusIfNoRows(QueryResult r, java.io.Writer out) throws java.io.IOException {
        if (!r.columns().isEmpty()) {
            return false;
        }
        out.write(status(r));
        out.write('\n');
        return true;
    }
}
