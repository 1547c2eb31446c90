package dev.sundial.head;

import dev.sundial.table.ColumnType;

/**
 * Statistics of one column in one chunk, kept so that whole chunks can answer aggregates without
 * decoding (aggregate push-down). Min, max, first and last are stored as raw 64-bit patterns whose
 * meaning depends on the column type: IEEE bits for DOUBLE, the value for BIGINT, 0/1 for BOOLEAN;
 * VARCHAR keeps only the count. NaN values are counted but excluded from min/max/sum, so a chunk's
 * min/max stay usable for pruning; {@code nanCount} tells how many there were. Immutable.
 *
 * @param count      non-null values
 * @param minBits    smallest value (type-dependent bits); meaningless when count == nanCount
 * @param maxBits    largest value
 * @param firstBits  value at the smallest timestamp
 * @param lastBits   value at the largest timestamp
 * @param sum        sum as a double (DOUBLE, and BIGINT/BOOLEAN as an approximation)
 * @param longSum    exact sum for BIGINT/BOOLEAN, valid when {@code !longSumOverflow}
 * @param longSumOverflow the exact BIGINT sum overflowed 64 bits
 * @param nanCount   number of NaN values (DOUBLE only)
 */
public record ColumnStats(int count, long minBits, long maxBits, long firstBits, long lastBits, double sum,
                          long longSum, boolean longSumOverflow, int nanCount) {

    /** Computes stats of {@code n} dense (non-null) values in time order. */
    public static ColumnStats ofDoubles(double[] v, int n) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int nan = 0;
        for (int i = 0; i < n; i++) {
            double x = v[i];
            if (x != x) {
                nan++;
                continue;
            }
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
        }
        return new ColumnStats(n, Double.doubleToRawLongBits(min), Double.doubleToRawLongBits(max),
                n == 0 ? 0 : Double.doubleToRawLongBits(v[0]), n == 0 ? 0 : Double.doubleToRawLongBits(v[n - 1]),
                sum, 0, false, nan);
    }

    public static ColumnStats ofLongs(long[] v, int n) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sum = 0;
        double dsum = 0;
        boolean overflow = false;
        for (int i = 0; i < n; i++) {
            long x = v[i];
            min = Math.min(min, x);
            max = Math.max(max, x);
            long r = sum + x;
            if (((sum ^ r) & (x ^ r)) < 0) {
                overflow = true;
            }
            sum = r;
            dsum += x;
        }
        return new ColumnStats(n, min, max, n == 0 ? 0 : v[0], n == 0 ? 0 : v[n - 1], dsum, sum, overflow, 0);
    }

    public static ColumnStats ofBooleans(boolean[] v, int n) {
        int trues = 0;
        for (int i = 0; i < n; i++) {
            if (v[i]) {
                trues++;
            }
        }
        return new ColumnStats(n, trues == n ? 1 : 0, trues > 0 ? 1 : 0, n > 0 && v[0] ? 1 : 0,
                n > 0 && v[n - 1] ? 1 : 0, trues, trues, false, 0);
    }

    public static ColumnStats ofCount(int n) {
        return new ColumnStats(n, 0, 0, 0, 0, 0, 0, false, 0);
    }

    /** Min as a double, for DOUBLE/BIGINT/BOOLEAN columns. */
    public double min(ColumnType type) {
        return asDouble(type, minBits);
    }

    public double max(ColumnType type) {
        return asDouble(type, maxBits);
    }

    public double first(ColumnType type) {
        return asDouble(type, firstBits);
    }

    public double last(ColumnType type) {
        return asDouble(type, lastBits);
    }

    private static double asDouble(ColumnType type, long bits) {
        return type == ColumnType.DOUBLE ? Double.longBitsToDouble(bits) : (double) bits;
    }
}
