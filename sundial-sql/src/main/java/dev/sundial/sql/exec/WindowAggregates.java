package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.sql.analyze.WindowCall;
import java.util.Arrays;

/**
 * Aggregates over window frames, in O(n) per partition for the moving frames: frames only move
 * forward ({@link WindowFrames}), so counts and BIGINT sums are differences of prefix sums, DOUBLE
 * sums and averages a sliding sum (compensated with Knuth's TwoSum in both directions, NaN and infinities
 * counted apart so that one leaving the frame does not poison the rest), variances a sliding
 * Welford mean and M2, min/max and first/last monotonic deques. Percentiles sort each frame
 * (re-used while the frame does not change). A row counts when its argument is not NULL and its
 * FILTER is true. Not thread-safe: scratch arrays are reused.
 */
final class WindowAggregates {
    private long[] prefixCount = new long[1];
    private long[] prefixSum = new long[1];
    private int[] deque = new int[0];
    private boolean[] valid = new boolean[0];
    private double[] scratch = new double[0];

    void compute(WindowCall call, Vec[] args, Vec filter, int from, int to, int[] start, int[] end, Vec out) {
        if (valid.length < to) {
            valid = new boolean[Math.max(to, valid.length * 2)];
        }
        Vec arg = args.length > 0 ? args[0] : null;
        if ((arg == null || arg.nulls == null) && filter == null) {
            Arrays.fill(valid, from, to, true);
        } else {
            for (int i = from; i < to; i++) {
                valid[i] = (arg == null || !arg.isNull(i)) && (filter == null || (!filter.isNull(i) && filter.bools[i]));
            }
        }
        switch (call.aggregate()) {
            case COUNT_STAR, COUNT -> {
                prefix(from, to, null);
                for (int i = from; i < to; i++) {
                    out.longs[i] = start[i] < end[i] ? prefixCount[end[i] - from] - prefixCount[start[i] - from] : 0;
                }
            }
            case SUM -> {
                if (arg.type == SqlType.BIGINT) {
                    prefix(from, to, arg);
                    for (int i = from; i < to; i++) {
                        long c = start[i] < end[i] ? prefixCount[end[i] - from] - prefixCount[start[i] - from] : 0;
                        if (c == 0) {
                            WindowValues.setNull(out, i);
                        } else {
                            // wrapping differences are exact whenever the frame's own sum fits
                            out.longs[i] = prefixSum[end[i] - from] - prefixSum[start[i] - from];
                        }
                    }
                } else {
                    slidingSum(arg, from, to, start, end, out, false);
                }
            }
            case AVG -> slidingSum(arg, from, to, start, end, out, true);
            case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> moments(call, arg, from, to, start, end, out);
            case MIN, MAX -> extreme(arg, arg, call.aggregate() == dev.sundial.sql.function.AggregateKind.MAX, from, to, start, end, out);
            case FIRST, LAST -> firstLast(arg, args[1], call.aggregate() == dev.sundial.sql.function.AggregateKind.LAST, from, to, start, end, out);
            case PERCENTILE -> percentile(arg, call.fraction(), from, to, start, end, out);
            default -> throw new IllegalStateException("BUG: window aggregate " + call.aggregate());
        }
    }

    /** prefixCount[k] = valid rows in [from, from + k); prefixSum likewise of a BIGINT argument. */
    private void prefix(int from, int to, Vec sumOf) {
        int n = to - from;
        if (prefixCount.length < n + 1) {
            prefixCount = new long[Math.max(n + 1, prefixCount.length * 2)];
            prefixSum = new long[prefixCount.length];
        }
        long c = 0;
        long s = 0;
        prefixCount[0] = 0;
        prefixSum[0] = 0;
        for (int i = from; i < to; i++) {
            if (valid[i]) {
                c++;
                if (sumOf != null) {
                    s += sumOf.longs[i];
                }
            }
            prefixCount[i - from + 1] = c;
            prefixSum[i - from + 1] = s;
        }
    }

