package dev.sundial.sql.analyze;

/**
 * A table or subquery side of a join, as a single-table {@link SelectPlan} of its own: its
 * {@code where} holds the WHERE conjuncts pushed down to it (so a table keeps time-range and tag
 * pruning), and the planner fills its outputs with the columns the query reads.
 */
public final class LeafRelation extends Relation {
    public final SelectPlan plan;
    /** The name the side is known by (alias, table name), or null for a subquery without alias. */
    public final String name;

    LeafRelation(SelectPlan plan, String name) {
        super(plan.input, plan.input.columns().size());
        this.plan = plan;
        this.name = name;
    }
}
