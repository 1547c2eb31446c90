package dev.sundial.sql.analyze;

import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.parser.SelectQuery.JoinKind;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code left JOIN right}: the kind, the sides, and the conditions over the sides' concatenated
 * layout (slots {@code [0, leftWidth)} the left side, then the right side): ON, USING equalities and
 * WHERE conjuncts pushed into an inner join. The planner splits them into equi-keys and a residual.
 * An ASOF join has its time inequality apart ({@link #asofLeft} {@code >=} or {@code >}
 * {@link #asofRight}) and only equalities in {@link #conditions}.
 */
public final class JoinRelation extends Relation {
    /** INNER once a pushed-down WHERE conjunct gives a CROSS join a condition. */
    public JoinKind kind;
    public final Relation left;
    public final Relation right;
    public final int leftWidth;
    public final List<Eval> conditions = new ArrayList<>();
    /** FULL JOIN … USING: the (left slot, right slot) pairs whose COALESCE follows the sides' columns. */
    public final List<int[]> coalesced;
    public Eval asofLeft;
    public Eval asofRight;
    /** True for {@code >} (strictly before), false for {@code >=}. */
    public boolean asofStrict;
    /** ASOF TOLERANCE in the time unit of the inequality (nanoseconds for timestamps), or -1 for none. */
    public long tolerance = -1;

    JoinRelation(JoinKind kind, Relation left, Relation right, List<int[]> coalesced, Scope scope) {
        super(scope, left.width + right.width + coalesced.size());
        this.kind = kind;
        this.left = left;
        this.right = right;
        this.leftWidth = left.width;
        this.coalesced = coalesced;
    }
}
