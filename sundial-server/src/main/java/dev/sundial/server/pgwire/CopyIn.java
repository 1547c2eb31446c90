package dev.sundial.server.pgwire;

import dev.sundial.ColumnSet;
import dev.sundial.DataPoint;
import dev.sundial.PreparedQuery;
import dev.sundial.SeriesRef;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.WriteBatch;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.metrics.QueryMetrics;
import dev.sundial.sql.function.SqlValues;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableSchema;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code COPY table [(col, …)] FROM STDIN}: sends CopyInResponse, then reads CopyData until
 * CopyDone, parsing rows as they come ({@link CopyRowParser}) into one {@link WriteBatch}, which
 * is committed only after the last row: the statement is atomic. A bad row (a value that does not
 * parse, too few or too many columns), CopyFail from the client ({@code 57014}), more than {@code
 * limits.max_body_bytes} of data ({@code 54000}) or a protocol error drops the batch: nothing is
 * written, and the ErrorResponse names the row as PostgreSQL does ({@code CONTEXT: COPY cpu, line
 * 3, column usage: "abc"}). The error is sent at once; the CopyData that the client still sends
 * is then dropped by the connection's loop (the protocol says so), which stays usable.
 *
 * <p>Columns: the listed ones, else all of the table in {@code SELECT *} order (timestamp, tags,
 * value columns), as COPY TO writes them, so a file exported with COPY TO imports unchanged. The
 * timestamp is required; a NULL tag or value is left out of the row (NULL). Timestamps are read
 * as PostgreSQL clients send them ({@code 2024-01-01 00:00:00.5+00}) or as ISO-8601. COPY FROM
 * creates no table and no column. Not thread-safe: part of one connection.
 */
final class CopyIn {
    private static final int TIMESTAMP = 0;
    private static final int TAG = 1;
    private static final int VALUE = 2;

    private final PgConnection conn;
    private final CopyStatement st;
    private final String tableName;
    private String[] names;
    private int[] kinds;
    private ColumnType[] types;
    /**
     * The columnar path, when every listed value column is DOUBLE (metrics): a row without NULLs
     * goes to {@link WriteBatch#addDoubles} with its series looked up once per tag tuple, instead of
     * a {@link dev.sundial.DataPoint} and its maps per row (a third of the server's COPY FROM profile
     * was those maps). Null when some value column is not DOUBLE.
     */
    private ColumnSet doubleColumns;
    private int timestampSlot;
    private int[] tagSlots;
    private int[] valueSlots;
    private double[] doubles;
    private Table table;
    /** Series of the tag tuples seen, bounded: cleared when full (a lookup is then just repeated). */
    private final Map<String, SeriesRef> seriesByTags = new HashMap<>();
    private static final int MAX_CACHED_SERIES = 65_536;
    /** The tag tuple of the current row as a cache key, reused from row to row. */
    private final StringBuilder seriesKey = new StringBuilder();

    /** The session's time zone, in which timestamps without an offset are read (PostgreSQL's timestamptz input), or null: UTC. */
    private final java.time.ZoneId zone;

    private CopyIn(PgConnection conn, CopyStatement st) {
        this.conn = conn;
        this.st = st;
        this.tableName = st.tableName();
        this.zone = conn.session != null && conn.session.hasTimeZone() ? conn.session.timeZone() : null;
    }

