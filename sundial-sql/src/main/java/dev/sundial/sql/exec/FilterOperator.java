package dev.sundial.sql.exec;

import java.util.List;

/** Keeps the rows for which a predicate is true (WHERE over a subquery, HAVING). */
public final class FilterOperator extends Operator {
    private final Operator child;
    private final Eval predicate;

    public FilterOperator(QueryContext ctx, Operator child, Eval predicate) {
        super(ctx, child.columns());
        this.child = child;
        this.predicate = predicate;
    }

    @Override
    protected Batch produce() {
        Batch b;
        while ((b = child.next()) != null) {
            Batch f = Filters.apply(predicate, b);
            if (f.size > 0) {
                return f;
            }
        }
        return null;
    }

    @Override
    public List<Operator> children() {
        return List.of(child);
    }

    @Override
    public String explain() {
        return "Filter " + predicate.describe();
    }
}
