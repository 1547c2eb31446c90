package dev.sundial.sql.exec;

import dev.sundial.sql.parser.SelectQuery.JoinKind;
import java.util.List;

/**
 * A join without equality keys (CROSS JOIN, or ON conditions such as {@code a.v < b.v}): reads the
 * right side whole into a {@link RowStore} within the query's memory budget, then for each left
 * batch tries every right row, one right row at a time as constants against the whole left batch,
 * so the condition is evaluated vectorized. INNER, LEFT, RIGHT and FULL. Not thread-safe.
 */
public final class NestedLoopJoinOperator extends Operator {
    private final Operator left;
    private final Operator right;
    private final JoinKind kind;
    private final Eval condition;
    private final boolean[] rightKept;
    private final JoinOutput out;
    private RowStore store;
    private boolean[] rightMatched;
    private Batch probe;
    private boolean[] probeMatched;
    private int rightRow;
    private boolean probeDone;
    private UnmatchedRightRows unmatched;

    /** @param condition the ON condition over the pair layout, or null for CROSS JOIN */
    public NestedLoopJoinOperator(QueryContext ctx, Operator left, Operator right, JoinKind kind, Eval condition,
                                  boolean[] rightKept, List<int[]> coalesced) {
        this(ctx, left, right, kind, condition, rightKept, new JoinOutput(left.columns(), right.columns(), coalesced));
    }

    private NestedLoopJoinOperator(QueryContext ctx, Operator left, Operator right, JoinKind kind, Eval condition,
                                   boolean[] rightKept, JoinOutput out) {
        super(ctx, out.columns);
        this.left = left;
        this.right = right;
        this.kind = kind;
        this.condition = condition;
        this.rightKept = rightKept;
        this.out = out;
    }

    @Override
    protected Batch produce() {
        if (store == null) {
            store = new RowStore(right.columns(), rightKept, ctx, "the nested-loop join's right input");
            Batch b;
            while ((b = right.next()) != null) {
                store.add(b);
            }
            if (kind == JoinKind.RIGHT || kind == JoinKind.FULL) {
                store.reserveExtra(store.size);
                rightMatched = new boolean[store.size];
            }
        }
        while (!probeDone) {
            if (probe == null) {
                probe = left.next();
                if (probe == null) {
                    probeDone = true;
                    break;
                }
                probeMatched = new boolean[probe.size];
                rightRow = 0;
            }
            while (rightRow < store.size) {
                int r = rightRow++;
                if ((rightRow & 255) == 0) {
                    ctx.check();
                }
                Batch b = pairWith(r);
                if (b.size > 0) {
                    return out.finish(b.cols, b.size);
                }
            }
            Batch unmatched = unmatchedProbe();
            probe = null;
            if (unmatched != null) {
                return unmatched;
            }
        }
        return kind == JoinKind.RIGHT || kind == JoinKind.FULL ? unmatchedRight() : null;
    }

    /** The left batch's rows that match right row {@code r}, joined with it. */
    private Batch pairWith(int r) {
        Vec[] rv = new Vec[out.rightWidth];
        for (int c = 0; c < rv.length; c++) {
            Vec v = store.column(c);
            rv[c] = v.constant ? v : Vec.constant(v.type, v.get(r));
        }
        Batch all = new Batch(probe.size, out.pair(probe.cols, rv));
        Batch kept = condition == null ? all : Filters.apply(condition, all);
        if (kept.size == 0) {
            return kept;
        }
        if (kept == all) {
            java.util.Arrays.fill(probeMatched, true);
        } else {
            Vec m = condition.eval(all);
            for (int i = 0; i < probe.size; i++) {
                if (!m.isNull(i) && m.getBool(i)) {
                    probeMatched[i] = true;
                }
            }
        }
        if (rightMatched != null) {
            rightMatched[r] = true;
        }
        return kept;
    }

    private Batch unmatchedProbe() {
        if (kind != JoinKind.LEFT && kind != JoinKind.FULL) {
            return null;
        }
        int[] sel = new int[probe.size];
        int m = 0;
        for (int i = 0; i < probe.size; i++) {
            if (!probeMatched[i]) {
                sel[m++] = i;
            }
        }
        if (m == 0) {
            return null;
        }
        Vec[] l = new Vec[out.leftWidth];
        for (int c = 0; c < l.length; c++) {
            l[c] = probe.cols[c].select(sel, m);
        }
        return out.finish(out.pair(l, null), m);
    }

    private Batch unmatchedRight() {
        if (unmatched == null) {
            unmatched = new UnmatchedRightRows(store, rightMatched, out);
        }
        return unmatched.next();
    }

    @Override
    public List<Operator> children() {
        return List.of(left, right);
    }

    @Override
    public String explain() {
        return "NestedLoopJoin " + kind.sql + (condition == null ? "" : " on " + condition.describe());
    }

    @Override
    public void close() {
        if (store != null) {
            store.release();
        }
        super.close();
    }
}
