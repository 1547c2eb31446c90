package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import java.util.List;

/** Emits fixed batches: SELECT without FROM (one row, no columns), SHOW TABLES, DESCRIBE. */
public final class ValuesOperator extends Operator {
    private final List<Batch> batches;
    private int pos;

    public ValuesOperator(QueryContext ctx, List<ResultColumn> columns, List<Batch> batches) {
        super(ctx, columns);
        this.batches = batches;
    }

    @Override
    protected Batch produce() {
        return pos < batches.size() ? batches.get(pos++) : null;
    }

    @Override
    public List<Operator> children() {
        return List.of();
    }

    @Override
    public String explain() {
        return "Values rows=" + batches.stream().mapToInt(b -> b.size).sum();
    }
}
