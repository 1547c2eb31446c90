package dev.sundial.sql.analyze;

import dev.sundial.ResultColumn;
import dev.sundial.sql.exec.MaterializedRows;
import dev.sundial.sql.parser.QueryExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * One WITH query of a statement, analyzed once where it is defined. A reference in FROM reads it
 * like a subquery: inlined into the referencing query when it is the only reference (so the
 * planner sees the table scan under it), otherwise computed once into {@link MaterializedRows}
 * that every reference reads, so that a WITH query read twice gives the same rows twice. Mutable
 * while the statement is analyzed and planned; one statement, one thread.
 */
public final class CteDefinition {
    private final QueryExpr.Cte ast;
    private final SelectPlan plan;
    private final List<String> names;
    private int references;
    private boolean planned;
    private MaterializedRows rows;

    CteDefinition(QueryExpr.Cte ast, SelectPlan plan, List<String> names) {
        this.ast = ast;
        this.plan = plan;
        this.names = List.copyOf(names);
    }

    public String name() {
        return ast.name();
    }

    /** The analyzed query (planned once: inline by its only reference, or into the shared rows). */
    public SelectPlan plan() {
        return plan;
    }

    /** Output names after the WITH query's column list. */
    public List<String> names() {
        return names;
    }

    public List<ResultColumn> columns() {
        List<ResultColumn> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new ResultColumn(names.get(i), plan.outputs.get(i).type));
        }
        return out;
    }

    void addReference() {
        references++;
    }

    /**
     * Whether a reference planned now may plan the query itself: only when the statement is fully
     * analyzed and this is its only reference (a subquery run while analyzing could be followed by
     * further references, which must then see the same rows).
     */
    public boolean inlinable(boolean analysisDone) {
        return analysisDone && references == 1 && !planned && rows == null;
    }

    /** Marks the plan as taken by an inline reference (it may be planned only once). */
    public void markPlanned() {
        planned = true;
    }

    /** The shared rows, created on first use by {@code create}. */
    public MaterializedRows shared(java.util.function.Supplier<MaterializedRows> create) {
        if (rows == null) {
            if (planned) {
                throw new IllegalStateException("BUG: WITH query \"" + name() + "\" inlined and then read again");
            }
            rows = create.get();
        }
        return rows;
    }

    /** True when the shared rows exist (so a reference does not plan them again). */
    public boolean hasShared() {
        return rows != null;
    }
}
