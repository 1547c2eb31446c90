package dev.sundial.server.stats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.server.http.Exchange;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/tables}: every table, by name, with what DESCRIBE and {@code sundial stats
 * --json} tell of it: {@code {"tables":[{"name", "series", "rows", "points", "partitions", "bytes",
 * "bytes_per_point", "tiers":{…}, "levels":{…}, "head_rows", "timestamp_column", "columns":[{"name",
 * "type", "kind": timestamp|tag|value, "tag": bool}], "options":{…}}]}}. Options are DESCRIBE's
 * (text values, {@code cold_after} is {@code "none"} when unset). The figures are read live (no
 * flush): bytes are the files on disk, and rows still only in memory count in {@code rows} and
 * {@code points} (and {@code head_rows}) but not yet in {@code bytes}. Thread-safe.
 */
public final class TablesEndpoint {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Supplier<Sundial> db;

    public TablesEndpoint(Supplier<Sundial> db) {
        this.db = db;
    }

    public void handle(Exchange ex) throws IOException {
        Sundial sundial = db.get();
        // built whole before sending: a table dropped halfway is skipped, not a cut-off answer
        ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(buf)) {
            g.writeStartObject();
            g.writeArrayFieldStart("tables");
            for (Table t : sundial.tables()) {
                TableFigures f = figuresOrNull(sundial, t);
                if (f == null) {
                    continue;
                }
                g.writeStartObject();
                f.writeFields(g);
                g.writeNumberField("head_rows", f.stats().headRows());
                writeSchema(t.schema(), g);
                g.writeObjectFieldStart("options");
                for (Map.Entry<String, String> o : options(t.options()).entrySet()) {
                    g.writeStringField(o.getKey(), o.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        buf.write('\n');
        ex.begin(200, "application/json");
        buf.writeTo(ex.output());
    }

    /** The options as DESCRIBE lists them. */
    static Map<String, String> options(TableOptions o) {
        Map<String, String> m = new LinkedHashMap<>(o.asText());
        m.putIfAbsent("cold_after", "none");
        return m;
    }

    private static void writeSchema(TableSchema s, JsonGenerator g) throws IOException {
        g.writeStringField("timestamp_column", s.timestampColumn());
        g.writeArrayFieldStart("columns");
        column(g, s.timestampColumn(), "TIMESTAMP", "timestamp");
        for (String tag : s.tags()) {
            column(g, tag, "VARCHAR", "tag");
        }
        for (ColumnDef c : s.values()) {
            column(g, c.name(), c.type().name(), "value");
        }
        g.writeEndArray();
    }

    private static void column(JsonGenerator g, String name, String type, String kind) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("type", type);
        g.writeStringField("kind", kind);
        g.writeBooleanField("tag", kind.equals("tag"));
        g.writeEndObject();
    }

    /** The figures of {@code t}, or null when it was dropped since the table list was read. */
    private static TableFigures figuresOrNull(Sundial sundial, Table t) throws IOException {
        try {
            return TableFigures.of(t);
        } catch (IllegalStateException e) {
            if (sundial.table(t.name()) == null) {
                return null;
            }
            throw e;
        }
    }
}
