package dev.sundial.server.pgwire.catalog;

import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a catalog answer, held in memory (a catalog has a row per table or column, not per
 * point). Unlike the engine's results each column has a PostgreSQL type of its own ({@link
 * PgType}: name, oid, int2, "char", …), which RowDescription reports ({@link #typeOid}) and binary
 * format follows ({@link #binary}); the text format is that of the column's {@link SqlType}. Not
 * thread-safe, like every {@link QueryResult}.
 */
public final class CatalogResult implements QueryResult {
    /** A column of the answer: its name as the client expects it, and its type. */
    public record Column(String name, PgType type) {
    }

    private final List<Column> columns;
    private final List<Object[]> rows;
    private final List<ResultColumn> resultColumns = new ArrayList<>();
    private int at = -1;

    public CatalogResult(List<Column> columns, List<Object[]> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
        for (Column c : columns) {
            resultColumns.add(new ResultColumn(c.name(), c.type().sqlType()));
        }
        for (Object[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalStateException("BUG: catalog row of " + r.length + " values for " + columns.size() + " columns");
            }
        }
    }

    /** The PostgreSQL type OID of column {@code i}, for RowDescription. */
    public int typeOid(int i) {
        return columns.get(i).type().oid();
    }

    /** typlen of column {@code i}, for RowDescription. */
    public int typeSize(int i) {
        return columns.get(i).type().len();
    }

    /** Column {@code i} of the current row in PostgreSQL's binary format, or null for NULL. */
    public byte[] binary(int i) {
        Object v = rows.get(at)[i];
        if (v == null) {
            return null;
        }
        PgType t = columns.get(i).type();
        return switch (t.sqlType()) {
            case BIGINT -> switch (t.len()) {
                case 2 -> ByteBuffer.allocate(2).putShort((short) ((Number) v).longValue()).array();
                case 4 -> ByteBuffer.allocate(4).putInt((int) ((Number) v).longValue()).array();
                default -> ByteBuffer.allocate(8).putLong(((Number) v).longValue()).array();
            };
            case DOUBLE -> t.len() == 4 ? ByteBuffer.allocate(4).putFloat(((Number) v).floatValue()).array()
                    : ByteBuffer.allocate(8).putDouble(((Number) v).doubleValue()).array();
            case BOOLEAN -> new byte[] {(byte) (Boolean.TRUE.equals(v) ? 1 : 0)};
            default -> v.toString().getBytes(StandardCharsets.UTF_8);
        };
    }

    @Override
    public List<ResultColumn> columns() {
        return resultColumns;
    }

    @Override
    public boolean next() {
        if (at + 1 >= rows.size()) {
            at = rows.size();
            return false;
        }
        at++;
        return true;
    }

    private Object value(int i) {
        return rows.get(at)[i];
    }

    @Override
    public boolean isNull(int column) {
        return value(column) == null;
    }

    @Override
    public long getLong(int column) {
        Object v = value(column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    @Override
    public double getDouble(int column) {
        Object v = value(column);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    @Override
    public boolean getBoolean(int column) {
        return Boolean.TRUE.equals(value(column));
    }

    @Override
    public String getString(int column) {
        Object v = value(column);
        return v == null ? null : v.toString();
    }

    @Override
    public Object getObject(int column) {
        return value(column);
    }

    @Override
    public long updateCount() {
        return -1;
    }

    @Override
    public String message() {
        return null;
    }

    @Override
    public void close() {
        // rows in memory: nothing to release
    }
}
