package dev.sundial.sql.analyze;

import dev.sundial.sql.exec.MaterializedRows;
import dev.sundial.sql.exec.MemoryBudget;
import java.util.List;

/**
 * Runs an analyzed query for the analyzer: an uncorrelated subquery once per statement, a
 * correlated one per distinct outer value, a WITH query referenced more than once into shared
 * rows. Implemented by the planner's side ({@code plan.SubqueryExecution}) over the statement's
 * {@code QueryContext}, so subqueries share its deadline, cancellation and memory budget.
 */
public interface SubqueryRunner {
    /** The visible rows of {@code plan}, boxed, stopping after {@code maxRows} rows. */
    List<Object[]> rows(SelectPlan plan, long maxRows);

    /** The rows that every reference to {@code cte} reads, computed on the first call. */
    MaterializedRows materialize(CteDefinition cte);

    /** The statement's memory budget, which holds subquery results until the statement ends. */
    MemoryBudget memory();
}