    /** sum or avg of DOUBLE (or avg of BIGINT) over sliding frames. */
    private void slidingSum(Vec arg, int from, int to, int[] start, int[] end, Vec out, boolean avg) {
        boolean dbl = arg.type == SqlType.DOUBLE;
        double[] d = arg.doubles;
        long[] l = arg.longs;
        boolean[] ok = valid;
        double sum = 0;
        double comp = 0;
        long count = 0;
        long nans = 0;
        long posInf = 0;
        long negInf = 0;
        int lo = from;
        int hi = from;
        for (int i = from; i < to; i++) {
            int s = start[i];
            int e = Math.max(end[i], s);
            if (s >= hi) {
                sum = comp = 0;
                count = nans = posInf = negInf = 0;
                lo = hi = s;
            }
            while (hi < e) {
                if (ok[hi]) {
                    double x = dbl ? d[hi] : l[hi];
                    count++;
                    if (Double.isFinite(x)) {
                        // Knuth's TwoSum: the rounding error of sum + x, without a data-dependent branch
                        double t = sum + x;
                        double bp = t - sum;
                        comp += (sum - (t - bp)) + (x - bp);
                        sum = t;
                    } else if (Double.isNaN(x)) {
                        nans++;
                    } else if (x > 0) {
                        posInf++;
                    } else {
                        negInf++;
                    }
                }
                hi++;
            }
            while (lo < s) {
                if (ok[lo]) {
                    double x = -(dbl ? d[lo] : l[lo]);
                    count--;
                    if (Double.isFinite(x)) {
                        // Knuth's TwoSum: the rounding error of sum + x, without a data-dependent branch
                        double t = sum + x;
                        double bp = t - sum;
                        comp += (sum - (t - bp)) + (x - bp);
                        sum = t;
                    } else if (Double.isNaN(x)) {
                        nans--;
                    } else if (x < 0) {
                        posInf--;
                    } else {
                        negInf--;
                    }
                }
                lo++;
            }
            if (count == 0) {
                sum = comp = 0; // an empty frame forgets the rounding of the rows that left
                WindowValues.setNull(out, i);
                continue;
            }
            double total = nans > 0 || (posInf > 0 && negInf > 0) ? Double.NaN
                    : posInf > 0 ? Double.POSITIVE_INFINITY : negInf > 0 ? Double.NEGATIVE_INFINITY : sum + comp;
            out.doubles[i] = avg ? total / count : total;
        }
    }

    /**
     * Sample and population variance and standard deviation over sliding frames: compensated sliding
     * sums of d and d² with d = x − k, k the partition's first value (the shift keeps d small, so
     * the difference of the sums does not cancel; Welford's update is not exact when removing).
     */
    private void moments(WindowCall call, Vec arg, int from, int to, int[] start, int[] end, Vec out) {
        double k = 0;
        for (int i = from; i < to; i++) {
            if (valid[i] && Double.isFinite(WindowValues.number(arg, i))) {
                k = WindowValues.number(arg, i);
                break;
            }
        }
        boolean sample = call.aggregate() == dev.sundial.sql.function.AggregateKind.STDDEV_SAMP
                || call.aggregate() == dev.sundial.sql.function.AggregateKind.VAR_SAMP;
        boolean sd = call.aggregate() == dev.sundial.sql.function.AggregateKind.STDDEV_SAMP
                || call.aggregate() == dev.sundial.sql.function.AggregateKind.STDDEV_POP;
        double[] s1 = new double[2];
        double[] s2 = new double[2];
        long count = 0;
        long nonFinite = 0;
        int lo = from;
        int hi = from;
        for (int i = from; i < to; i++) {
            int s = start[i];
            int e = Math.max(end[i], s);
            if (s >= hi) {
                count = nonFinite = 0;
                s1[0] = s1[1] = s2[0] = s2[1] = 0;
                lo = hi = s;
            }
            while (hi < e) {
                if (valid[hi]) {
                    double x = WindowValues.number(arg, hi);
                    if (!Double.isFinite(x)) {
                        nonFinite++;
                    } else {
                        count++;
                        double d = x - k;
                        twoSum(s1, d);
                        twoSum(s2, d * d);
                    }
                }
                hi++;
            }
            while (lo < s) {
                if (valid[lo]) {
                    double x = WindowValues.number(arg, lo);
                    if (!Double.isFinite(x)) {
                        nonFinite--;
                    } else if (--count == 0) {
                        s1[0] = s1[1] = s2[0] = s2[1] = 0;
                    } else {
                        double d = x - k;
                        twoSum(s1, -d);
                        twoSum(s2, -(d * d));
                    }
                }
                lo++;
            }
            long total = count + nonFinite;
            if (total == 0 || (sample && total < 2)) {
                WindowValues.setNull(out, i);
                continue;
            }
            double sum = s1[0] + s1[1];
            double m2 = Math.max(0, (s2[0] + s2[1]) - sum * sum / count);
            double var = nonFinite > 0 ? Double.NaN : m2 / (sample ? count - 1 : count);
            out.doubles[i] = sd ? Math.sqrt(var) : var;
        }
    }

