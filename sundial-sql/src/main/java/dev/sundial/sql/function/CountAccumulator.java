package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.head.ColumnStats;
import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/** {@code count(*)} and {@code count(x)} (non-NULL values). Never NULL: an empty group counts 0. */
public final class CountAccumulator extends Accumulator {
    private final boolean star;
    private long[] counts = new long[0];

    public CountAccumulator(boolean star) {
        this.star = star;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            counts = Arrays.copyOf(counts, capacity);
        }
    }

    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int n) {
        if (star || arg.nulls == null) {
            for (int i = 0; i < n; i++) {
                counts[gids[i]]++;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!arg.isNull(i)) {
                counts[gids[i]]++;
            }
        }
    }

    @Override
    public void addRuns(Vec arg, Vec arg2, int[] gids, int[] starts, int runs, int n) {
        if (!star && arg.nulls != null) {
            add(arg, arg2, gids, n);
            return;
        }
        for (int r = 0; r < runs; r++) {
            counts[gids[starts[r]]] += starts[r + 1] - starts[r];
        }
    }

    @Override
    public void addStats(int gid, int rows, ColumnStats stats, long minTs, long maxTs) {
        counts[gid] += star ? rows : stats == null ? 0 : stats.count();
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        CountAccumulator o = (CountAccumulator) other;
        for (int g = 0; g < groups; g++) {
            counts[map[g]] += o.counts[g];
        }
    }

    @Override
    public Vec result(int groups) {
        return Vec.ofLongs(SqlType.BIGINT, Arrays.copyOf(counts, Math.max(groups, 1)), null);
    }

    @Override
    public long bytesPerGroup() {
        return 8;
    }
}
