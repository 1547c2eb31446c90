package dev.sundial.sql.plan;

import dev.sundial.sql.analyze.CteDefinition;
import dev.sundial.sql.analyze.SelectPlan;
import dev.sundial.sql.analyze.SubqueryRunner;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.MaterializedRows;
import dev.sundial.sql.exec.MemoryBudget;
import dev.sundial.sql.exec.Operator;
import dev.sundial.sql.exec.QueryContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs subqueries for the analyzer within the statement's {@link QueryContext}: planned by a
 * {@link QueryPlanner} of the same context, drained, closed. Boxed rows are for the small results
 * that become constants (scalar values, EXISTS, IN lists); the memory of IN lists is reserved by
 * the caller. One per statement; not thread-safe.
 */
public final class SubqueryExecution implements SubqueryRunner {
    private final QueryContext ctx;

    public SubqueryExecution(QueryContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Object[]> rows(SelectPlan plan, long maxRows) {
        List<Object[]> out = new ArrayList<>();
        long reserved = 0;
        try (Operator op = new QueryPlanner(ctx).plan(plan)) {
            Batch b;
            while (out.size() < maxRows && (b = op.next()) != null) {
                // boxed rows while they are collected: an array, its header and boxed values
                long bytes = (long) b.size * (32 + 24L * plan.visible);
                ctx.memory().reserve(bytes, "the rows of a subquery (" + out.size() + " so far)");
                reserved += bytes;
                for (int i = 0; i < b.size && out.size() < maxRows; i++) {
                    Object[] row = new Object[plan.visible];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = b.cols[c].get(i);
                    }
                    out.add(row);
                }
            }
        } finally {
            ctx.memory().release(reserved); // the caller keeps what it needs (and reserves that)
        }
        return out;
    }

    @Override
    public MaterializedRows materialize(CteDefinition cte) {
        return cte.shared(() -> new MaterializedRows(cte.name(), cte.columns(), () -> new QueryPlanner(ctx).plan(cte.plan())));
    }

    @Override
    public MemoryBudget memory() {
        return ctx.memory();
    }
}
