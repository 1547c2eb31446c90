package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.sql.analyze.WindowCall;
import dev.sundial.sql.function.TimeSeriesMath;

/**
 * Computes one window function over one partition: rows {@code [from, to)} of materialized vectors
 * in window order (arguments, FILTER, ORDER BY keys), writing row i's result to row i of
 * {@code out}. Ranking functions read the peer groups, frame functions the frames
 * ({@link WindowFrames}); aggregates are delegated to {@link WindowAggregates}. Not thread-safe:
 * its scratch arrays are reused across partitions.
 */
final class WindowEvaluator {
    private int[] peerStart = new int[0];
    private int[] peerEnd = new int[0];
    private int[] frameStart = new int[0];
    private int[] frameEnd = new int[0];
    private final WindowAggregates aggregates = new WindowAggregates();

    /** Makes room for rows below {@code n}. */
    private void ensure(int n) {
        if (peerStart.length < n) {
            int c = Math.max(n, peerStart.length * 2);
            peerStart = new int[c];
            peerEnd = new int[c];
            frameStart = new int[c];
            frameEnd = new int[c];
        }
    }

    /**
     * Computes every call of one window (they share PARTITION BY and ORDER BY) over the partition
     * [from, to): {@code args[c]}, {@code filters[c]} and {@code out[c]} belong to call c.
     */
    void partition(WindowCall[] calls, Vec[][] args, Vec[] filters, Vec[] keys, boolean[] desc, int from, int to, Vec[] out) {
        ensure(to);
        WindowFrames.peers(keys, from, to, peerStart, peerEnd);
        for (int c = 0; c < calls.length; c++) {
            WindowCall call = calls[c];
            if (call.function().usesFrame()) {
                WindowFrames.frames(call.frame(), keys, desc, from, to, peerStart, peerEnd, frameStart, frameEnd);
            }
            compute(call, args[c], filters[c], keys, from, to, out[c]);
        }
    }

    private void compute(WindowCall call, Vec[] args, Vec filter, Vec[] keys, int from, int to, Vec out) {
        int n = to - from;
        switch (call.function()) {
            case ROW_NUMBER -> {
                for (int i = from; i < to; i++) {
                    out.longs[i] = i - from + 1;
                }
            }
            case RANK -> {
                for (int i = from; i < to; i++) {
                    out.longs[i] = peerStart[i] - from + 1;
                }
            }
            case DENSE_RANK -> {
                long rank = 0;
                for (int i = from; i < to; i++) {
                    if (peerStart[i] == i) {
                        rank++;
                    }
                    out.longs[i] = rank;
                }
            }
            case PERCENT_RANK -> {
                for (int i = from; i < to; i++) {
                    out.doubles[i] = n > 1 ? (double) (peerStart[i] - from) / (n - 1) : 0;
                }
            }
            case CUME_DIST -> {
                for (int i = from; i < to; i++) {
                    out.doubles[i] = (double) (peerEnd[i] - from) / n;
                }
            }
            case NTILE -> {
                long buckets = call.param();
                long per = n / buckets;
                long rest = n % buckets; // the first `rest` buckets hold one row more
                long big = per + 1;
                for (int i = from; i < to; i++) {
                    long p = i - from;
                    out.longs[i] = p < rest * big ? p / big + 1 : rest + (p - rest * big) / per + 1;
                }
            }
            case LAG, LEAD -> {
                Vec v = args[0];
                Vec offset = args.length > 1 ? args[1] : null;
                Vec dflt = args.length > 2 ? args[2] : null;
                int sign = call.function() == WindowCall.Function.LAG ? -1 : 1;
                for (int i = from; i < to; i++) {
                    if (offset != null && offset.isNull(i)) {
                        WindowValues.setNull(out, i);
                        continue;
                    }
                    long off = offset == null ? 1 : offset.getLong(i);
                    long j = i + sign * off;
                    if (j >= from && j < to) {
                        WindowValues.copy(v, (int) j, out, i);
                    } else if (dflt != null) {
                        WindowValues.copy(dflt, i, out, i);
                    } else {
                        WindowValues.setNull(out, i);
                    }
                }
            }
            case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
                Vec v = args[0];
                for (int i = from; i < to; i++) {
                    long j = switch (call.function()) {
                        case FIRST_VALUE -> frameStart[i];
                        case LAST_VALUE -> frameEnd[i] - 1;
                        default -> frameStart[i] + call.param() - 1;
                    };
                    if (frameStart[i] < frameEnd[i] && j >= frameStart[i] && j < frameEnd[i]) {
                        WindowValues.copy(v, (int) j, out, i);
                    } else {
                        WindowValues.setNull(out, i);
                    }
                }
            }
            case DELTA, RATE, DERIVATIVE -> timeSeries(call, args[0], keys.length > 0 ? keys[0] : null, from, to, out);
            case AGGREGATE -> aggregates.compute(call, args, filter, from, to, frameStart, frameEnd, out);
        }
    }

    /** delta, rate and derivative: from the previous row of the partition to this one. */
    private static void timeSeries(WindowCall call, Vec v, Vec ts, int from, int to, Vec out) {
        WindowValues.setNull(out, from);
        for (int i = from + 1; i < to; i++) {
            if (v.isNull(i) || v.isNull(i - 1) || (ts != null && call.function() != WindowCall.Function.DELTA
                    && (ts.isNull(i) || ts.isNull(i - 1)))) {
                WindowValues.setNull(out, i);
                continue;
            }
            switch (call.function()) {
                case DELTA -> {
                    if (out.type == SqlType.BIGINT) {
                        out.longs[i] = v.longs[i] - v.longs[i - 1];
                    } else {
                        out.doubles[i] = v.doubles[i] - v.doubles[i - 1];
                    }
                }
                case RATE, DERIVATIVE -> {
                    long dt = ts.longs[i] - ts.longs[i - 1];
                    if (dt == 0) {
                        WindowValues.setNull(out, i);
                        continue;
                    }
                    double prev = WindowValues.number(v, i - 1);
                    double cur = WindowValues.number(v, i);
                    out.doubles[i] = call.function() == WindowCall.Function.RATE
                            ? TimeSeriesMath.counterRise(prev, cur) / TimeSeriesMath.seconds(ts.longs[i - 1], ts.longs[i])
                            : (cur - prev) / ((double) dt / call.param());
                }
                default -> throw new IllegalStateException("BUG: " + call.function());
            }
        }
    }
}