    /** Runs the copy; returns the CommandComplete tag. */
    static String run(PgConnection conn, CopyStatement st) throws IOException {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            String tag = new CopyIn(conn, st).copy();
            ok = true;
            return tag;
        } finally {
            conn.ctx.metrics().observe(QueryMetrics.Protocol.PGWIRE, PreparedQuery.Kind.INSERT, System.nanoTime() - start, ok);
        }
    }

    private String copy() throws IOException {
        conn.execution.require(Scope.WRITE); // COPY FROM is a write, as INSERT: refused before CopyInResponse
        Sundial db = conn.ctx.db().get();
        Table table = db.table(tableName);
        if (table == null) {
            throw PgError.error(SqlState.UNDEFINED_TABLE, "relation \"" + tableName + "\" does not exist");
        }
        resolveColumns(table.schema());
        this.table = table;
        planDoubleRows();
        PgWriter w = conn.out;
        w.begin('G').int8(0).int16(names.length); // CopyInResponse: text, each column text
        for (int i = 0; i < names.length; i++) {
            w.int16(0);
        }
        w.end();
        w.flush();

        CopyRowParser parser = new CopyRowParser(st.format());
        WriteBatch batch = db.newBatch();
        boolean committed = false;
        try {
            long bytes = 0;
            long rows = 0;
            List<String> fields = new ArrayList<>(names.length);
            boolean header = st.format().header();
            while (true) {
                PgMessage m = conn.in.next();
                if (m == null) {
                    throw new EOFException("cannot copy into " + tableName + ": the client closed the connection during COPY FROM STDIN");
                }
                boolean last = false;
                switch (m.type()) {
                    case 'd' -> {
                        byte[] data = m.body().bytes(m.body().remaining());
                        bytes += data.length;
                        if (bytes > conn.ctx.maxMessageBytes()) {
                            throw PgError.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "cannot copy into " + tableName + ": more than "
                                    + conn.ctx.maxMessageBytes() + " bytes of data (limits.max_body_bytes); nothing was written,"
                                    + " split the data into several COPY statements");
                        }
                        parser.feed(data);
                    }
                    case 'c' -> last = true;
                    case 'f' -> throw PgError.error(SqlState.QUERY_CANCELED, "COPY from stdin failed: " + m.body().cstring()
                            + "; nothing was written");
                    case 'H', 'S' -> {
                        continue; // PostgreSQL ignores Flush and Sync during COPY FROM STDIN
                    }
                    default -> throw PgError.error(SqlState.PROTOCOL_VIOLATION, String.format(Locale.ROOT,
                            "unexpected message type 0x%02X during COPY from stdin", (int) m.type()));
                }
                while (parseNext(parser, fields, last)) {
                    if (header) {
                        header = false; // the header line names columns: skipped, as PostgreSQL does
                        continue;
                    }
                    addRow(batch, fields, parser);
                    rows++;
                }
                if (last) {
                    batch.commit(); // returns once durable per wal.sync
                    committed = true;
                    return "COPY " + rows;
                }
            }
        } finally {
            if (!committed) {
                batch.clear();
            }
        }
    }

    private boolean parseNext(CopyRowParser parser, List<String> fields, boolean last) {
        try {
            return parser.next(fields, last);
        } catch (PgError e) {
            throw e.withWhere(context(parser.line()) + ": \"" + parser.rawLine() + "\"");
        }
    }

    private String context(long line) {
        return "COPY " + tableName + ", line " + line;
    }

    private void addRow(WriteBatch batch, List<String> fields, CopyRowParser parser) throws IOException {
        if (fields.size() < names.length) {
            throw PgError.error(SqlState.BAD_COPY_FILE_FORMAT, "missing data for column \"" + names[fields.size()] + "\"")
                    .withWhere(context(parser.line()) + ": \"" + parser.rawLine() + "\"");
        }
        if (fields.size() > names.length) {
            throw PgError.error(SqlState.BAD_COPY_FILE_FORMAT, "extra data after last expected column")
                    .withWhere(context(parser.line()) + ": \"" + parser.rawLine() + "\"");
        }
        try {
            if (doubleColumns != null && addDoubles(batch, fields, parser)) {
                return;
            }
        } catch (IllegalArgumentException e) { // a series key too long, a timestamp the storage refuses
            throw PgError.error("22000", e.getMessage()).withWhere(context(parser.line()));
        }
        DataPoint.Builder b = null;
        for (int i = 0; i < names.length; i++) {
            if (kinds[i] == TIMESTAMP) {
                b = DataPoint.at(timestamp(fields.get(i), i, parser));
            }
        }
        for (int i = 0; i < names.length; i++) {
            String v = fields.get(i);
            if (v == null || kinds[i] == TIMESTAMP) {
                continue;
            }
            if (kinds[i] == TAG) {
                b.tag(names[i], v);
            } else {
                b.field(names[i], value(v, i, parser));
            }
        }
        try {
            batch.add(tableName, b.build());
        } catch (IllegalArgumentException e) { // WriteBatch.WriteException among others: the row, not the server
            throw PgError.error("22000", e.getMessage()).withWhere(context(parser.line()));
        }
    }

    /** Sets up the columnar path when every listed value column is DOUBLE. */
    private void planDoubleRows() {
        List<Integer> tags = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            switch (kinds[i]) {
                case TIMESTAMP -> timestampSlot = i;
                case TAG -> tags.add(i);
                default -> {
                    if (types[i] != ColumnType.DOUBLE) {
                        return; // the DataPoint path for every row
                    }
                    values.add(i);
                }
            }
        }
        if (values.isEmpty()) {
            return;
        }
        tagSlots = tags.stream().mapToInt(Integer::intValue).toArray();
        valueSlots = values.stream().mapToInt(Integer::intValue).toArray();
        String[] valueNames = new String[valueSlots.length];
        for (int k = 0; k < valueSlots.length; k++) {
            valueNames[k] = names[valueSlots[k]];
        }
        doubleColumns = table.columns(valueNames);
        doubles = new double[valueSlots.length];
    }

    /**
     * Adds a row through the columnar path; false (nothing added) when a tag or value is NULL,
     * which only a {@link dev.sundial.DataPoint} can leave out. Errors are those of the DataPoint path.
     */
    private boolean addDoubles(WriteBatch batch, List<String> fields, CopyRowParser parser) throws IOException {
        for (int i : valueSlots) {
            if (fields.get(i) == null) {
                return false;
            }
        }
        StringBuilder key = seriesKey;
        key.setLength(0);
        for (int i : tagSlots) {
            String v = fields.get(i);
            if (v == null) {
                return false;
            }
            key.append(v.length()).append(':').append(v); // length-prefixed: no separator can be forged
        }
        long ts = timestamp(fields.get(timestampSlot), timestampSlot, parser);
        for (int k = 0; k < valueSlots.length; k++) {
            int i = valueSlots[k];
            try {
                doubles[k] = parseDouble(fields.get(i));
            } catch (NumberFormatException e) {
                throw bad("double precision", fields.get(i), i, parser);
            }
        }
        String k = key.toString();
        SeriesRef series = seriesByTags.get(k);
        if (series == null) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (int i : tagSlots) {
                tags.put(names[i], fields.get(i));
            }
            series = table.series(tags);
            if (seriesByTags.size() >= MAX_CACHED_SERIES) {
                seriesByTags.clear();
            }
            seriesByTags.put(k, series);
        }
        batch.addDoubles(series, ts, doubleColumns, doubles, 0);
        return true;
    }

    private long timestamp(String v, int i, CopyRowParser parser) {
        if (v == null) {
            throw PgError.error("23502", "null value in column \"" + names[i] + "\" of relation \"" + tableName
                    + "\" violates not-null constraint").withWhere(context(parser.line()) + ": \"" + parser.rawLine() + "\"");
        }
        try {
            return SqlValues.parseTimestamp(v, zone);
        } catch (IllegalArgumentException e) {
            throw bad("timestamp with time zone", v, i, parser);
        }
    }

    private Object value(String v, int i, CopyRowParser parser) {
        try {
            return switch (types[i]) {
                case DOUBLE -> parseDouble(v);
                case BIGINT -> Long.parseLong(v.strip());
                case BOOLEAN -> bool(v);
                case VARCHAR -> v;
            };
        } catch (NumberFormatException e) {
            throw bad(types[i] == ColumnType.DOUBLE ? "double precision" : types[i] == ColumnType.BIGINT ? "bigint" : "boolean",
                    v, i, parser);
        }
    }

    /** PostgreSQL's float8 input: decimal digits, NaN, Infinity; not Java's {@code 1d}, {@code 0x1p3}. */
    private static double parseDouble(String v) {
        String s = v.strip();
        if (s.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        char lastChar = s.charAt(s.length() - 1);
        boolean digits = lastChar >= '0' && lastChar <= '9' || lastChar == '.';
        boolean words = s.endsWith("NaN") || s.endsWith("Infinity");
        if (!digits && !words || s.indexOf('x') >= 0 || s.indexOf('X') >= 0) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }

    private static boolean bool(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "t", "true", "yes", "y", "on", "1" -> true;
            case "f", "false", "no", "n", "off", "0" -> false;
            default -> throw new NumberFormatException(s);
        };
    }

    private PgError bad(String type, String v, int i, CopyRowParser parser) {
        return PgError.error(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type " + type + ": \"" + v + "\"")
                .withWhere(context(parser.line()) + ", column " + names[i] + ": \"" + v + "\"");
    }

    /** The listed columns, or all in SELECT * order; each must exist once, and the timestamp must be among them. */
    private void resolveColumns(TableSchema s) {
        List<String> listed = new ArrayList<>();
        if (st.columns().isEmpty()) {
            listed.add(s.timestampColumn());
            listed.addAll(s.tags());
            for (ColumnDef c : s.values()) {
                listed.add(c.name());
            }
        } else {
            for (String c : st.columns()) {
                listed.add(CopyStatement.unquote(c));
            }
        }
        int n = listed.size();
        names = listed.toArray(new String[0]);
        kinds = new int[n];
        types = new ColumnType[n];
        boolean hasTimestamp = false;
        for (int i = 0; i < n; i++) {
            String name = names[i];
            for (int k = 0; k < i; k++) {
                if (names[k].equals(name)) {
                    throw PgError.error("42701", "column \"" + name + "\" specified more than once");
                }
            }
            if (name.equals(s.timestampColumn())) {
                kinds[i] = TIMESTAMP;
                hasTimestamp = true;
            } else if (s.tagIndex(name) >= 0) {
                kinds[i] = TAG;
            } else if (s.valueIndex(name) >= 0) {
                kinds[i] = VALUE;
                types[i] = s.value(s.valueIndex(name)).type();
            } else {
                throw PgError.error(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \"" + tableName + "\" does not exist");
            }
        }
        if (!hasTimestamp) {
            throw PgError.error("23502", "cannot copy into " + tableName + ": the column list must include the timestamp column \""
                    + s.timestampColumn() + "\" (Sundial has no default for it)");
        }
    }
}
