package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.sql.function.SqlValues;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A {@link QueryResult} streaming the batches of an operator tree row by row. Errors from the
 * operators reach the caller of {@link #next()} as {@link QueryException}; an invariant failure
 * inside the engine is reported as an internal error with its cause kept for {@code --verbose}.
 */
public final class OperatorResult implements QueryResult {
    private final Operator root;
    private final List<ResultColumn> columns;
    private final QueryContext ctx;
    /** The session's zone when one was set (see {@link QueryResult#timeZone()}), else null. */
    private java.time.ZoneId timeZone;
    private Batch batch;
    private int row = -1;
    private boolean closed;

    public OperatorResult(Operator root, List<ResultColumn> columns) {
        this(root, columns, null);
    }

    /** {@code ctx}: the statement's context, which knows the rollup level the plan reads (null: none). */
    public OperatorResult(Operator root, List<ResultColumn> columns, QueryContext ctx) {
        this.root = root;
        this.columns = columns;
        this.ctx = ctx;
    }

    /** Sets the zone the result's timestamps print in (the statement's session zone; null: UTC). */
    public void setTimeZone(java.time.ZoneId zone) {
        this.timeZone = zone;
    }

    @Override
    public java.time.ZoneId timeZone() {
        return timeZone;
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        try {
            while (batch == null || ++row >= batch.size) {
                batch = root.next();
                row = -1;
                if (batch == null) {
                    close();
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            close();
            throw translate(e);
        } catch (StackOverflowError e) {
            close();
            throw translate(e);
        }
    }

    /**
     * A stack overflow as a statement error. The parser's depth limits keep every accepted statement
     * well inside a default thread stack (see {@code ExpressionDepth}), so this is the backstop for
     * threads with unusually small stacks: the statement fails with one line and the process, a
     * shell or a server, stays up. Caught only around the SQL engine's own recursion, which changes
     * no shared state, so nothing is left half-done.
     */
    public static QueryException translate(StackOverflowError e) {
        return new QueryException("stack depth limit exceeded: the statement is nested too deeply for this thread's stack"
                + " (simplify its expressions or subqueries, or give the JVM a larger -Xss)", e);
    }

    /** User-facing form of an execution error. */
    public static QueryException translate(RuntimeException e) {
        if (e instanceof QueryException q) {
            return q;
        }
        if (e instanceof UncheckedIOException u) {
            return new QueryException(u.getMessage(), u);
        }
        String m = e.getMessage();
        if ((e instanceof IllegalArgumentException || e instanceof IllegalStateException) && m != null && !m.startsWith("BUG")) {
            return new QueryException(m, e); // a user-level condition reported by the storage (e.g. a table dropped meanwhile)
        }
        return new QueryException("internal error: " + e, e);
    }

    private Vec col(int c) {
        if (batch == null || row < 0) {
            throw new IllegalStateException("no current row: call next() first");
        }
        return batch.cols[c];
    }

    @Override
    public boolean isNull(int column) {
        return col(column).isNull(row);
    }

    @Override
    public long getLong(int column) {
        Vec v = col(column);
        if (v.isNull(row)) {
            return 0;
        }
        return switch (v.type) {
            case DOUBLE -> (long) v.getDouble(row);
            case BOOLEAN -> v.getBool(row) ? 1 : 0;
            case VARCHAR -> Long.parseLong(v.getString(row));
            default -> v.getLong(row);
        };
    }

    @Override
    public double getDouble(int column) {
        Vec v = col(column);
        if (v.isNull(row)) {
            return 0;
        }
        return switch (v.type) {
            case DOUBLE -> v.getDouble(row);
            case BOOLEAN -> v.getBool(row) ? 1 : 0;
            case VARCHAR -> Double.parseDouble(v.getString(row));
            default -> v.getLong(row);
        };
    }

    @Override
    public boolean getBoolean(int column) {
        Vec v = col(column);
        return !v.isNull(row) && (v.type == SqlType.BOOLEAN ? v.getBool(row) : getLong(column) != 0);
    }

    @Override
    public String getString(int column) {
        Vec v = col(column);
        return SqlValues.format(v.type, v.get(row));
    }

    @Override
    public Object getObject(int column) {
        Vec v = col(column);
        Object o = v.get(row);
        if (o != null && v.type == SqlType.TIMESTAMP) {
            return SqlValues.toInstant((Long) o);
        }
        return o;
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
    public String rollupLevel() {
        return ctx == null ? null : ctx.levelRead();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                root.close();
            } catch (RuntimeException e) {
                throw translate(e);
            }
        }
    }
}
