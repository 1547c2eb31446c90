package dev.sundial.sql.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * JSON in the shape of the HTTP API (DESIGN §8), written with Jackson's streaming generator so
 * that no result is held in memory: {@code {"columns":[{"name":…,"type":…}],"rows":[[…],…]}} and
 * a newline, one such document per statement. Values: numbers as JSON numbers in {@link ValueText}'s
 * text (exact BIGINTs, shortest round-trip doubles); non-finite doubles as the strings {@code
 * "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (JSON has no such numbers; PostgreSQL's {@code
 * to_json} does the same); timestamps as ISO-8601 UTC strings; intervals as strings ({@code
 * "5m"}); booleans as JSON booleans; NULL as {@code null}. A statement without rows writes {@code
 * {"message":"INSERT 0 3","update_count":3}} ({@code update_count} only when the statement counts
 * rows). Stateless and thread-safe.
 */
public final class JsonPrinter implements ResultPrinter {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    @Override
    public long print(QueryResult r, Writer out) throws IOException {
        long rows = 0;
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            List<ResultColumn> columns = r.columns();
            g.writeStartObject();
            if (columns.isEmpty()) {
                g.writeStringField("message", ResultPrinter.status(r));
                if (r.updateCount() >= 0) {
                    g.writeNumberField("update_count", r.updateCount());
                }
                g.writeEndObject();
            } else {
                rows = writeRows(r, columns, g);
            }
        }
        out.write('\n');
        return rows;
    }

    private static long writeRows(QueryResult r, List<ResultColumn> columns, JsonGenerator g) throws IOException {
        SqlType[] types = writeColumns(columns, g);
        g.writeArrayFieldStart("rows");
        long rows = 0;
        TimestampText times = new TimestampText();
        while (r.next()) {
            writeRow(r, types, g, times);
            rows++;
        }
        g.writeEndArray();
        g.writeEndObject();
        return rows;
    }

    /** Writes the {@code "columns"} field and returns the columns' types. */
    public static SqlType[] writeColumns(List<ResultColumn> columns, JsonGenerator g) throws IOException {
        int n = columns.size();
        SqlType[] types = new SqlType[n];
        g.writeArrayFieldStart("columns");
        for (int c = 0; c < n; c++) {
            types[c] = columns.get(c).type();
            g.writeStartObject();
            g.writeStringField("name", columns.get(c).name());
            g.writeStringField("type", types[c].sqlName());
            g.writeEndObject();
        }
        g.writeEndArray();
        return types;
    }

    /**
     * Writes the current row of {@code r} as a JSON array; {@code times} formats its timestamps
     * (one per result: it keeps the last day's date, see {@link TimestampText}).
     */
    public static void writeRow(QueryResult r, SqlType[] types, JsonGenerator g, TimestampText times) throws IOException {
        g.writeStartArray();
        for (int c = 0; c < types.length; c++) {
            writeValue(r, c, types[c], g, times);
        }
        g.writeEndArray();
    }

    private static void writeValue(QueryResult r, int c, SqlType type, JsonGenerator g, TimestampText times) throws IOException {
        if (r.isNull(c)) {
            g.writeNull();
            return;
        }
        switch (type) {
            case BIGINT -> g.writeNumber(r.getLong(c));
            case DOUBLE -> {
                double d = r.getDouble(c);
                if (Double.isFinite(d)) {
                    g.writeNumber(ValueText.ofDouble(d)); // already a valid JSON number, see ValueText
                } else {
                    g.writeString(ValueText.ofDouble(d));
                }
            }
            case BOOLEAN -> g.writeBoolean(r.getBoolean(c));
            case TIMESTAMP -> g.writeString(r.timeZone() == null ? times.format(r.getLong(c))
                    : ZonedTimestampText.iso(r.getLong(c), r.timeZone()));
            case VARCHAR, INTERVAL -> g.writeString(ValueText.of(r, c, type));
        }
    }
}
