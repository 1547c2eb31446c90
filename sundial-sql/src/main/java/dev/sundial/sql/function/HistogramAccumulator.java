package dev.sundial.sql.function;

import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * {@code histogram(v, min, max, n)} as TimescaleDB's: n + 2 bucket counts (below min, n equal-width
 * buckets of [min, max), at or above max) of the group's non-NULL values, returned as PostgreSQL
 * prints an integer array, {@code {0,3,1,0}} (Sundial has no array type); NULL for a group without
 * values. Not thread-safe: one per thread.
 */
public final class HistogramAccumulator extends Accumulator {
    private final double min;
    private final double max;
    private final int n;
    private long[] counts = new long[0];

    public HistogramAccumulator(double min, double max, int n) {
        this.min = min;
        this.max = max;
        this.n = n;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            counts = Arrays.copyOf(counts, capacity * (n + 2));
        }
    }

    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int rows) {
        for (int i = 0; i < rows; i++) {
            if (!arg.isNull(i)) {
                double x = arg.asDouble(i);
                if (!Double.isNaN(x)) {
                    counts[gids[i] * (n + 2) + TimeSeriesMath.histogramBucket(x, min, max, n)]++;
                }
            }
        }
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        HistogramAccumulator o = (HistogramAccumulator) other;
        for (int g = 0; g < groups; g++) {
            for (int b = 0; b < n + 2; b++) {
                counts[map[g] * (n + 2) + b] += o.counts[g * (n + 2) + b];
            }
        }
    }

    @Override
    public long bytesPerGroup() {
        return 8L * (n + 2);
    }

    @Override
    public Vec result(int groups) {
        int size = Math.max(groups, 1);
        String[] out = new String[size];
        boolean[] nulls = nullsWhere(groups, g -> {
            for (int b = 0; b < n + 2; b++) {
                if (counts[g * (n + 2) + b] != 0) {
                    return false;
                }
            }
            return true;
        });
        for (int g = 0; g < groups; g++) {
            out[g] = TimeSeriesMath.arrayText(Arrays.copyOfRange(counts, g * (n + 2), (g + 1) * (n + 2)));
        }
        return Vec.ofStrings(out, nulls);
    }
}
