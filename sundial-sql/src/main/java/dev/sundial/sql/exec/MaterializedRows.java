package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rows of a WITH query that is read more than once in a statement, computed once so that every
 * reference sees the same rows. The source operator is planned by the first reference and drained
 * on the first read; the batches stay (reserved from the statement's memory budget) until the
 * statement ends. Not thread-safe: a statement's operators are pulled by one thread.
 */
public final class MaterializedRows {
    private final String name;
    private final List<ResultColumn> columns;
    private final Supplier<Operator> plan;
    private Operator source;
    private List<Batch> batches;
    private long rows;
    private boolean closed;

    public MaterializedRows(String name, List<ResultColumn> columns, Supplier<Operator> plan) {
        this.name = name;
        this.columns = columns;
        this.plan = plan;
    }

    public String name() {
        return name;
    }

    public List<ResultColumn> columns() {
        return columns;
    }

    /** The operator that computes the rows, planned on first use (for EXPLAIN and reading). */
    public Operator source() {
        if (source == null) {
            source = plan.get();
        }
        return source;
    }

    /** The rows, computed on the first call; memory is reserved from {@code ctx}'s budget. */
    public List<Batch> batches(QueryContext ctx) {
        if (batches == null) {
            List<Batch> out = new ArrayList<>();
            Operator op = source();
            try {
                Batch b;
                while ((b = op.next()) != null) {
                    if (b.size == 0) {
                        continue;
                    }
                    ctx.memory().reserve(b.bytes(), "WITH query \"" + name + "\" read more than once (" + rows + " rows)");
                    out.add(b);
                    rows += b.size;
                }
            } finally {
                close();
            }
            batches = out;
        }
        return batches;
    }

    public long rows() {
        return rows;
    }

    /** Closes the source (idempotent); the rows already read stay. */
    public void close() {
        if (!closed && source != null) {
            closed = true;
            source.close();
        }
    }
}
