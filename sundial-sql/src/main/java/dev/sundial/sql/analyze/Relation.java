package dev.sundial.sql.analyze;

/**
 * A node of an analyzed FROM clause with joins: a table or subquery ({@link LeafRelation}) or a
 * join of two relations ({@link JoinRelation}). Its {@link #scope} resolves names to slots of its
 * own output layout, which is {@link #width} columns wide; a join's layout is its left side's
 * columns, then its right side's, then the merged USING columns of a FULL join. Mutable only while
 * the analyzer builds it (WHERE push-down adds filters), then read-only.
 */
public abstract sealed class Relation permits LeafRelation, JoinRelation {
    public final Scope scope;
    public final int width;

    protected Relation(Scope scope, int width) {
        this.scope = scope;
        this.width = width;
    }
}
