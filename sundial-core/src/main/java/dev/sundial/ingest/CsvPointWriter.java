package dev.sundial.ingest;

import java.io.Flushable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Writes points as CSV that {@link CsvPointReader} reads back to identical points: an annotated header
 * ({@code timestamp:timestamp,host:tag,usage:double,...}), then one record per point with the
 * timestamp as epoch nanoseconds, doubles as the shortest decimal that round-trips ({@code NaN},
 * {@code Inf}, {@code -Inf} for the non-finite ones), bigints in decimal, booleans as
 * {@code true}/{@code false}, text as is (quoted with {@code ""} doubling when it holds a comma, a quote,
 * CR or LF, and as {@code ""} when it is the empty string). A NULL value or an absent tag is an
 * empty, unquoted cell.
 *
 * <p>Usage: {@code new CsvPointWriter(out, "timestamp", columns)} writes the header; per point call
 * {@link #beginRow}, the setters for the columns that have a value (in any order), then
 * {@link #endRow}; {@link #flush} at the end. Output goes to the Appendable in blocks of about 64 KiB.
 * Not thread-safe.
 */
public final class CsvPointWriter {
    private static final int FLUSH_AT = 64 << 10;

    /**
     * A column of the output.
     *
     * @param name column name (any text)
     * @param type TAG, DOUBLE, BIGINT, BOOLEAN or VARCHAR
     */
    public record Column(String name, CsvColumnType type) {
        public Column {
            Objects.requireNonNull(name, "name");
            if (type == CsvColumnType.TIMESTAMP || type == CsvColumnType.INFERRED || type == null) {
                throw new IllegalArgumentException("cannot write CSV column \"" + name + "\": type " + type
                        + " (the timestamp column is implicit; INFERRED is for reading)");
            }
        }
    }

    private final Appendable out;
    private final List<Column> columns;
    private final StringBuilder sb = new StringBuilder(FLUSH_AT + 4096);
    private final String[] cells;
    private long rowTimestamp;
    private boolean inRow;

    /**
     * Writes the header: the timestamp column named {@code timestampName}, then {@code columns}.
     *
     * @throws IllegalArgumentException for duplicate or empty names
     */
    public CsvPointWriter(Appendable out, String timestampName, List<Column> columns) {
        this.out = Objects.requireNonNull(out, "out");
        this.columns = List.copyOf(columns);
        this.cells = new String[columns.size()];
        java.util.Set<String> seen = new java.util.HashSet<>();
        seen.add(timestampName);
        appendCell(sb, timestampName + ":" + CsvColumnType.TIMESTAMP.annotation());
        for (Column c : this.columns) {
            if (c.name().isEmpty() || !seen.add(c.name())) {
                throw new IllegalArgumentException("cannot write CSV: empty or duplicate column name \"" + c.name() + "\"");
            }
            sb.append(',');
            appendCell(sb, c.name() + ":" + c.type().annotation());
        }
        sb.append('\n');
    }

    /** Starts a record with timestamp {@code tsNanos}; every column is NULL until set. */
    public void beginRow(long tsNanos) {
        if (inRow) {
            throw new IllegalStateException("BUG: beginRow() inside a row");
        }
        inRow = true;
        rowTimestamp = tsNanos;
        java.util.Arrays.fill(cells, null);
    }

    private void set(int column, CsvColumnType expected, String text) {
        if (!inRow) {
            throw new IllegalStateException("BUG: cell set outside beginRow()/endRow()");
        }
        CsvColumnType t = columns.get(column).type();
        if (t != expected) {
            throw new IllegalArgumentException("cannot write CSV column \"" + columns.get(column).name() + "\": it is "
                    + t + ", not " + expected);
        }
        cells[column] = text;
    }

    /** Sets tag column {@code column} (null: no tag; empty is refused as line protocol refuses it). */
    public void tag(int column, String value) {
        if (value != null && value.isEmpty()) {
            throw new IllegalArgumentException("cannot write CSV column \"" + columns.get(column).name() + "\": empty tag value");
        }
        set(column, CsvColumnType.TAG, value == null ? null : quoted(value));
    }

    public void doubleValue(int column, double v) {
        String s;
        if (Double.isNaN(v)) {
            s = "NaN";
        } else if (Double.isInfinite(v)) {
            s = v > 0 ? "Inf" : "-Inf";
        } else {
            StringBuilder b = new StringBuilder(24);
            ShortestDouble.append(b, v);
            s = b.toString();
        }
        set(column, CsvColumnType.DOUBLE, s);
    }

    public void longValue(int column, long v) {
        set(column, CsvColumnType.BIGINT, Long.toString(v));
    }

    public void booleanValue(int column, boolean v) {
        set(column, CsvColumnType.BOOLEAN, v ? "true" : "false");
    }

    /** Sets a VARCHAR cell (the empty string is written as {@code ""}, distinct from NULL). */
    public void stringValue(int column, String v) {
        set(column, CsvColumnType.VARCHAR, quoted(Objects.requireNonNull(v, "v")));
    }

    /** Ends the record. */
    public void endRow() throws IOException {
        if (!inRow) {
            throw new IllegalStateException("BUG: endRow() without beginRow()");
        }
        inRow = false;
        sb.append(rowTimestamp);
        for (String c : cells) {
            sb.append(',');
            if (c != null) {
                sb.append(c);
            }
        }
        sb.append('\n');
        if (sb.length() >= FLUSH_AT) {
            out.append(sb);
            sb.setLength(0);
        }
    }

    /** Hands everything buffered to the Appendable and flushes it when it is {@link Flushable}. */
    public void flush() throws IOException {
        if (inRow) {
            throw new IllegalStateException("BUG: flush() inside a row");
        }
        if (!sb.isEmpty()) {
            out.append(sb);
            sb.setLength(0);
        }
        if (out instanceof Flushable f) {
            f.flush();
        }
    }

    private static String quoted(String v) {
        StringBuilder b = new StringBuilder(v.length() + 2);
        appendCell(b, v);
        return b.toString();
    }

    /** Appends {@code v} as one cell, quoted when needed (and when empty). */
    static void appendCell(StringBuilder b, String v) {
        boolean quote = v.isEmpty();
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isSurrogate(v.charAt(i))) {
                LineProtocolWriter.checkSurrogatePair(v, i, "CSV cell");
            }
        }
        if (!quote) {
            b.append(v);
            return;
        }
        b.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                b.append('"');
            }
            b.append(c);
        }
        b.append('"');
    }
}
