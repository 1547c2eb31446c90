package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.sql.analyze.WindowFrame;
import dev.sundial.sql.function.SqlValues;
import dev.sundial.sql.parser.Expr.BoundKind;

/**
 * Peer groups and frame bounds of one partition, rows {@code [from, to)} of arrays sorted in window
 * order. Peers are rows equal in every ORDER BY key (all rows without ORDER BY). A frame is
 * {@code [start[i], end[i])}; both bounds never decrease from one row to the next (offsets are
 * constants), which the sliding aggregates of {@link WindowAggregates} rely on. RANGE offsets
 * follow PostgreSQL: over the non-NULL keys by value (two pointers, O(n)); a row with a NULL key
 * has its NULL peers as the frame of an offset bound. Stateless.
 */
final class WindowFrames {
    private WindowFrames() {
    }

    /** Fills {@code peerStart}/{@code peerEnd} for rows [from, to). */
    static void peers(Vec[] keys, int from, int to, int[] peerStart, int[] peerEnd) {
        if (keys.length == 1 && keys[0].nulls == null && keys[0].longs != null && !keys[0].constant) {
            longPeers(keys[0].longs, from, to, peerStart, peerEnd);
            return;
        }
        int groupStart = from;
        for (int i = from; i < to; i++) {
            if (i > from && !samePeers(keys, i - 1, i)) {
                for (int j = groupStart; j < i; j++) {
                    peerEnd[j] = i;
                }
                groupStart = i;
            }
            peerStart[i] = groupStart;
        }
        for (int j = groupStart; j < to; j++) {
            peerEnd[j] = to;
        }
    }

    /** {@link #peers} of one BIGINT/TIMESTAMP key without NULLs (the timestamp): the common case, in a tight loop. */
    private static void longPeers(long[] k, int from, int to, int[] peerStart, int[] peerEnd) {
        if (to <= from) {
            return;
        }
        peerStart[from] = from;
        for (int i = from + 1; i < to; i++) {
            peerStart[i] = k[i] == k[i - 1] ? peerStart[i - 1] : i;
        }
        peerEnd[to - 1] = to;
        for (int i = to - 2; i >= from; i--) {
            peerEnd[i] = k[i] == k[i + 1] ? peerEnd[i + 1] : i + 1;
        }
    }

    static boolean samePeers(Vec[] keys, int a, int b) {
        for (Vec k : keys) {
            boolean an = k.isNull(a);
            boolean bn = k.isNull(b);
            if (an || bn) {
                if (an != bn) {
                    return false;
                }
                continue;
            }
            boolean eq = switch (k.type) {
                case DOUBLE -> SqlValues.compareDoubles(k.doubles[a], k.doubles[b]) == 0;
                case VARCHAR -> k.strings[a].equals(k.strings[b]);
                case BOOLEAN -> k.bools[a] == k.bools[b];
                default -> k.longs[a] == k.longs[b];
            };
            if (!eq) {
                return false;
            }
        }
        return true;
    }

    /** Fills the frame {@code [start[i], end[i])} of every row of [from, to). */
    static void frames(WindowFrame f, Vec[] keys, boolean[] desc, int from, int to, int[] peerStart, int[] peerEnd,
                       int[] start, int[] end) {
        if (f.rows()) {
            for (int i = from; i < to; i++) {
                start[i] = rowsBound(f.startKind(), f.startOffset(), i, from, to, false);
                end[i] = rowsBound(f.endKind(), f.endOffset(), i, from, to, true);
            }
            return;
        }
        boolean offsets = f.startOffset() != null || f.endOffset() != null;
        if (!offsets) {
            for (int i = from; i < to; i++) {
                start[i] = f.startKind() == BoundKind.UNBOUNDED_PRECEDING ? from : peerStart[i];
                end[i] = f.endKind() == BoundKind.UNBOUNDED_FOLLOWING ? to : peerEnd[i];
            }
            return;
        }
        Vec key = keys[0];
        if (!desc[0] && key.nulls == null && key.longs != null && !key.constant && f.startKind() == BoundKind.PRECEDING
                && f.endKind() == BoundKind.CURRENT_ROW) {
            trailing(key.longs, f.startOffset().longValue(), from, to, peerEnd, start, end);
            return;
        }
        rangeOffsets(f, key, desc[0], from, to, peerStart, peerEnd, start, end);
    }

