package dev.sundial.sql.exec;

import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import java.util.List;

/** The result of a statement without rows: a status message and a row count. Immutable. */
public final class StatusResult implements QueryResult {
    private final String message;
    private final long count;

    public StatusResult(String message, long count) {
        this.message = message;
        this.count = count;
    }

    @Override
    public List<ResultColumn> columns() {
        return List.of();
    }

    @Override
    public boolean next() {
        return false;
    }

    private static IllegalStateException noRow() {
        return new IllegalStateException("no current row: the statement returns no rows");
    }

    @Override
    public boolean isNull(int column) {
        throw noRow();
    }

    @Override
    public long getLong(int column) {
        throw noRow();
    }

    @Override
    public double getDouble(int column) {
        throw noRow();
    }

    @Override
    public boolean getBoolean(int column) {
        throw noRow();
    }

    @Override
    public String getString(int column) {
        throw noRow();
    }

    @Override
    public Object getObject(int column) {
        throw noRow();
    }

    @Override
    public long updateCount() {
        return count;
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public void close() {
    }
}
