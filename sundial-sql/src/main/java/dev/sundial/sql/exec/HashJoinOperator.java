package dev.sundial.sql.exec;

import dev.sundial.sql.parser.SelectQuery.JoinKind;
import java.util.List;

/**
 * Equi-join by hashing: reads the right side whole into a {@link RowStore} and a chained hash table
 * of its keys (within the query's memory budget: an oversized right side fails naming the limit and
 * the setting to raise; nothing spills), then streams the left side, probing batch by batch. Keys
 * of any type; a NULL key matches nothing. The residual condition is checked on each candidate
 * pair, so it decides matches of outer joins as ON does. INNER, LEFT, RIGHT and FULL: unmatched
 * left rows follow each probe batch's matches, unmatched right rows come last. Output rows of one
 * left row keep the right side's arrival order. Not thread-safe.
 */
public final class HashJoinOperator extends Operator {
    private static final int OUT = 4096;
    private final Operator left;
    private final Operator right;
    private final JoinKind kind;
    private final List<Eval> leftKeys;
    private final List<Eval> rightKeys;
    private final Eval residual;
    private final JoinOutput out;
    private final boolean[] rightKept;
    private RowStore build;
    private Vec[] buildKeys;
    private long[] hashes;
    private int[] head;
    private int[] next;
    private int mask;
    private boolean[] buildMatched;
    // probe state
    private Batch probe;
    private Vec[] probeKeys;
    private boolean[] probeMatched;
    private int row;
    private int chain = -2;
    private long rowHash;
    private boolean probeDone;
    private UnmatchedRightRows unmatched;
    private final int[] probeSel = new int[OUT];
    private final int[] buildSel = new int[OUT];

    /**
     * @param leftKeys  key expressions over the pair layout reading the left side only
     * @param rightKeys the matching right keys (same types), reading the right side only
     * @param residual  the rest of the condition over the pair layout, or null
     * @param rightKept which right columns the query reads (the others are not stored)
     * @param coalesced FULL JOIN … USING's (left slot, right slot) pairs, appended as COALESCE
     */
    public HashJoinOperator(QueryContext ctx, Operator left, Operator right, JoinKind kind, List<Eval> leftKeys,
                            List<Eval> rightKeys, Eval residual, boolean[] rightKept, List<int[]> coalesced) {
        this(ctx, left, right, kind, leftKeys, rightKeys, residual, rightKept, new JoinOutput(left.columns(), right.columns(), coalesced));
    }

    private HashJoinOperator(QueryContext ctx, Operator left, Operator right, JoinKind kind, List<Eval> leftKeys,
                             List<Eval> rightKeys, Eval residual, boolean[] rightKept, JoinOutput out) {
        super(ctx, out.columns);
        this.left = left;
        this.right = right;
        this.kind = kind;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.residual = residual;
        this.rightKept = rightKept;
        this.out = out;
    }

    @Override
    protected Batch produce() {
        if (build == null) {
            build();
        }
        while (!probeDone) {
            if (probe == null) {
                probe = left.next();
                if (probe == null) {
                    probeDone = true;
                    break;
                }
                probeKeys = eval(leftKeys, probe.cols, null, probe.size);
                probeMatched = new boolean[probe.size];
                row = 0;
                chain = -2;
            }
            Batch b = probeStep();
            if (b != null && b.size > 0) {
                return b;
            }
        }
        return kind == JoinKind.RIGHT || kind == JoinKind.FULL ? unmatchedBuild() : null;
    }

    private void build() {
        build = new RowStore(right.columns(), rightKept(), ctx, "the hash join's build side (its right input)");
        RowStore keys = new RowStore(keyColumns(), allKept(rightKeys.size()), ctx, "the hash join's build side (its right input)");
        Batch b;
        while ((b = right.next()) != null) {
            build.add(b);
            Batch k = new Batch(b.size, eval(rightKeys, null, b.cols, b.size));
            keys.add(k);
        }
        int n = build.size;
        buildKeys = new Vec[rightKeys.size()];
        for (int k = 0; k < buildKeys.length; k++) {
            buildKeys[k] = keys.column(k);
        }
        int cap = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
        build.reserveExtra(12L * n + 4L * cap + (kind == JoinKind.RIGHT || kind == JoinKind.FULL ? n : 0));
        keysStore = keys;
        hashes = new long[n];
        next = new int[n];
        head = new int[cap];
        mask = cap - 1;
        java.util.Arrays.fill(head, -1);
        // insert backwards so that each chain lists rows in arrival order
        for (int r = n - 1; r >= 0; r--) {
            if (JoinKeys.anyNull(buildKeys, r)) {
                next[r] = -1;
                continue;
            }
            long h = JoinKeys.hash(buildKeys, r);
            hashes[r] = h;
            int slot = (int) h & mask;
            next[r] = head[slot];
            head[slot] = r;
        }
        if (kind == JoinKind.RIGHT || kind == JoinKind.FULL) {
            buildMatched = new boolean[n];
        }
    }

