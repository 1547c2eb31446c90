package dev.sundial.cli.sql;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.sql.output.ValueText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A result read from the JSON of {@code /api/v1/sql} as it streams: the columns first, then one
 * row per {@link #next()}. Values come back as the server wrote them ({@code ValueText}):
 * timestamps from ISO-8601 to epoch nanoseconds, non-finite doubles from their strings, intervals
 * kept as their text. An {@code "error"} the server appends after some rows (a limit reached while
 * streaming) is thrown from {@code next()}, as a local run would. Not thread-safe.
 */
final class RemoteQueryResult implements QueryResult {
    private final JsonParser p;
    private final String sql;
    private final List<ResultColumn> columns;
    private final SqlType[] types;
    private final Object[] row;
    private final String message;
    private final long updateCount;
    private boolean done;

    private RemoteQueryResult(JsonParser p, String sql, List<ResultColumn> columns, String message, long updateCount) {
        this.p = p;
        this.sql = sql;
        this.columns = columns;
        this.types = new SqlType[columns.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = columns.get(i).type();
        }
        this.row = new Object[columns.size()];
        this.message = message;
        this.updateCount = updateCount;
        this.done = columns.isEmpty();
    }

    /** Reads the head of the answer: the columns (then the parser stands inside "rows"), or the status of a statement without rows. */
    static RemoteQueryResult read(JsonParser p, String sql) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        String message = null;
        long updateCount = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "columns" -> {
                    List<ResultColumn> columns = columns(p, t);
                    if (p.nextToken() != JsonToken.FIELD_NAME || !p.currentName().equals("rows") || p.nextToken() != JsonToken.START_ARRAY) {
                        throw malformed("\"rows\" after \"columns\"");
                    }
                    return new RemoteQueryResult(p, sql, columns, null, -1);
                }
                case "message" -> message = p.getValueAsString();
                case "update_count" -> updateCount = p.getValueAsLong();
                default -> p.skipChildren();
            }
        }
        p.close();
        return new RemoteQueryResult(p, sql, List.of(), message, updateCount);
    }

    private static List<ResultColumn> columns(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_ARRAY);
        List<ResultColumn> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            SqlType type = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if (f.equals("name")) {
                    name = p.getValueAsString();
                } else if (f.equals("type")) {
                    try {
                        type = SqlType.valueOf(p.getValueAsString());
                    } catch (IllegalArgumentException e) {
                        throw malformed("a known column type, not " + p.getValueAsString());
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (name == null || type == null) {
                throw malformed("a name and a type for every column");
            }
            out.add(new ResultColumn(name, type));
        }
        return out;
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        try {
            JsonToken t = p.nextToken();
            if (t == JsonToken.END_ARRAY) {
                done = true;
                finish();
                return false;
            }
            expect(t, JsonToken.START_ARRAY);
            for (int c = 0; c < row.length; c++) {
                row[c] = value(p.nextToken(), types[c]);
            }
            expect(p.nextToken(), JsonToken.END_ARRAY);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server's answer: " + e.getMessage(), e);
        }
    }

    /** The fields after "rows": an "error" there is the statement's failure. */
    private void finish() throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("error")) {
                throw new QueryException(p.getValueAsString());
            }
            p.skipChildren();
        }
    }

    private Object value(JsonToken t, SqlType type) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (type) {
            case BIGINT -> p.getLongValue();
            case DOUBLE -> t == JsonToken.VALUE_STRING ? Double.parseDouble(p.getText()) : p.getDoubleValue();
            case BOOLEAN -> p.getBooleanValue();
            case VARCHAR, INTERVAL -> p.getText();
            case TIMESTAMP -> {
                try {
                    Instant i = Instant.parse(p.getText());
                    yield Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
                } catch (DateTimeParseException | ArithmeticException e) {
                    throw malformed("an ISO-8601 timestamp, not " + p.getText());
                }
            }
        };
    }

    private static void expect(JsonToken t, JsonToken wanted) throws IOException {
        if (t != wanted) {
            throw malformed(wanted + ", found " + t);
        }
    }

    private static IOException malformed(String expected) {
        return new IOException("cannot read the server's answer: expected " + expected);
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean isNull(int column) {
        return row[column] == null;
    }

    @Override
    public long getLong(int column) {
        return row[column] instanceof Long l ? l : 0;
    }

    @Override
    public double getDouble(int column) {
        return row[column] instanceof Number n ? n.doubleValue() : 0;
    }

    @Override
    public boolean getBoolean(int column) {
        return row[column] instanceof Boolean b && b;
    }

    @Override
    public String getString(int column) {
        Object v = row[column];
        return v == null ? null : types[column] == SqlType.TIMESTAMP ? ValueText.timestamp((Long) v) : v.toString();
    }

    @Override
    public Object getObject(int column) {
        Object v = row[column];
        if (v instanceof Long l && types[column] == SqlType.TIMESTAMP) {
            return Instant.ofEpochSecond(Math.floorDiv(l, 1_000_000_000L), Math.floorMod(l, 1_000_000_000L));
        }
        return v;
    }

    @Override
    public long updateCount() {
        return updateCount;
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public void close() {
        try {
            p.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the connection to the server: " + e.getMessage(), e);
        }
    }
}
