package dev.sundial.server.pgwire;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes results as backend messages: RowDescription, DataRow and the CommandComplete tag of a
 * statement. Stateless and thread-safe (the writer passed in is not).
 */
final class ResultWriter {
    private ResultWriter() {
    }

    /** RowDescription; {@code binary} null means every column in text format. */
    static void rowDescription(PgWriter w, List<ResultColumn> columns, boolean[] binary) throws IOException {
        w.begin('T').int16(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            ResultColumn c = columns.get(i);
            w.cstring(c.name()).int32(0).int16(0).int32(PgTypes.oid(c.type())).int16(PgTypes.size(c.type())).int32(-1)
                    .int16(binary != null && binary[i] ? 1 : 0);
        }
        w.end();
    }

    /** The current row of the portal's result as a DataRow. */
    static void dataRow(PgWriter w, Portal p) throws IOException {
        QueryResult r = p.result;
        w.begin('D').int16(p.types.length);
        try {
            for (int i = 0; i < p.types.length; i++) {
                if (p.binary[i]) {
                    w.value(PgTypes.binary(r, i, p.types[i]));
                } else {
                    String s = PgTypes.text(r, i, p.types[i]);
                    w.value(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (RuntimeException e) {
            w.discardMessage(); // a half-written row must not reach the client
            throw e;
        }
        w.end();
    }

    static void commandComplete(PgWriter w, String tag) throws IOException {
        w.begin('C').cstring(tag).end();
    }

    /**
     * The CommandComplete tag PostgreSQL would send: {@code SELECT n} for rows, {@code INSERT 0
     * n}, {@code DELETE n}, and for the rest the engine's status ({@code CREATE TABLE}, …).
     */
    static String tag(PreparedQuery.Kind kind, QueryResult r, long rows) {
        return switch (kind) {
            case SELECT, SHOW -> "SELECT " + rows;
            case EXPLAIN -> "EXPLAIN";
            case INSERT -> "INSERT 0 " + Math.max(0, r.updateCount());
            case DELETE -> "DELETE " + Math.max(0, r.updateCount());
            case SET -> "SET";
            case CALL -> "CALL";
            case DDL -> ddlTag(r.message());
        };
    }

    /** The leading words of the engine's status ({@code CREATE TABLE cpu} → {@code CREATE TABLE}). */
    private static String ddlTag(String message) {
        if (message == null || message.isBlank()) {
            return "OK";
        }
        String[] words = message.strip().split("\\s+");
        return words.length >= 2 ? words[0] + " " + words[1] : words[0];
    }
}
