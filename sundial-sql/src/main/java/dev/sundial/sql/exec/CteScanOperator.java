package dev.sundial.sql.exec;

import java.util.List;

/**
 * Reads the shared rows of a WITH query referenced more than once ({@link MaterializedRows}): the
 * first read computes them, every reference then streams the same batches. The reference that
 * planned the rows shows their plan under it in EXPLAIN. Not thread-safe.
 */
public final class CteScanOperator extends Operator {
    private final MaterializedRows shared;
    private final boolean owner;
    private int pos;

    /** @param owner whether this reference planned the rows (it shows their plan and closes it) */
    public CteScanOperator(QueryContext ctx, MaterializedRows shared, boolean owner) {
        super(ctx, shared.columns());
        this.shared = shared;
        this.owner = owner;
    }

    @Override
    protected Batch produce() {
        List<Batch> batches = shared.batches(ctx);
        return pos < batches.size() ? batches.get(pos++) : null;
    }

    @Override
    public List<Operator> children() {
        return owner ? List.of(shared.source()) : List.of();
    }

    @Override
    public String explain() {
        return "CTE Scan " + shared.name() + (owner ? " (materialized once, read by every reference)" : " (shared rows, computed once)");
    }

    @Override
    public void close() {
        if (owner) {
            shared.close();
        }
    }
}
