package dev.sundial.sql.function;

import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * An exact order statistic's state: every non-NULL value of each group, kept as a double, in a
 * growing array per group. Subclasses read the sorted values in {@link #result}. Memory grows with
 * the values kept; {@link #bytesHeld()} feeds the query's memory limit. Not thread-safe.
 */
abstract class KeptValuesAccumulator extends Accumulator {
    private double[][] values = new double[0][];
    private int[] counts = new int[0];
    private long held;

    @Override
    public final void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            values = Arrays.copyOf(values, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
    }

    private void push(int g, double x) {
        double[] a = values[g];
        if (a == null) {
            a = new double[8];
            values[g] = a;
            held += 64;
        } else if (counts[g] == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            held += 8L * a.length / 2;
            values[g] = a;
        }
        a[counts[g]++] = x;
    }

    @Override
    public final void add(Vec arg, Vec arg2, int[] gids, int n) {
        for (int i = 0; i < n; i++) {
            if (!arg.isNull(i)) {
                push(gids[i], arg.asDouble(i));
            }
        }
    }

    @Override
    public final void merge(Accumulator other, int[] map, int groups) {
        KeptValuesAccumulator o = (KeptValuesAccumulator) other;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < o.counts[g]; i++) {
                push(map[g], o.values[g][i]);
            }
        }
    }

    /** The number of values group {@code g} holds. */
    final int count(int g) {
        return counts[g];
    }

    /** The values of group {@code g}, sorted ascending in {@code [0, count(g))} (-0.0 before 0.0, NaN last). */
    final double[] sorted(int g) {
        Arrays.sort(values[g], 0, counts[g]);
        return values[g];
    }

    /** The groups with no value, whose result is NULL. */
    final boolean[] emptyGroups(int groups) {
        return nullsWhere(groups, g -> counts[g] == 0);
    }

    /** Bytes of values held, for the memory limit. */
    @Override
    public final long bytesHeld() {
        return held;
    }

    @Override
    public final long bytesPerGroup() {
        return 16;
    }
}