    private RowStore keysStore;

    private boolean[] rightKept() {
        return rightKept;
    }

    private static boolean[] allKept(int n) {
        boolean[] k = new boolean[n];
        java.util.Arrays.fill(k, true);
        return k;
    }

    private List<dev.sundial.ResultColumn> keyColumns() {
        return rightKeys.stream().map(e -> new dev.sundial.ResultColumn(e.describe(), e.type)).toList();
    }

    private Vec[] eval(List<Eval> keys, Vec[] l, Vec[] r, int size) {
        Batch pair = new Batch(size, out.pair(l, r));
        Vec[] v = new Vec[keys.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = keys.get(k).eval(pair);
        }
        return v;
    }

    /** Up to {@link #OUT} candidate pairs of the current probe batch, filtered; or its unmatched rows at its end. */
    private Batch probeStep() {
        int n = 0;
        while (row < probe.size && n < OUT) {
            if (chain == -2) {
                if (JoinKeys.anyNull(probeKeys, row)) {
                    chain = -1;
                } else {
                    rowHash = JoinKeys.hash(probeKeys, row);
                    chain = head[(int) rowHash & mask];
                }
            }
            while (chain >= 0 && n < OUT) {
                if (hashes[chain] == rowHash && JoinKeys.equal(probeKeys, row, buildKeys, chain)) {
                    probeSel[n] = row;
                    buildSel[n] = chain;
                    n++;
                }
                chain = next[chain];
            }
            if (chain < 0) {
                row++;
                chain = -2;
            }
        }
        if (n > 0) {
            return matches(n);
        }
        // the probe batch is done
        Batch b = null;
        if (kind == JoinKind.LEFT || kind == JoinKind.FULL) {
            int[] sel = new int[probe.size];
            int m = 0;
            for (int i = 0; i < probe.size; i++) {
                if (!probeMatched[i]) {
                    sel[m++] = i;
                }
            }
            if (m > 0) {
                Vec[] l = new Vec[out.leftWidth];
                for (int c = 0; c < l.length; c++) {
                    l[c] = probe.cols[c].select(sel, m);
                }
                b = out.finish(out.pair(l, null), m);
            }
        }
        probe = null;
        return b;
    }

    private Batch matches(int n) {
        Vec[] l = new Vec[out.leftWidth];
        for (int c = 0; c < l.length; c++) {
            l[c] = probe.cols[c].select(probeSel, n);
        }
        Vec[] r = new Vec[out.rightWidth];
        for (int c = 0; c < r.length; c++) {
            r[c] = build.column(c).constant ? build.column(c) : build.column(c).select(buildSel, n);
        }
        Vec[] cols = out.pair(l, r);
        if (residual == null) {
            for (int i = 0; i < n; i++) {
                probeMatched[probeSel[i]] = true;
                if (buildMatched != null) {
                    buildMatched[buildSel[i]] = true;
                }
            }
            return out.finish(cols, n);
        }
        Vec m = residual.eval(new Batch(n, cols));
        int[] sel = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!m.isNull(i) && m.getBool(i)) {
                sel[k++] = i;
                probeMatched[probeSel[i]] = true;
                if (buildMatched != null) {
                    buildMatched[buildSel[i]] = true;
                }
            }
        }
        Batch all = new Batch(n, cols);
        Batch kept = k == n ? all : all.select(sel, k);
        return out.finish(kept.cols, k);
    }

    private Batch unmatchedBuild() {
        if (unmatched == null) {
            unmatched = new UnmatchedRightRows(build, buildMatched, out);
        }
        return unmatched.next();
    }

    @Override
    public List<Operator> children() {
        return List.of(left, right);
    }

    @Override
    public String explain() {
        StringBuilder b = new StringBuilder("HashJoin ").append(kind.sql).append(" keys=[");
        for (int k = 0; k < leftKeys.size(); k++) {
            b.append(k > 0 ? ", " : "").append(leftKeys.get(k).describe()).append(" = ").append(rightKeys.get(k).describe());
        }
        b.append(']');
        if (residual != null) {
            b.append(" filter=").append(residual.describe());
        }
        return b.append(" build=right").toString();
    }

    @Override
    public void close() {
        if (build != null) {
            build.release();
        }
        if (keysStore != null) {
            keysStore.release();
        }
        super.close();
    }
}
