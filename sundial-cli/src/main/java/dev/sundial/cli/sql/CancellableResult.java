package dev.sundial.cli.sql;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A result that stops at the next row once the user asked to cancel (Ctrl-C in the shell):
 * {@link #next()} then throws {@link QueryException} {@code canceling statement due to user
 * request} (psql's words). A statement still computing its first row runs until that row. Same
 * thread-safety as the wrapped result; the cancel flag may be set from any thread.
 */
final class CancellableResult implements QueryResult {
    private final QueryResult r;
    private final BooleanSupplier cancelled;

    CancellableResult(QueryResult r, BooleanSupplier cancelled) {
        this.r = r;
        this.cancelled = cancelled;
    }

    @Override
    public boolean next() {
        if (cancelled.getAsBoolean()) {
            throw new QueryException("canceling statement due to user request");
        }
        return r.next();
    }

    @Override
    public List<ResultColumn> columns() {
        return r.columns();
    }

    @Override
    public boolean isNull(int column) {
        return r.isNull(column);
    }

    @Override
    public long getLong(int column) {
        return r.getLong(column);
    }

    @Override
    public double getDouble(int column) {
        return r.getDouble(column);
    }

    @Override
    public boolean getBoolean(int column) {
        return r.getBoolean(column);
    }

    @Override
    public String getString(int column) {
        return r.getString(column);
    }

    @Override
    public Object getObject(int column) {
        return r.getObject(column);
    }

    @Override
    public long updateCount() {
        return r.updateCount();
    }

    @Override
    public String message() {
        return r.message();
    }

    @Override
    public java.time.ZoneId timeZone() {
        return r.timeZone();
    }

    @Override
    public void close() {
        r.close();
    }
}
