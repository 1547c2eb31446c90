package dev.sundial.sql.analyze;

import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ComparisonEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.SelectQuery.JoinKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Places the WHERE conjuncts of a query with joins as deep as they stay correct:
 * <ul>
 * <li>a conjunct reading one side goes down into that side through joins that do not null-extend
 * it (both sides of INNER and CROSS, the left of LEFT and ASOF, the right of RIGHT) — never into
 * the NULL-extended side of an outer join, nor into an ASOF join's right side, where filtering
 * first would change which row is the latest; on a table it becomes the scan's time range and
 * tag pruning;</li>
 * <li>one reading both sides of an INNER or CROSS join (and nothing outside it) becomes a join
 * condition there, so {@code FROM a, b WHERE a.x = b.x} is a hash join;</li>
 * <li>a conjunct on one column also filters the columns it equals through a join's plain column
 * equality ({@code WHERE a.host = 'x'} with {@code a.host = b.host} prunes b's series too), in
 * the directions that cannot lose a match: both ways in an INNER join, from the preserved side to
 * the other in LEFT/RIGHT and ASOF joins (right rows with another key could only match left rows
 * the conjunct removes);</li>
 * <li>everything else stays a filter over the joined rows.</li>
 * </ul>
 * Each placed conjunct is analyzed again over a copy of the query's scope whose slots are those of
 * the target, so its names resolve exactly as in WHERE. Not thread-safe; one per query.
 */
final class JoinPushDown {
    private final ExprAnalyzer exprs;
    private final JoinRelation root;

    /** True when placing a join's own ON conjuncts: at the root, only the side the join does not preserve is filterable. */
    private final boolean onClause;

    JoinPushDown(ExprAnalyzer exprs, JoinRelation root) {
        this(exprs, root, false);
    }

    private JoinPushDown(ExprAnalyzer exprs, JoinRelation root, boolean onClause) {
        this.exprs = exprs;
        this.root = root;
        this.onClause = onClause;
    }

    /**
     * Places the ON conjuncts of {@code join} (INNER, LEFT or RIGHT, analyzed over its own scope): one
     * reading only a side that the ON condition may filter first — either side of INNER, the right
     * of LEFT, the left of RIGHT (filtering it first changes no match) — goes down into that side;
     * the others stay in {@code join.conditions}.
     */
    static void on(ExprAnalyzer exprs, JoinRelation join, List<Eval> conjuncts, List<Expr> asts) {
        JoinPushDown d = new JoinPushDown(exprs, join, true);
        for (int i = 0; i < conjuncts.size(); i++) {
            Eval e = conjuncts.get(i);
            BitSet slots = new BitSet();
            e.collectSlots(slots);
            Target t = slots.isEmpty() || !deterministic(e) ? null : d.descend(join, 0, slots);
            if (t == null || t.node == join || !d.push(t, asts.get(i))) {
                join.conditions.add(e);
            }
        }
    }

    /** Places the conjuncts of {@code where}; those that stay above the joins go to {@code remaining}. */
    void where(Expr where, List<Eval> remaining) {
        List<Expr> conjuncts = where instanceof Expr.Logical l && l.op().equals("AND") ? l.operands() : List.of(where);
        for (Expr c : conjuncts) {
            Eval e = exprs.analyze(c, root.scope, null, "in WHERE");
            BitSet slots = new BitSet();
            e.collectSlots(slots);
            if (slots.isEmpty() || !deterministic(e) || !place(c, slots)) {
                SelectAnalyzer.splitConjuncts(e, remaining);
            }
            if (slots.cardinality() == 1 && columnRefs(c) == 1) {
                implied(c, slots.nextSetBit(0), new HashSet<>());
            }
        }
    }

    private record Target(Relation node, int offset, List<JoinRelation> path, List<Integer> offsets) {
    }

    /** The deepest relation covering {@code slots} reached through sides that are filtered before joining. */
    private Target descend(Relation start, int offset, BitSet slots) {
        Relation node = start;
        int off = offset;
        List<JoinRelation> path = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int lo = slots.nextSetBit(0);
        int hi = slots.length() - 1;
        while (node instanceof JoinRelation j) {
            boolean own = onClause && j == root;
            boolean leftOk = own ? j.kind == JoinKind.INNER || j.kind == JoinKind.RIGHT : leftFilterable(j.kind);
            boolean rightOk = own ? j.kind == JoinKind.INNER || j.kind == JoinKind.LEFT : rightFilterable(j.kind);
            if (lo >= off && hi < off + j.leftWidth && leftOk) {
                path.add(j);
                offsets.add(off);
                node = j.left;
            } else if (lo >= off + j.leftWidth && hi < off + j.leftWidth + j.right.width && rightOk) {
                path.add(j);
                offsets.add(off);
                off += j.leftWidth;
                node = j.right;
            } else {
                break;
            }
        }
        return new Target(node, off, path, offsets);
    }

    private static boolean leftFilterable(JoinKind k) {
        return k == JoinKind.INNER || k == JoinKind.CROSS || k == JoinKind.LEFT || k.asof();
    }

    private static boolean rightFilterable(JoinKind k) {
        return k == JoinKind.INNER || k == JoinKind.CROSS || k == JoinKind.RIGHT;
    }

    /** Pushes {@code c} to where {@link #descend} leads; false when it must stay above the joins. */
    private boolean place(Expr c, BitSet slots) {
        return push(descend(root, 0, slots), c);
    }

    private boolean push(Target t, Expr c) {
        if (t.node instanceof LeafRelation leaf) {
            Eval e = exprs.analyze(c, shifted(t.offset), null, "in WHERE");
            SelectAnalyzer.splitConjuncts(e, leaf.plan.where);
            return true;
        }
        JoinRelation j = (JoinRelation) t.node;
        if (j.kind == JoinKind.INNER || j.kind == JoinKind.CROSS) {
            j.conditions.add(exprs.analyze(c, shifted(t.offset), null, "in WHERE"));
            j.kind = JoinKind.INNER;
            return true;
        }
        return false;
    }

    /**
     * Pushes copies of the one-column conjunct {@code c} on root slot {@code slot} onto the columns
     * equal to it in the joins it passes through (transitively).
     */
    private void implied(Expr c, int slot, Set<Integer> seen) {
        if (!seen.add(slot)) {
            return;
        }
        BitSet one = new BitSet();
        one.set(slot);
        Target path = descend(root, 0, one);
        for (int i = 0; i < path.path.size(); i++) {
            JoinRelation j = path.path.get(i);
            int off = path.offsets.get(i);
            int local = slot - off;
            boolean fromLeft = local < j.leftWidth;
            boolean allowed = fromLeft ? j.kind == JoinKind.INNER || j.kind == JoinKind.LEFT || j.kind.asof()
                    : j.kind == JoinKind.INNER || j.kind == JoinKind.RIGHT;
            if (!allowed) {
                continue;
            }
            for (Eval cond : j.conditions) {
                if (!(cond instanceof ComparisonEval cmp) || cmp.op != ComparisonEval.Op.EQ
                        || !(cmp.left instanceof ColumnEval a) || !(cmp.right instanceof ColumnEval b) || a.type != b.type) {
                    continue;
                }
                int other = a.slot == local ? b.slot : b.slot == local ? a.slot : -1;
                if (other < 0 || (other < j.leftWidth) == fromLeft) {
                    continue;
                }
                Expr.ColumnRef name = nameOf(off + other);
                if (name == null) {
                    continue;
                }
                Expr copy = withColumn(c, name);
                if (copy == null) {
                    return;
                }
                // step into the other side even where a WHERE conjunct may not (the NULL-extended or ASOF right side)
                Relation side = fromLeft ? j.right : j.left;
                int sideOff = fromLeft ? off + j.leftWidth : off;
                BitSet target = new BitSet();
                target.set(off + other);
                push(descend(side, sideOff, target), copy);
                implied(copy, off + other, seen);
            }
        }
    }

    /** A reference that resolves to root slot {@code slot} alone, or null when there is none. */
    private Expr.ColumnRef nameOf(int slot) {
        for (Scope.Column c : root.scope.columns()) {
            if (c.slot() == slot && c.qualifier() != null) {
                long same = root.scope.columns().stream()
                        .filter(o -> o.name().equals(c.name()) && c.qualifier().equals(o.qualifier())).count();
                if (same == 1) {
                    return new Expr.ColumnRef(c.qualifier(), c.name(), null);
                }
            }
        }
        return null;
    }

    /** {@code c} with its one column reference replaced, for the shapes a key filter takes; else null. */
    private static Expr withColumn(Expr c, Expr.ColumnRef col) {
        return switch (c) {
            case Expr.Binary b when b.left() instanceof Expr.ColumnRef && columnRefs(b.right()) == 0 ->
                    new Expr.Binary(b.op(), at(col, b.left()), b.right(), b.pos());
            case Expr.Binary b when b.right() instanceof Expr.ColumnRef && columnRefs(b.left()) == 0 ->
                    new Expr.Binary(b.op(), b.left(), at(col, b.right()), b.pos());
            case Expr.InList in when in.value() instanceof Expr.ColumnRef ->
                    new Expr.InList(at(col, in.value()), in.list(), in.negated(), in.pos());
            case Expr.Between b when b.value() instanceof Expr.ColumnRef ->
                    new Expr.Between(at(col, b.value()), b.low(), b.high(), b.negated(), b.pos());
            case Expr.Like l when l.value() instanceof Expr.ColumnRef ->
                    new Expr.Like(at(col, l.value()), l.pattern(), l.negated(), l.caseInsensitive(), l.pos());
            default -> null;
        };
    }

    private static Expr.ColumnRef at(Expr.ColumnRef col, Expr old) {
        return new Expr.ColumnRef(col.qualifier(), col.name(), old.pos());
    }

    /** Column references in {@code e} for the shapes {@link #withColumn} rewrites (others count as many). */
    private static int columnRefs(Expr e) {
        return switch (e) {
            case Expr.ColumnRef r -> 1;
            case Expr.Literal l -> 0;
            case Expr.TypedLiteral l -> 0;
            case Expr.Parameter p -> 0;
            case Expr.Unary u -> columnRefs(u.operand());
            case Expr.Cast k -> columnRefs(k.value());
            case Expr.Binary b -> columnRefs(b.left()) + columnRefs(b.right());
            case Expr.InList in -> columnRefs(in.value()) + in.list().stream().mapToInt(JoinPushDown::columnRefs).sum();
            case Expr.Between b -> columnRefs(b.value()) + columnRefs(b.low()) + columnRefs(b.high());
            case Expr.Like l -> columnRefs(l.value()) + columnRefs(l.pattern());
            default -> 100;
        };
    }

    /** The query's scope with the slots of the relation at {@code offset}: its columns resolve as in WHERE. */
    private Scope shifted(int offset) {
        List<Scope.Column> cols = new ArrayList<>();
        for (Scope.Column c : root.scope.columns()) {
            cols.add(new Scope.Column(c.qualifier(), c.name(), c.type(), c.slot() - offset, c.kind(), c.qualifiedOnly()));
        }
        return new Scope(cols, "the joined tables");
    }

    private static boolean deterministic(Eval e) {
        if (!e.deterministic()) {
            return false;
        }
        for (Eval c : e.children()) {
            if (!deterministic(c)) {
                return false;
            }
        }
        return true;
    }
}
