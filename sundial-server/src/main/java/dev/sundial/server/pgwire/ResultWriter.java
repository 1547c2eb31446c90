package dev.sundial.server.pgwire;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.server.pgwire.catalog.CatalogResult;
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

    /**
     * RowDescription of a result; {@code binary} null means every column in text format. A
     * catalog answer has PostgreSQL types of its own (name, oid, int2, …) beyond Sundial's.
     */
    static void rowDescription(PgWriter w, QueryResult r, boolean[] binary) throws IOException {
        List<ResultColumn> columns = r.columns();
        CatalogResult catalog = r instanceof CatalogResult c ? c : null;
        w.begin('T').int16(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            ResultColumn c = columns.get(i);
            int oid = catalog != null ? catalog.typeOid(i) : PgTypes.oid(c.type());
            int size = catalog != null ? catalog.typeSize(i) : PgTypes.size(c.type());
            w.cstring(c.name()).int32(0).int16(0).int32(oid).int16(size).int32(-1).int16(binary != null && binary[i] ? 1 : 0);
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
                    w.value(r instanceof CatalogResult c ? c.binary(i) : PgTypes.binary(r, i, p.types[i]));
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
