package dev.sundial.sql.exec;

import dev.sundial.sql.function.SqlValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ASOF JOIN: for each left row, the latest right row with equal keys whose time is at or before the
 * left row's ({@code >=}) or strictly before ({@code >}), and within the tolerance when one is
 * given; no such row is no match (the left row is dropped, or kept with NULLs for ASOF LEFT JOIN).
 * NULL keys and NULL times match nothing.
 *
 * <p>The right side is read whole (its needed columns, within the query's memory budget) and split
 * by key into runs sorted by time (a run that arrived out of order is sorted, ties keep arrival
 * order, and the last of equal times wins). The left side streams: each key keeps a cursor at its
 * last match, so left rows arriving in time order per key — as a table scan delivers them, series
 * by series — advance it like a merge, and a row earlier than the cursor falls back to a binary
 * search. Keys that are constant over a batch (a series' tags) are looked up once per batch. Output
 * keeps the left rows' order. Not thread-safe.
 */
public final class AsofJoinOperator extends Operator {
    private final Operator left;
    private final Operator right;
    private final List<Eval> leftKeys;
    private final List<Eval> rightKeys;
    private final Eval leftTime;
    private final Eval rightTime;
    private final boolean strict;
    private final long tolerance;
    private final boolean keepUnmatched;
    private final boolean[] rightKept;
    private final JoinOutput out;
    private RowStore store;
    private KeyIndex index;
    /** Per key: the times (sorted), the store rows, and the cursor of the last match. */
    private long[][] runTimes;
    private int[][] runRows;
    private int[] runLength;
    private int[] cursor;
    private long extra;

    /**
     * @param leftTime  the left side's time over the pair layout; {@code rightTime} the right's
     * @param tolerance the largest {@code left - right} time difference that still matches, or -1
     */
    public AsofJoinOperator(QueryContext ctx, Operator left, Operator right, List<Eval> leftKeys, List<Eval> rightKeys,
                            Eval leftTime, Eval rightTime, boolean strict, long tolerance, boolean keepUnmatched,
                            boolean[] rightKept) {
        this(ctx, left, right, leftKeys, rightKeys, leftTime, rightTime, strict, tolerance, keepUnmatched, rightKept,
                new JoinOutput(left.columns(), right.columns(), List.of()));
    }

    private AsofJoinOperator(QueryContext ctx, Operator left, Operator right, List<Eval> leftKeys, List<Eval> rightKeys,
                             Eval leftTime, Eval rightTime, boolean strict, long tolerance, boolean keepUnmatched,
                             boolean[] rightKept, JoinOutput out) {
        super(ctx, out.columns);
        this.left = left;
        this.right = right;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.leftTime = leftTime;
        this.rightTime = rightTime;
        this.strict = strict;
        this.tolerance = tolerance;
        this.keepUnmatched = keepUnmatched;
        this.rightKept = rightKept;
        this.out = out;
    }

    @Override
    protected Batch produce() {
        if (store == null) {
            build();
        }
        Batch b;
        while ((b = left.next()) != null) {
            Batch o = probe(b);
            if (o.size > 0) {
                return o;
            }
        }
        return null;
    }

    private void build() {
        String what = "the ASOF join's right input";
        store = new RowStore(right.columns(), rightKept, ctx, what);
        index = new KeyIndex(rightKeys.size());
        List<LongList> times = new ArrayList<>();
        List<IntList> rows = new ArrayList<>();
        Batch b;
        while ((b = right.next()) != null) {
            int base = store.size;
            store.add(b);
            Batch pair = new Batch(b.size, out.pair(null, b.cols));
            Vec t = rightTime.eval(pair);
            Vec[] keys = evalAll(rightKeys, pair);
            boolean constantKeys = allConstant(keys);
            int id = constantKeys ? index.idOf(keys, 0) : -1;
            for (int i = 0; i < b.size; i++) {
                if (t.isNull(i)) {
                    continue;
                }
                if (!constantKeys) {
                    id = index.idOf(keys, i);
                }
                if (id < 0) {
                    continue; // a NULL key
                }
                while (times.size() <= id) {
                    times.add(new LongList());
                    rows.add(new IntList());
                }
                times.get(id).add(t.getLong(i));
                rows.get(id).add(base + i);
            }
            // runs: 12 bytes a row, reserved as they grow
            reserve(times, rows);
        }
        int keys = times.size();
        runTimes = new long[keys][];
        runRows = new int[keys][];
        runLength = new int[keys];
        cursor = new int[keys];
        for (int k = 0; k < keys; k++) {
            // the growable arrays themselves (no copy: the reservation covers their capacity)
            long[] ts = times.get(k).a;
            int[] rs = rows.get(k).a;
            int n = times.get(k).n;
            sortIfNeeded(ts, rs, n);
            runTimes[k] = ts;
            runRows[k] = rs;
            runLength[k] = n;
        }
    }

    private void reserve(List<LongList> times, List<IntList> rows) {
        long bytes = 0;
        for (int k = 0; k < times.size(); k++) {
            bytes += 8L * times.get(k).a.length + 4L * rows.get(k).a.length + 64;
        }
        if (bytes > extra) {
            store.reserveExtra(bytes - extra);
            extra = bytes;
        }
    }

    private void sortIfNeeded(long[] ts, int[] rows, int n) {
        for (int i = 1; i < n; i++) {
            if (ts[i] < ts[i - 1]) {
                // sort by (time, arrival) through an index (stable, so the last of equal times stays last)
                store.reserveExtra(32L * n);
                Integer[] order = new Integer[n];
                for (int k = 0; k < order.length; k++) {
                    order[k] = k;
                }
                long[] t = Arrays.copyOf(ts, n);
                int[] r = Arrays.copyOf(rows, n);
                Arrays.sort(order, (x, y) -> t[x] != t[y] ? Long.compare(t[x], t[y]) : Integer.compare(r[x], r[y]));
                for (int k = 0; k < order.length; k++) {
                    ts[k] = t[order[k]];
                    rows[k] = r[order[k]];
                }
                return;
            }
        }
    }

    private Batch probe(Batch b) {
        Batch pair = new Batch(b.size, out.pair(b.cols, null));
        Vec t = leftTime.eval(pair);
        Vec[] keys = evalAll(leftKeys, pair);
        boolean constantKeys = allConstant(keys);
        int id = constantKeys ? index.find(keys, 0) : -2;
        int[] match = new int[Math.max(b.size, 1)];
        int[] sel = new int[Math.max(b.size, 1)];
        int n = 0;
        for (int i = 0; i < b.size; i++) {
            int k = constantKeys ? id : index.find(keys, i);
            int m = k < 0 || t.isNull(i) ? -1 : find(k, t.getLong(i));
            if (m >= 0 || keepUnmatched) {
                sel[n] = i;
                match[n] = m;
                n++;
            }
        }
        Vec[] l = new Vec[out.leftWidth];
        for (int c = 0; c < l.length; c++) {
            l[c] = n == b.size ? b.cols[c] : b.cols[c].select(sel, n);
        }
        Vec[] r = new Vec[out.rightWidth];
        for (int c = 0; c < r.length; c++) {
            r[c] = JoinOutput.gather(store.column(c), match, n);
        }
        return out.finish(out.pair(l, r), n);
    }

    /** The store row matching time {@code lt} in key {@code k}'s run, or -1. */
    private int find(int k, long lt) {
        long[] ts = runTimes[k];
        int len = runLength[k];
        int c = cursor[k];
        // the last position p with ts[p] <= lt (or < lt when strict), or -1
        int p;
        if (c < len && before(ts[c], lt)) {
            // gallop forward from the cursor: left rows in time order move it like a merge
            int step = 1;
            int lo = c;
            int hi = c + 1;
            while (hi < len && before(ts[hi], lt)) {
                lo = hi;
                hi = hi + (step <<= 1);
            }
            p = lastBefore(ts, lo, Math.min(hi, len), lt);
        } else {
            p = lastBefore(ts, -1, Math.min(c, len), lt);
        }
        if (p < 0) {
            return -1;
        }
        cursor[k] = p;
        if (tolerance >= 0 && lt - ts[p] > tolerance) {
            return -1;
        }
        return runRows[k][p];
    }

    private boolean before(long rt, long lt) {
        return strict ? rt < lt : rt <= lt;
    }

    /** Binary search in (lo, hi): ts[lo] is before lt (or lo = -1), ts[hi] is not (or hi = end). */
    private int lastBefore(long[] ts, int lo, int hi, long lt) {
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (before(ts[mid], lt)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static Vec[] evalAll(List<Eval> es, Batch b) {
        Vec[] v = new Vec[es.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = es.get(k).eval(b);
        }
        return v;
    }

    private static boolean allConstant(Vec[] vs) {
        for (Vec v : vs) {
            if (!v.constant) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Operator> children() {
        return List.of(left, right);
    }

    @Override
    public String explain() {
        StringBuilder b = new StringBuilder(keepUnmatched ? "AsofJoin ASOF LEFT JOIN" : "AsofJoin ASOF JOIN").append(" keys=[");
        for (int k = 0; k < leftKeys.size(); k++) {
            b.append(k > 0 ? ", " : "").append(leftKeys.get(k).describe()).append(" = ").append(rightKeys.get(k).describe());
        }
        b.append("] time: ").append(leftTime.describe()).append(strict ? " > " : " >= ").append(rightTime.describe());
        if (tolerance >= 0) {
            b.append(" tolerance=").append(leftTime.type == dev.sundial.SqlType.TIMESTAMP
                    ? SqlValues.formatNanosInterval(tolerance) : Long.toString(tolerance));
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (store != null) {
            store.release();
        }
        super.close();
    }

    /** A growable long array. */
    private static final class LongList {
        long[] a = new long[16];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }
    }

    /** A growable int array. */
    private static final class IntList {
        int[] a = new int[16];
        int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }
    }
}
