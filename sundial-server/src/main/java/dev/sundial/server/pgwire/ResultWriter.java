package dev.sundial.server.pgwire;

import dev.sundial.sql.output.ZonedTimestampText;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.server.pgwire.catalog.CatalogResult;
import dev.sundial.sql.output.ZonedTimestampText;
import java.io.IOException;
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
                    if (r instanceof CatalogResult c) {
                        w.value(c.binary(i)); // catalog types (name, oid, int2, …) have binary forms of their own
                    } else {
                        binaryValue(w, r, i, p.types[i]);
                    }
                } else {
                    textValue(w, r, i, p.types[i]);
                }
            }
        } catch (RuntimeException e) {
            w.discardMessage(); // a half-written row must not reach the client
            throw e;
        }
        w.end();
    }

    /**
     * Column {@code col} in text format, as {@link PgTypes#text} writes it, but formatted straight
     * into the writer's buffer where it can be: no String and no byte array per value (the hot
     * path of a large result, which pgjdbc reads in text format).
     */
    private static void textValue(PgWriter w, QueryResult r, int col, SqlType t) {
        if (r.isNull(col)) {
            w.int32(-1);
            return;
        }
        switch (t) {
            case TIMESTAMP -> {
                if (r.timeZone() == null) {
                    w.timestampValue(r.getLong(col));
                } else {
                    w.textValue(ZonedTimestampText.postgres(r.getLong(col), r.timeZone())); // SET TIME ZONE: its offset
                }
            }
            case DOUBLE -> w.float8Value(r.getDouble(col));
            case BIGINT -> w.longValue(r.getLong(col));
            case BOOLEAN -> w.textValue(r.getBoolean(col) ? "t" : "f");
            case VARCHAR -> w.textValue(r.getString(col));
            case INTERVAL -> w.textValue(PgText.interval(r.getObject(col)));
        }
    }

    /** Column {@code col} in binary format, as {@link PgTypes#binary} encodes it, written straight into the buffer. */
    private static void binaryValue(PgWriter w, QueryResult r, int col, SqlType t) {
        if (r.isNull(col)) {
            w.int32(-1);
            return;
        }
        switch (t) {
            case TIMESTAMP -> w.int32(8).int64(PgTypes.binaryTimestamp(r.getLong(col)));
            case DOUBLE -> w.int32(8).int64(Double.doubleToRawLongBits(r.getDouble(col)));
            case BIGINT -> w.int32(8).int64(r.getLong(col));
            case BOOLEAN -> w.int32(1).int8(r.getBoolean(col) ? 1 : 0);
            case VARCHAR -> w.textValue(r.getString(col));
            case INTERVAL -> w.value(PgTypes.binary(r, col, t));
        }
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
