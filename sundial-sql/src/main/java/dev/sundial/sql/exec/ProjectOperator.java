package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import java.util.List;

/** Computes the output columns from each input batch (vectorized expressions). */
public final class ProjectOperator extends Operator {
    private final Operator child;
    private final List<Eval> exprs;

    public ProjectOperator(QueryContext ctx, Operator child, List<Eval> exprs, List<ResultColumn> columns) {
        super(ctx, columns);
        this.child = child;
        this.exprs = exprs;
    }

    @Override
    protected Batch produce() {
        Batch b = child.next();
        if (b == null) {
            return null;
        }
        Vec[] out = new Vec[exprs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = exprs.get(i).eval(b);
        }
        return new Batch(b.size, out);
    }

    @Override
    public List<Operator> children() {
        return List.of(child);
    }

    @Override
    public String explain() {
        return "Project " + String.join(", ", exprs.stream().map(Eval::describe).toList());
    }
}
