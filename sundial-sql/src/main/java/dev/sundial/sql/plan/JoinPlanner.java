package dev.sundial.sql.plan;

import dev.sundial.sql.analyze.AggregateCall;
import dev.sundial.sql.analyze.JoinRelation;
import dev.sundial.sql.analyze.LeafRelation;
import dev.sundial.sql.analyze.Relation;
import dev.sundial.sql.analyze.Scope;
import dev.sundial.sql.analyze.SelectPlan;
import dev.sundial.sql.exec.AsofJoinOperator;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ComparisonEval;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.HashJoinOperator;
import dev.sundial.sql.exec.NestedLoopJoinOperator;
import dev.sundial.sql.exec.Operator;
import dev.sundial.sql.exec.QueryContext;
import dev.sundial.sql.parser.SelectQuery.JoinKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Plans a {@link JoinRelation} tree: each table or subquery side as its own single-table plan
 * through {@link QueryPlanner} (so a table side keeps its time-range, tag-index and series pruning
 * from the conjuncts pushed to it, and reads only the columns the query uses; the others are
 * constant NULL), and each join as an ASOF join, a hash join on its equalities (the rest of its
 * condition a residual), or a nested-loop join when it has no equality. Stateless apart from the
 * statement's context.
 */
public final class JoinPlanner {
    private final QueryPlanner planner;

    JoinPlanner(QueryContext ctx, QueryPlanner planner) {
        this.planner = planner;
    }

    /** The operator producing {@code p.join}'s layout, reading the columns {@code p} uses. */
    Operator plan(SelectPlan p) {
        return relation(p.join, needed(p));
    }

    /** Slots of the joined layout that the query reads above the joins. */
    private static BitSet needed(SelectPlan p) {
        BitSet s = new BitSet();
        for (Eval e : p.where) {
            e.collectSlots(s);
        }
        if (p.aggregate) {
            for (Eval k : p.agg.keys()) {
                k.collectSlots(s);
            }
            for (AggregateCall a : p.agg.aggregates()) {
                if (a.arg() != null) {
                    a.arg().collectSlots(s);
                }
                if (a.arg2() != null) {
                    a.arg2().collectSlots(s);
                }
            }
        } else {
            for (Eval o : p.outputs) {
                o.collectSlots(s);
            }
        }
        return s;
    }

    private Operator relation(Relation r, BitSet needed) {
        if (r instanceof LeafRelation leaf) {
            return leaf(leaf, needed);
        }
        JoinRelation j = (JoinRelation) r;
        int lw = j.leftWidth;
        int rw = j.right.width;
        BitSet pairNeeded = new BitSet();
        for (int s = needed.nextSetBit(0); s >= 0; s = needed.nextSetBit(s + 1)) {
            if (s < lw + rw) {
                pairNeeded.set(s);
            } else {
                int[] c = j.coalesced.get(s - lw - rw);
                pairNeeded.set(c[0]);
                pairNeeded.set(c[1]);
            }
        }
        // what the stored right side must keep: the columns read above the join and by the residual
        // (keys and ASOF times are evaluated apart as the side is read)
        BitSet stored = (BitSet) pairNeeded.clone();
        for (Eval c : j.conditions) {
            c.collectSlots(pairNeeded);
        }
        if (j.asofLeft != null) {
            j.asofLeft.collectSlots(pairNeeded);
            j.asofRight.collectSlots(pairNeeded);
        }
        Operator left = relation(j.left, pairNeeded.get(0, lw));
        BitSet rightNeeded = pairNeeded.get(lw, lw + rw);
        Operator right = relation(j.right, rightNeeded);
        List<Eval> leftKeys = new ArrayList<>();
        List<Eval> rightKeys = new ArrayList<>();
        List<Eval> residual = new ArrayList<>();
        for (Eval c : j.conditions) {
            if (c instanceof ComparisonEval cmp && cmp.op == ComparisonEval.Op.EQ) {
                int a = side(cmp.left, lw);
                int b = side(cmp.right, lw);
                if (a >= 0 && b >= 0 && a != b) {
                    leftKeys.add(a == 0 ? cmp.left : cmp.right);
                    rightKeys.add(a == 0 ? cmp.right : cmp.left);
                    continue;
                }
            }
            residual.add(c);
            c.collectSlots(stored);
        }
        boolean[] rightKept = new boolean[rw];
        for (int s = stored.nextSetBit(lw); s >= 0 && s < lw + rw; s = stored.nextSetBit(s + 1)) {
            rightKept[s - lw] = true;
        }
        if (j.kind.asof()) {
            if (!residual.isEmpty()) {
                throw new IllegalStateException("BUG: ASOF JOIN with a residual condition " + residual);
            }
            return new AsofJoinOperator(planner.ctx(), left, right, leftKeys, rightKeys, j.asofLeft, j.asofRight, j.asofStrict,
                    j.tolerance, j.kind == JoinKind.ASOF_LEFT, rightKept);
        }
        JoinKind kind = j.kind == JoinKind.CROSS ? JoinKind.INNER : j.kind;
        if (leftKeys.isEmpty()) {
            return new NestedLoopJoinOperator(planner.ctx(), left, right, kind, QueryPlanner.and(residual), rightKept, j.coalesced);
        }
        return new HashJoinOperator(planner.ctx(), left, right, kind, leftKeys, rightKeys, QueryPlanner.and(residual), rightKept,
                j.coalesced);
    }

    /** A table or subquery side: its own plan, with the needed columns and constant NULL for the rest. */
    private Operator leaf(LeafRelation leaf, BitSet needed) {
        SelectPlan lp = leaf.plan;
        Scope.Column[] bySlot = new Scope.Column[leaf.width];
        for (Scope.Column c : leaf.scope.columns()) {
            bySlot[c.slot()] = c;
        }
        for (int s = 0; s < bySlot.length; s++) {
            Scope.Column c = bySlot[s];
            lp.outputs.add(needed.get(s) ? new ColumnEval(s, c.type(), c.name()) : new ConstEval(c.type(), null));
            lp.names.add(c.name());
            lp.fills.add(SelectPlan.Fill.NONE);
        }
        lp.visible = bySlot.length;
        return planner.plan(lp);
    }

    /** 0 when {@code e} reads only left slots, 1 only right slots, -1 both or none. */
    private static int side(Eval e, int leftWidth) {
        BitSet s = new BitSet();
        e.collectSlots(s);
        if (s.isEmpty()) {
            return -1;
        }
        if (s.length() <= leftWidth) {
            return 0;
        }
        return s.nextSetBit(0) >= leftWidth ? 1 : -1;
    }
}