    /** Adds x to the compensated sum {sum, compensation} (Knuth's TwoSum, branch-free). */
    private static void twoSum(double[] acc, double x) {
        double sum = acc[0];
        double t = sum + x;
        double bp = t - sum;
        acc[1] += (sum - (t - bp)) + (x - bp);
        acc[0] = t;
    }

    /** min / max of {@code value} (or, for first/last, the row of the smallest / largest {@code by}) with a monotonic deque. */
    private void extreme(Vec value, Vec by, boolean max, int from, int to, int[] start, int[] end, Vec out) {
        if (deque.length < to - from) {
            deque = new int[Math.max(to - from, deque.length * 2)];
        }
        int head = 0;
        int tail = 0;
        int hi = from;
        for (int i = from; i < to; i++) {
            int s = start[i];
            int e = Math.max(end[i], s);
            if (s >= hi) {
                head = tail = 0;
                hi = s;
            }
            while (hi < e) {
                if (valid[hi] && !by.isNull(hi)) {
                    // drop the rows the new one beats; ties keep the earlier row in front
                    while (tail > head) {
                        int c = WindowValues.compare(by, deque[tail - 1], hi);
                        if (max ? c < 0 : c > 0) {
                            tail--;
                        } else {
                            break;
                        }
                    }
                    deque[tail++] = hi;
                }
                hi++;
            }
            while (head < tail && deque[head] < s) {
                head++;
            }
            if (head < tail) {
                WindowValues.copy(value, deque[head], out, i);
            } else {
                WindowValues.setNull(out, i);
            }
        }
    }

    /** first(v, ts) / last(v, ts): v at the smallest / largest ts among rows with v not NULL. */
    private void firstLast(Vec value, Vec ts, boolean last, int from, int to, int[] start, int[] end, Vec out) {
        extreme(value, ts, last, from, to, start, end, out);
    }

    /** percentile_cont (linear interpolation) of each frame. */
    private void percentile(Vec arg, double q, int from, int to, int[] start, int[] end, Vec out) {
        int ps = -1;
        int pe = -1;
        double last = 0;
        boolean lastNull = true;
        for (int i = from; i < to; i++) {
            if (start[i] != ps || end[i] != pe) {
                ps = start[i];
                pe = end[i];
                int m = 0;
                if (scratch.length < Math.max(pe - ps, 0)) {
                    scratch = new double[Math.max(pe - ps, scratch.length * 2)];
                }
                for (int j = ps; j < pe; j++) {
                    if (valid[j]) {
                        scratch[m++] = WindowValues.number(arg, j);
                    }
                }
                lastNull = m == 0;
                if (!lastNull) {
                    Arrays.sort(scratch, 0, m);
                    double pos = q * (m - 1);
                    int lo = (int) Math.floor(pos);
                    int hi = (int) Math.ceil(pos);
                    last = lo == hi ? scratch[lo] : scratch[lo] + (scratch[hi] - scratch[lo]) * (pos - lo);
                }
            }
            if (lastNull) {
                WindowValues.setNull(out, i);
            } else {
                out.doubles[i] = last;
            }
        }
    }
}