    /**
     * The moving window {@code RANGE BETWEEN offset PRECEDING AND CURRENT ROW} over an ascending
     * key without NULLs (a moving average over time): {@link #rangeOffsets}' loop without its
     * per-row branching on bound kinds.
     */
    private static void trailing(long[] k, long offset, int from, int to, int[] peerEnd, int[] start, int[] end) {
        int sp = from;
        for (int i = from; i < to; i++) {
            long v = k[i];
            long t = v - offset;
            if (t > v) {
                t = Long.MIN_VALUE; // saturate rather than wrap
            }
            while (k[sp] < t) {
                sp++;
            }
            start[i] = sp;
            end[i] = peerEnd[i];
        }
    }

    /** A ROWS bound of row i (exclusive for the end), clamped to the partition. */
    private static int rowsBound(BoundKind kind, Number offset, int i, int from, int to, boolean isEnd) {
        long at = switch (kind) {
            case UNBOUNDED_PRECEDING -> from;
            case UNBOUNDED_FOLLOWING -> to;
            case CURRENT_ROW -> isEnd ? i + 1L : i;
            case PRECEDING -> (long) i - Math.min(offset.longValue(), 1L << 40) + (isEnd ? 1 : 0);
            case FOLLOWING -> (long) i + Math.min(offset.longValue(), 1L << 40) + (isEnd ? 1 : 0);
        };
        return (int) Math.max(from, Math.min(to, at));
    }

    private static void rangeOffsets(WindowFrame f, Vec key, boolean desc, int from, int to, int[] peerStart, int[] peerEnd,
                                     int[] start, int[] end) {
        // the non-NULL keys are [a, b): NULLs sort together at one end of the partition
        int a = from;
        while (a < to && key.isNull(a)) {
            a++;
        }
        int b = to;
        while (b > a && key.isNull(b - 1)) {
            b--;
        }
        boolean dbl = key.type == SqlType.DOUBLE;
        int sp = a;
        int ep = a;
        for (int i = from; i < to; i++) {
            boolean isNull = key.isNull(i);
            // start
            switch (f.startKind()) {
                case UNBOUNDED_PRECEDING -> start[i] = from;
                case CURRENT_ROW -> start[i] = peerStart[i];
                default -> {
                    if (isNull) {
                        start[i] = peerStart[i];
                    } else {
                        boolean following = f.startKind() == BoundKind.FOLLOWING;
                        // the first row whose key is at or beyond the target in window order
                        if (dbl) {
                            double t = target(key.doubles[i], f.startOffset().doubleValue(), following, desc);
                            while (sp < b && (desc ? key.doubles[sp] > t : key.doubles[sp] < t)) {
                                sp++;
                            }
                        } else {
                            long t = target(key.longs[i], f.startOffset().longValue(), following, desc);
                            while (sp < b && (desc ? key.longs[sp] > t : key.longs[sp] < t)) {
                                sp++;
                            }
                        }
                        start[i] = sp;
                    }
                }
            }
            // end (exclusive)
            switch (f.endKind()) {
                case UNBOUNDED_FOLLOWING -> end[i] = to;
                case CURRENT_ROW -> end[i] = peerEnd[i];
                default -> {
                    if (isNull) {
                        end[i] = peerEnd[i];
                    } else {
                        boolean following = f.endKind() == BoundKind.FOLLOWING;
                        // the first row whose key is strictly beyond the target in window order
                        if (dbl) {
                            double t = target(key.doubles[i], f.endOffset().doubleValue(), following, desc);
                            while (ep < b && (desc ? key.doubles[ep] >= t : key.doubles[ep] <= t)) {
                                ep++;
                            }
                        } else {
                            long t = target(key.longs[i], f.endOffset().longValue(), following, desc);
                            while (ep < b && (desc ? key.longs[ep] >= t : key.longs[ep] <= t)) {
                                ep++;
                            }
                        }
                        end[i] = ep;
                    }
                }
            }
        }
    }

    /** The key an offset bound reaches: after the current value in window order for FOLLOWING, before it for PRECEDING. */
    private static long target(long v, long offset, boolean following, boolean desc) {
        boolean up = following != desc;
        long r = up ? v + offset : v - offset;
        // saturate instead of wrapping around: a huge offset reaches the end of the partition
        if (up && r < v) {
            return Long.MAX_VALUE;
        }
        if (!up && r > v) {
            return Long.MIN_VALUE;
        }
        return r;
    }

    private static double target(double v, double offset, boolean following, boolean desc) {
        return following != desc ? v + offset : v - offset;
    }
}
