package dev.sundial.cli;

import dev.sundial.SeriesCursor;
import dev.sundial.SeriesRows;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.index.TagFilter;
import dev.sundial.ingest.CsvColumnType;
import dev.sundial.ingest.CsvPointWriter;
import dev.sundial.ingest.LineProtocolWriter;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.TableSchema;
import dev.sundial.table.ValueVector;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sundial export}: writes a table's points to stdout in canonical order (series sorted by
 * tags, then time). Only data goes to stdout; messages go to stderr.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports a table as line protocol or CSV on stdout, in canonical order: series (sorted by tags), then time.",
            "Exporting an import gives back exactly the same points."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--table", required = true, description = "Table to export.")
    String table;

    @Option(names = "--start", description = "First time included: ISO-8601 or epoch nanoseconds (default: all).")
    String start;

    @Option(names = "--end", description = "First time excluded: ISO-8601 or epoch nanoseconds (default: all).")
    String end;

    @Option(names = "--format", defaultValue = "lp", description = "lp (line protocol) or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        long from = start == null ? Long.MIN_VALUE : TimeArguments.parseNanos("--start", start);
        long to = end == null ? Long.MAX_VALUE : TimeArguments.parseNanos("--end", end);
        if (!format.equals("lp") && !format.equals("csv")) {
            throw new IllegalArgumentException("cannot export: unknown --format '" + format + "' (lp or csv)");
        }
        long rows = 0;
        try (Sundial s = db.open()) {
            Table t = s.table(table);
            if (t == null) {
                throw new IllegalArgumentException("cannot export table " + table + ": it does not exist (tables: "
                        + s.tables().stream().map(Table::name).toList() + ")");
            }
            Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
            try (SeriesCursor c = t.scanCanonical(from, to, TagFilter.all())) {
                rows = format.equals("lp") ? writeLineProtocol(t.schema(), c, out) : writeCsv(t.schema(), c, out);
            }
            out.flush();
        }
        System.err.printf("exported %,d rows of %s%n", rows, table);
        return 0;
    }

    /** CSV with an annotated header (timestamp, tags, typed value columns) that import reads back exactly. */
    private static long writeCsv(TableSchema schema, SeriesCursor c, Writer out) throws Exception {
        List<CsvPointWriter.Column> cols = new ArrayList<>();
        for (String tag : schema.tags()) {
            cols.add(new CsvPointWriter.Column(tag, CsvColumnType.TAG));
        }
        for (ColumnDef v : schema.values()) {
            cols.add(new CsvPointWriter.Column(v.name(), switch (v.type()) {
                case DOUBLE -> CsvColumnType.DOUBLE;
                case BIGINT -> CsvColumnType.BIGINT;
                case BOOLEAN -> CsvColumnType.BOOLEAN;
                case VARCHAR -> CsvColumnType.VARCHAR;
            }));
        }
        CsvPointWriter w = new CsvPointWriter(out, schema.timestampColumn(), cols);
        int tags = schema.tagCount();
        long rows = 0;
        while (c.hasNext()) {
            SeriesRows s = c.next();
            ColumnBatch b = s.rows();
            for (int r = 0; r < b.size; r++) {
                w.beginRow(b.timestamps[r]);
                for (int t = 0; t < tags; t++) {
                    if (s.key().tag(t) != null) {
                        w.tag(t, s.key().tag(t));
                    }
                }
                for (int k = 0; k < b.columns.length; k++) {
                    ValueVector v = b.columns[k];
                    if (v == null || !v.isPresent(r)) {
                        continue;
                    }
                    int col = tags + b.columnIds[k];
                    switch (v.type()) {
                        case DOUBLE -> w.doubleValue(col, v.doubles[r]);
                        case BIGINT -> w.longValue(col, v.longs[r]);
                        case BOOLEAN -> w.booleanValue(col, v.booleans[r]);
                        case VARCHAR -> w.stringValue(col, v.strings[r]);
                        default -> throw new IllegalStateException("BUG: type " + v.type());
                    }
                }
                w.endRow();
                rows++;
            }
        }
        w.flush();
        return rows;
    }

    private static long writeLineProtocol(TableSchema schema, SeriesCursor c, Writer out) throws Exception {
        LineProtocolWriter w = new LineProtocolWriter(out);
        String[] tagKeys = schema.tags().toArray(String[]::new);
        String[] fieldKeys = schema.values().stream().map(ColumnDef::name).toArray(String[]::new);
        long rows = 0;
        while (c.hasNext()) {
            SeriesRows s = c.next();
            String[] tagValues = new String[tagKeys.length];
            for (int i = 0; i < tagKeys.length; i++) {
                tagValues[i] = s.key().tag(i);
            }
            w.beginSeries(schema.name(), tagKeys, tagValues, fieldKeys);
            ColumnBatch b = s.rows();
            for (int r = 0; r < b.size; r++) {
                w.beginPoint();
                for (int k = 0; k < b.columns.length; k++) {
                    ValueVector v = b.columns[k];
                    if (v == null || !v.isPresent(r)) {
                        continue;
                    }
                    int col = b.columnIds[k];
                    switch (v.type()) {
                        case DOUBLE -> w.fieldDouble(col, v.doubles[r]);
                        case BIGINT -> w.fieldLong(col, v.longs[r]);
                        case BOOLEAN -> w.fieldBoolean(col, v.booleans[r]);
                        case VARCHAR -> w.fieldString(col, v.strings[r]);
                        default -> throw new IllegalStateException("BUG: type " + v.type());
                    }
                }
                if (w.endPoint(b.timestamps[r])) {
                    rows++;
                }
            }
        }
        w.flush();
        return rows;
    }
}
