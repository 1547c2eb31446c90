package dev.sundial.sql.function;

import dev.sundial.head.ColumnStats;
import dev.sundial.sql.exec.Vec;

/**
 * The state of one aggregate for every group of a hash aggregation, in arrays indexed by group id,
 * updated a batch at a time ({@code gids[i]} is the group of row {@code i}). Partial states built on
 * different threads are merged. Not thread-safe: one per thread.
 */
public abstract class Accumulator {
    protected int capacity;

    /** Makes room for group ids below {@code groups}. */
    public abstract void grow(int groups);

    /**
     * Adds rows {@code [0, n)}: {@code arg} is the argument (null for count(*)), {@code arg2} the
     * second argument (the ordering timestamp of first/last), or null.
     */
    public abstract void add(Vec arg, Vec arg2, int[] gids, int n);

    /**
     * As {@link #add}, with the rows grouped into runs of one group: run {@code r} is rows
     * {@code [starts[r], starts[r + 1])} of group {@code gids[starts[r]]}. Rows of a series arrive in
     * time order and the group changes only at bucket boundaries, so a run is typically a whole
     * bucket; accumulators override this with a reduction per run (no per-row scatter).
     */
    public void addRuns(Vec arg, Vec arg2, int[] gids, int[] starts, int runs, int n) {
        add(arg, arg2, gids, n);
    }

    /**
     * Adds a whole chunk from its statistics (only for kinds with {@link AggregateKind#fromStats()}):
     * {@code rows} rows in [minTs, maxTs]; {@code stats} of the argument column (null for count(*)
     * or when the column has no value in the chunk).
     */
    public void addStats(int gid, int rows, ColumnStats stats, long minTs, long maxTs) {
        throw new IllegalStateException("BUG: " + getClass().getSimpleName() + " cannot use chunk statistics");
    }

    /** Merges {@code other}'s group {@code g} into this one's group {@code map[g]}, for g below {@code groups}. */
    public abstract void merge(Accumulator other, int[] map, int groups);

    /** The final values of groups {@code [0, groups)}. */
    public abstract Vec result(int groups);

    /** Bytes held beyond {@link #bytesPerGroup()} (kept values, distinct sets), for the memory limit. */
    public long bytesHeld() {
        return 0;
    }

    /** Heap bytes per group, for the memory limit. */
    public abstract long bytesPerGroup();

    /**
     * The null mask of a result over {@code groups} groups (at least one row, as an aggregate
     * without GROUP BY has one row even without groups): true where {@code empty} says the group has
     * no value; null when no group is empty.
     */
    protected static boolean[] nullsWhere(int groups, java.util.function.IntPredicate empty) {
        int n = Math.max(groups, 1);
        boolean[] nulls = null;
        for (int g = 0; g < n; g++) {
            if (g >= groups || empty.test(g)) {
                if (nulls == null) {
                    nulls = new boolean[n];
                }
                nulls[g] = true;
            }
        }
        return nulls;
    }

    protected static int newCapacity(int current, int needed) {
        return Math.max(needed, Math.max(16, current + (current >> 1)));
    }
}
