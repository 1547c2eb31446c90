package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import java.util.List;

/**
 * A step of a query's execution, pulled batch by batch: {@link #next()} returns the next batch or
 * null at the end. Batches are handed on and never mutated afterwards. Operators form a tree;
 * {@link #close()} releases resources of the whole subtree (snapshots, memory, worker tasks) and
 * may be called at any point. Not thread-safe: one consumer.
 */
public abstract class Operator implements AutoCloseable {
    protected final QueryContext ctx;
    private final List<ResultColumn> columns;
    private long rowsOut;
    private long batchesOut;
    private long nanos;

    protected Operator(QueryContext ctx, List<ResultColumn> columns) {
        this.ctx = ctx;
        this.columns = columns;
    }

    /** Output columns (names and types), one per batch column. */
    public final List<ResultColumn> columns() {
        return columns;
    }

    public final Batch next() {
        ctx.check();
        long t = ctx.analyze() ? System.nanoTime() : 0;
        Batch b = produce();
        if (ctx.analyze()) {
            nanos += System.nanoTime() - t;
        }
        if (b != null) {
            rowsOut += b.size;
            batchesOut++;
        }
        return b;
    }

    protected abstract Batch produce();

    public abstract List<Operator> children();

    /** One line for EXPLAIN: the operator and its settings. */
    public abstract String explain();

    /** Extra lines for EXPLAIN (pruning, push-down), indented under the operator. */
    public List<String> explainDetails() {
        return List.of();
    }

    public long rowsOut() {
        return rowsOut;
    }

    /** Time spent in this operator and its children (inclusive), under EXPLAIN ANALYZE. */
    public long nanos() {
        return nanos;
    }

    @Override
    public void close() {
        for (Operator c : children()) {
            c.close();
        }
    }
}
