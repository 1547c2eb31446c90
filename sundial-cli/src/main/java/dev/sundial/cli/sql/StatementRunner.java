package dev.sundial.cli.sql;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.Session;
import dev.sundial.Sundial;
import dev.sundial.sql.output.ResultPrinter;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs statements of {@code sundial sql} and the shell one at a time against an open database and
 * prints each result as it streams. Parameters ({@code $1}, {@code $2} … or {@code ?}) are bound
 * from one list for every statement: {@code $n} is the n-th value in each statement that refers to
 * parameters; a statement that needs more values than given is an error before it runs. The
 * statements run in one {@link Session}, so a {@code SET} holds for the rest of the runner's
 * statements: one runner per {@code sundial sql} invocation and per shell. Not thread-safe.
 */
public final class StatementRunner {
    private final Session session;
    private final List<Object> params;
    private final BooleanSupplier cancelled;

    public StatementRunner(Sundial db, List<Object> params) {
        this(db, params, () -> false);
    }

    /** {@code cancelled}: polled before each row; when true the statement stops (see {@link CancellableResult}). */
    public StatementRunner(Sundial db, List<Object> params, BooleanSupplier cancelled) {
        this.session = db.session();
        this.params = List.copyOf(params);
        this.cancelled = cancelled;
    }

    /**
     * Runs {@code sql} and writes its result with {@code printer}; returns the number of rows
     * written, or -1 for a statement without rows (its status line was written).
     *
     * @throws dev.sundial.QueryException for errors in the statement or while it runs
     * @throws IllegalArgumentException when the statement needs more parameter values than given
     */
    public long run(String sql, ResultPrinter printer, Writer out) throws IOException {
        PreparedQuery q = session.prepare(sql);
        int needed = q.parameterCount();
        if (needed > params.size()) {
            throw new IllegalArgumentException("cannot run statement: it takes " + needed + " parameter(s) but "
                    + params.size() + " --param value(s) were given");
        }
        try (QueryResult r = q.execute(params.subList(0, needed).toArray())) {
            boolean rows = !r.columns().isEmpty();
            long count = printer.print(new CancellableResult(r, cancelled), out);
            return rows ? count : -1;
        }
    }

    /** How many parameter values {@code sql} takes (parses it without running it). */
    public int parameterCount(String sql) {
        return session.prepare(sql).parameterCount();
    }
}
