package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.sql.analyze.WindowCall;
import dev.sundial.sql.function.SqlValues;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Computes window functions: its output is its input's columns followed by one column per
 * {@link WindowCall} (at {@code WindowCall.slot()}).
 *
 * <p><b>Sorting mode</b> (any input): gathers the whole input within the query's memory budget,
 * and for each distinct (PARTITION BY, ORDER BY) sorts row indexes and computes its calls partition
 * by partition; rows come out in the order of the last window (as PostgreSQL's do).
 *
 * <p><b>Streaming mode</b> (the planner proves it valid: the input is a table scan, which yields
 * series by series in time order, every window is PARTITION BY a set of tags that tells the scanned
 * series apart and ORDERs BY the timestamp ascending or not at all): partitions arrive whole and in
 * order, so no sort is needed and only one partition is held at a time. A partition is then exactly
 * one series, so when the input is the {@link SeriesScanOperator} itself each series' window
 * columns are computed on the scan pool ({@link SeriesScanOperator#perSeries}), on every core, and
 * this operator only hands the batches on.
 *
 * <p>Not thread-safe: one consumer ({@link #computeSeries} alone runs on the scan's workers, and
 * shares nothing mutable but the pool of evaluators).
 */
public final class WindowOperator extends Operator {
    private static final int OUTPUT_BATCH = 4096;
    private final Operator child;
    private final List<WindowCall> calls;
    private final boolean streaming;
    private final int inputWidth;
    private final WindowEvaluator evaluator = new WindowEvaluator();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private long reserved;
    private boolean done;
    // sorting mode
    private BatchBuffer buffer;
    private Vec[] results;
    private int[] outOrder;
    private int outPos;
    // streaming mode: the batches of the partition being gathered, and its key
    private final List<Batch> pending = new ArrayList<>();
    private Object[] pendingKey;
    private int pendingRows;
    /** Vectors reused from partition to partition for what is not handed on (joined inputs, results cut into slices). */
    private final List<Vec> scratch = new ArrayList<>();
    private int scratchUsed;
    /** Streaming over the scan itself: the scan's workers compute the window columns. */
    private final boolean onWorkers;
    /** Evaluators of the scan's workers (their scratch arrays are reused from series to series). */
    private final ConcurrentLinkedQueue<WindowEvaluator> idle = new ConcurrentLinkedQueue<>();

    public WindowOperator(QueryContext ctx, Operator child, List<WindowCall> calls, boolean streaming) {
        super(ctx, layout(child, calls));
        this.child = child;
        this.calls = calls;
        this.streaming = streaming;
        this.inputWidth = child.columns().size();
        for (int c = 0; c < calls.size(); c++) {
            if (calls.get(c).slot() != inputWidth + c) {
                throw new IllegalStateException("BUG: window function " + calls.get(c).text() + " at slot " + calls.get(c).slot()
                        + ", expected " + (inputWidth + c));
            }
        }
        this.onWorkers = streaming && child instanceof SeriesScanOperator;
        if (onWorkers) {
            ((SeriesScanOperator) child).perSeries(this::computeSeries);
        }
    }

    private static List<ResultColumn> layout(Operator child, List<WindowCall> calls) {
        List<ResultColumn> cols = new ArrayList<>(child.columns());
        for (WindowCall c : calls) {
            cols.add(new ResultColumn(c.text(), c.type()));
        }
        return cols;
    }

    @Override
    protected Batch produce() {
        return streaming ? produceStreaming() : produceSorted();
    }

    // ------------------------------------------------------------------ streaming mode

    private Batch produceStreaming() {
        if (onWorkers) {
            return child.next(); // computeSeries added the window columns on the scan pool
        }
        while (ready.isEmpty() && !done) {
            Batch b = child.next();
            if (b == null) {
                flushPartition();
                done = true;
                break;
            }
            if (b.size == 0) {
                continue;
            }
            WindowCall first = calls.get(0);
            Vec[] keys = new Vec[first.partition().size()];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = first.partition().get(k).eval(b);
            }
            // split the batch where its partition key changes (a scan batch holds one series: one key)
            int runStart = 0;
            for (int i = 0; i <= b.size; i++) {
                boolean boundary = i == b.size || (i > runStart && !sameKey(keys, i - 1, i));
                if (!boundary) {
                    continue;
                }
                Object[] key = keyOf(keys, runStart);
                if (pendingKey != null && !Arrays.equals(pendingKey, key)) {
                    flushPartition();
                }
                pendingKey = key;
                Batch part = runStart == 0 && i == b.size ? b : slice(b, runStart, i);
                pending.add(part);
                pendingRows += part.size;
                account(part.bytes());
                runStart = i;
            }
        }
        return ready.poll();
    }

    private static boolean sameKey(Vec[] keys, int a, int b) {
        for (Vec k : keys) {
            if (k.constant) {
                continue;
            }
            if (!WindowFrames.samePeers(new Vec[] {k}, a, b)) {
                return false;
            }
        }
        return true;
    }

    private static Object[] keyOf(Vec[] keys, int row) {
        Object[] o = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) {
            o[k] = keys[k].get(row);
        }
        return o;
    }

    /** Computes the gathered partition and queues its batches with their window columns. */
    private void flushPartition() {
        if (pending.isEmpty()) {
            return;
        }
        ctx.check();
        int n = pendingRows;
        scratchUsed = 0;
        boolean oneBatch = pending.size() == 1;
        WindowCall[] cs = calls.toArray(new WindowCall[0]);
        Vec[][] args = new Vec[cs.length][];
        Vec[] filters = new Vec[cs.length];
        Vec[] out = new Vec[cs.length];
        for (int c = 0; c < cs.length; c++) {
            args[c] = new Vec[cs[c].args().size()];
            for (int a = 0; a < args[c].length; a++) {
                args[c][a] = concat(pending, cs[c].args().get(a), n);
            }
            filters[c] = cs[c].filter() == null ? null : concat(pending, cs[c].filter(), n);
            // a partition of one batch hands its result on as is; else the result is cut into fresh slices
            out[c] = oneBatch ? Vec.allocate(cs[c].type(), n) : scratchVec(cs[c].type(), n);
        }
        Vec[] keys = new Vec[cs[0].order().size()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = concat(pending, cs[0].order().get(k), n);
        }
        long extra = 16L * n * (cs.length + keys.length + 1);
        account(extra);
        evaluator.partition(cs, args, filters, keys, cs[0].orderDesc(), 0, n, out);
        int at = 0;
        for (Batch b : pending) {
            Vec[] cols = Arrays.copyOf(b.cols, inputWidth + cs.length);
            for (int c = 0; c < cs.length; c++) {
                cols[inputWidth + c] = at == 0 && b.size == n ? out[c] : sliceVec(out[c], at, b.size);
            }
            ready.add(new Batch(b.size, cols));
            at += b.size;
        }
        pending.clear();
        pendingRows = 0;
        pendingKey = null;
        release();
    }

    /**
     * The batches of one whole series (one partition: the planner proved that no two series share a
     * partition key) with their window columns; runs on a scan worker, so everything it writes is
     * its own but the shared memory budget.
     */
    private List<Batch> computeSeries(List<Batch> series) {
        int n = 0;
        List<Batch> in = new ArrayList<>(series.size());
        for (Batch b : series) {
            if (b.size > 0) {
                in.add(b);
                n += b.size;
            }
        }
        if (n == 0) {
            return List.of();
        }
        ctx.check();
        WindowCall[] cs = calls.toArray(new WindowCall[0]);
        Vec[][] args = new Vec[cs.length][];
        Vec[] filters = new Vec[cs.length];
        Vec[] out = new Vec[cs.length];
        for (int c = 0; c < cs.length; c++) {
            args[c] = new Vec[cs[c].args().size()];
            for (int a = 0; a < args[c].length; a++) {
                args[c][a] = joined(in, cs[c].args().get(a), n, null);
            }
            filters[c] = cs[c].filter() == null ? null : joined(in, cs[c].filter(), n, null);
            out[c] = Vec.allocate(cs[c].type(), n);
        }
        Vec[] keys = new Vec[cs[0].order().size()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = joined(in, cs[0].order().get(k), n, null);
        }
        long extra = 16L * n * (cs.length + keys.length + 1);
        ctx.memory().reserve(extra, "window functions");
        try {
            WindowEvaluator ev = idle.poll();
            if (ev == null) {
                ev = new WindowEvaluator();
            }
            ev.partition(cs, args, filters, keys, cs[0].orderDesc(), 0, n, out);
            idle.add(ev);
        } finally {
            ctx.memory().release(extra);
        }
        List<Batch> result = new ArrayList<>(in.size());
        int at = 0;
        for (Batch b : in) {
            Vec[] cols = Arrays.copyOf(b.cols, inputWidth + cs.length);
            for (int c = 0; c < cs.length; c++) {
                cols[inputWidth + c] = in.size() == 1 ? out[c] : sliceVec(out[c], at, b.size);
            }
            result.add(new Batch(b.size, cols));
            at += b.size;
        }
        return result;
    }

    /** A vector of at least n rows of type t, reused between partitions, without NULLs. */
    private Vec scratchVec(SqlType t, int n) {
        Vec v = scratchUsed < scratch.size() ? scratch.get(scratchUsed) : null;
        if (v == null || v.type != t || WindowValues.capacity(v) < n) {
            v = Vec.allocate(t, n + (n >> 2));
            if (scratchUsed < scratch.size()) {
                scratch.set(scratchUsed, v);
            } else {
                scratch.add(v);
            }
        }
        scratchUsed++;
        v.nulls = null;
        return v;
    }

    /** {@code e} evaluated on each batch, joined into one materialized vector of n rows. */
    private Vec concat(List<Batch> batches, Eval e, int n) {
        return joined(batches, e, n, batches.size() == 1 ? null : scratchVec(e.type, n));
    }

    /** {@code e} evaluated on each batch, joined into {@code into} (a fresh vector when null) of n rows. */
    private static Vec joined(List<Batch> batches, Eval e, int n, Vec into) {
        if (batches.size() == 1) {
            return e.eval(batches.get(0)).materialize(n);
        }
        Vec out = into == null ? Vec.allocate(e.type, n) : into;
        int at = 0;
        for (Batch b : batches) {
            Vec v = e.eval(b);
            if (v.constant || v.nulls != null) {
                for (int i = 0; i < b.size; i++) {
                    WindowValues.copy(v, i, out, at + i);
                }
            } else {
                switch (e.type) {
                    case DOUBLE -> System.arraycopy(v.doubles, 0, out.doubles, at, b.size);
                    case VARCHAR -> System.arraycopy(v.strings, 0, out.strings, at, b.size);
                    case BOOLEAN -> System.arraycopy(v.bools, 0, out.bools, at, b.size);
                    default -> System.arraycopy(v.longs, 0, out.longs, at, b.size);
                }
            }
            at += b.size;
        }
        return out;
    }

    private static Batch slice(Batch b, int from, int to) {
        int[] sel = new int[to - from];
        for (int i = 0; i < sel.length; i++) {
            sel[i] = from + i;
        }
        return b.select(sel, sel.length);
    }

    private static Vec sliceVec(Vec v, int from, int n) {
        Vec out = switch (v.type) {
            case DOUBLE -> Vec.ofDoubles(Arrays.copyOfRange(v.doubles, from, from + Math.max(n, 1)), null);
            case VARCHAR -> Vec.ofStrings(Arrays.copyOfRange(v.strings, from, from + Math.max(n, 1)), null);
            case BOOLEAN -> Vec.ofBools(Arrays.copyOfRange(v.bools, from, from + Math.max(n, 1)), null);
            default -> Vec.ofLongs(v.type, Arrays.copyOfRange(v.longs, from, from + Math.max(n, 1)), null);
        };
        if (v.nulls != null) {
            out.nulls = Arrays.copyOfRange(v.nulls, from, from + Math.max(n, 1));
        }
        return out;
    }

    // ------------------------------------------------------------------ sorting mode

    private Batch produceSorted() {
        if (!done) {
            done = true;
            buffer = new BatchBuffer(child.columns(), ctx, "window functions");
            Batch b;
            while ((b = child.next()) != null) {
                buffer.add(readColumns(b));
            }
            computeSorted();
        }
        int total = buffer.size;
        if (outPos >= total) {
            return null;
        }
        int n = Math.min(OUTPUT_BATCH, total - outPos);
        int[] sel = Arrays.copyOfRange(outOrder, outPos, outPos + n);
        outPos += n;
        Batch in = buffer.toBatch().select(sel, n);
        Vec[] cols = Arrays.copyOf(in.cols, inputWidth + calls.size());
        for (int c = 0; c < calls.size(); c++) {
            cols[inputWidth + c] = results[c].select(sel, n);
        }
        return new Batch(n, cols);
    }

    /** The batch with the columns the scan did not read (nothing reads them) as constant NULLs, for the buffer. */
    private Batch readColumns(Batch b) {
        Vec[] cols = b.cols;
        for (int c = 0; c < cols.length; c++) {
            if (cols[c] == null) {
                if (cols == b.cols) {
                    cols = cols.clone();
                }
                cols[c] = Vec.constant(child.columns().get(c).type(), null);
            }
        }
        return cols == b.cols ? b : new Batch(b.size, cols);
    }

    private void computeSorted() {
        int total = buffer.size;
        Batch all = buffer.toBatch();
        results = new Vec[calls.size()];
        outOrder = identity(total);
        Map<String, List<Integer>> windows = new LinkedHashMap<>();
        for (int c = 0; c < calls.size(); c++) {
            windows.computeIfAbsent(calls.get(c).sortKey(), k -> new ArrayList<>()).add(c);
        }
        account(16L * total * (calls.size() + 2));
        for (List<Integer> group : windows.values()) {
            ctx.check();
            WindowCall w = calls.get(group.get(0));
            Vec[] parts = evalAll(w.partition(), all, total);
            Vec[] order = evalAll(w.order(), all, total);
            int[] perm = sort(parts, order, w.orderDesc(), w.nullsFirst(), total);
            Vec[] sortedParts = select(parts, perm);
            Vec[] keys = select(order, perm);
            WindowCall[] cs = new WindowCall[group.size()];
            Vec[][] args = new Vec[cs.length][];
            Vec[] filters = new Vec[cs.length];
            Vec[] out = new Vec[cs.length];
            for (int g = 0; g < cs.length; g++) {
                cs[g] = calls.get(group.get(g));
                args[g] = select(evalAll(cs[g].args(), all, total), perm);
                filters[g] = cs[g].filter() == null ? null : select(new Vec[] {cs[g].filter().eval(all).materialize(total)}, perm)[0];
                out[g] = Vec.allocate(cs[g].type(), total);
            }
            int from = 0;
            for (int i = 1; i <= total; i++) {
                if (i == total || !WindowFrames.samePeers(sortedParts, i - 1, i)) {
                    evaluator.partition(cs, args, filters, keys, w.orderDesc(), from, i, out);
                    from = i;
                }
            }
            // back to input order
            int[] inverse = new int[Math.max(total, 1)];
            for (int k = 0; k < total; k++) {
                inverse[perm[k]] = k;
            }
            for (int g = 0; g < cs.length; g++) {
                results[group.get(g)] = out[g].select(inverse, total);
            }
            outOrder = perm;
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static Vec[] evalAll(List<Eval> es, Batch all, int total) {
        Vec[] out = new Vec[es.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = es.get(i).eval(all).materialize(total);
        }
        return out;
    }

    private static Vec[] select(Vec[] vs, int[] perm) {
        Vec[] out = new Vec[vs.length];
        for (int i = 0; i < vs.length; i++) {
            out[i] = vs[i].select(perm, perm.length).materialize(perm.length);
        }
        return out;
    }

    /** Row indexes sorted by partition keys, then ORDER BY keys; stable. */
    private static int[] sort(Vec[] parts, Vec[] order, boolean[] desc, boolean[] nullsFirst, int n) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            for (Vec p : parts) {
                int c = compareNullable(p, a, b, false, false);
                if (c != 0) {
                    return c;
                }
            }
            for (int k = 0; k < order.length; k++) {
                int c = compareNullable(order[k], a, b, desc[k], nullsFirst[k]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private static int compareNullable(Vec v, int a, int b, boolean desc, boolean nullsFirst) {
        boolean an = v.isNull(a);
        boolean bn = v.isNull(b);
        if (an || bn) {
            return an == bn ? 0 : an == nullsFirst ? -1 : 1;
        }
        int c = v.type == SqlType.DOUBLE ? SqlValues.compareDoubles(v.doubles[a], v.doubles[b]) : WindowValues.compare(v, a, b);
        return desc ? -c : c;
    }

    // ------------------------------------------------------------------ common

    private void account(long bytes) {
        ctx.memory().reserve(bytes, "window functions");
        reserved += bytes;
    }

    private void release() {
        ctx.memory().release(reserved);
        reserved = 0;
    }

    @Override
    public List<Operator> children() {
        return List.of(child);
    }

    @Override
    public String explain() {
        return "Window" + (streaming ? " (streaming: partitions arrive whole, in order)" : " (sorting)") + " "
                + String.join(", ", calls.stream().map(WindowCall::text).toList());
    }

    @Override
    public void close() {
        release();
        if (buffer != null) {
            buffer.release();
        }
        super.close();
    }
}
