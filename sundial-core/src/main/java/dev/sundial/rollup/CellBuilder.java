package dev.sundial.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.sundial.head.Head;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.ValueVector;

/**
 * Builds one value column's rollup fields for one bucket: from raw values (the finest level) or by
 * merging the cells of the level below (coarser levels), then writes them into the level row. The
 * semantics are those of chunk statistics, so that a query answered from cells equals the same query
 * on raw rows: NaN counts but stays out of min, max and sum; first and last are the values at the
 * smallest and largest timestamp; BIGINT sums are exact 64-bit sums with an overflow flag; stddev
 * and variance come from (count, mean, M2), merged with Chan's formula.
 *
 * <p>Reused across buckets ({@link #reset}); not thread-safe.
 */
final class CellBuilder {
    private final ColumnType type;
    private final RollupFieldSet kept;
    long count;
    long nans;
    double dsum;
    long lsum;
    boolean overflow;
    double dmin;
    double dmax;
    long lmin;
    long lmax;
    long firstBits;
    long lastBits;
    String firstText;
    String lastText;
    long firstTs;
    long lastTs;
    double mean;
    double m2;
    private double[] values = new double[16];
    private int valueCount;
    private int[] scratch = new int[16];
    private DDSketch merged;

    CellBuilder(ColumnType type, RollupFieldSet kept) {
        this.type = type;
        this.kept = kept;
        reset();
    }

    void reset() {
        count = 0;
        nans = 0;
        dsum = 0;
        lsum = 0;
        overflow = false;
        dmin = Double.POSITIVE_INFINITY;
        dmax = Double.NEGATIVE_INFINITY;
        lmin = Long.MAX_VALUE;
        lmax = Long.MIN_VALUE;
        firstText = null;
        lastText = null;
        mean = 0;
        m2 = 0;
        valueCount = 0;
        if (merged != null) {
            merged.clear();
        }
    }

    /** Adds raw row {@code i} of {@code v} (present), at timestamp {@code ts}; rows come in time order. */
    void addRaw(ValueVector v, int i, long ts) {
        if (count == 0) {
            firstTs = ts;
        }
        lastTs = ts;
        switch (type) {
            case DOUBLE -> {
                double x = v.doubles[i];
                if (count == 0) {
                    firstBits = Double.doubleToRawLongBits(x);
                }
                lastBits = Double.doubleToRawLongBits(x);
                if (x != x) {
                    nans++;
                } else {
                    dmin = Math.min(dmin, x);
                    dmax = Math.max(dmax, x);
                    dsum += x;
                }
                moment(x);
                value(x);
            }
            case BIGINT -> {
                long x = v.longs[i];
                if (count == 0) {
                    firstBits = x;
                }
                lastBits = x;
                lmin = Math.min(lmin, x);
                lmax = Math.max(lmax, x);
                long r = lsum + x;
                if (((lsum ^ r) & (x ^ r)) < 0) {
                    overflow = true;
                }
                lsum = r;
                moment(x);
                value(x);
            }
            case BOOLEAN -> {
                long x = v.booleans[i] ? 1 : 0;
                if (count == 0) {
                    firstBits = x;
                }
                lastBits = x;
                lsum += x;
            }
            case VARCHAR -> {
                if (count == 0) {
                    firstText = v.strings[i];
                }
                lastText = v.strings[i];
            }
        }
        count++;
    }

    private void moment(double x) {
        long n = count + 1;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
    }

    private void value(double x) {
        if (!kept.has(RollupField.SKETCH)) {
            return;
        }
        if (valueCount == values.length) {
            values = java.util.Arrays.copyOf(values, valueCount * 2);
            scratch = new int[valueCount * 2];
        }
        values[valueCount++] = x;
    }

    /**
     * Merges the cell in row {@code i} of a level batch whose columns {@code cols} are this column's
     * fields in {@link RollupField#of} order (a column index of -1: the field is not in the batch).
     * Cells come in time order.
     */
    void mergeCell(ColumnBatch b, int i, int[] cols) {
        long c = longAt(b, cols[RollupField.COUNT.ordinal()], i, 0);
        if (c == 0) {
            return;
        }
        long ft = longAt(b, cols[RollupField.FIRST_TS.ordinal()], i, 0);
        long lt = longAt(b, cols[RollupField.LAST_TS.ordinal()], i, 0);
        switch (type) {
            case DOUBLE -> {
                long n = longAt(b, cols[RollupField.NANS.ordinal()], i, 0);
                double s = doubleAt(b, cols[RollupField.SUM.ordinal()], i);
                if (count == 0) {
                    firstBits = Double.doubleToRawLongBits(doubleAt(b, cols[RollupField.FIRST.ordinal()], i));
                }
                lastBits = Double.doubleToRawLongBits(doubleAt(b, cols[RollupField.LAST.ordinal()], i));
                if (n < c) {
                    dmin = Math.min(dmin, doubleAt(b, cols[RollupField.MIN.ordinal()], i));
                    dmax = Math.max(dmax, doubleAt(b, cols[RollupField.MAX.ordinal()], i));
                }
                nans += n;
                dsum += s;
                mergeMoments(c, n > 0 ? Double.NaN : s / c, doubleAt(b, cols[RollupField.M2.ordinal()], i));
                mergeSketch(b, cols, i);
            }
            case BIGINT -> {
                long s = longAt(b, cols[RollupField.SUM.ordinal()], i, 0);
                if (count == 0) {
                    firstBits = longAt(b, cols[RollupField.FIRST.ordinal()], i, 0);
                }
                lastBits = longAt(b, cols[RollupField.LAST.ordinal()], i, 0);
                lmin = Math.min(lmin, longAt(b, cols[RollupField.MIN.ordinal()], i, Long.MAX_VALUE));
                lmax = Math.max(lmax, longAt(b, cols[RollupField.MAX.ordinal()], i, Long.MIN_VALUE));
                long r = lsum + s;
                if (((lsum ^ r) & (s ^ r)) < 0 || booleanAt(b, cols[RollupField.SUM_OVERFLOW.ordinal()], i)) {
                    overflow = true;
                }
                lsum = r;
                double exactSum = (double) s; // mean of the cell; exact enough for the moments
                mergeMoments(c, exactSum / c, doubleAt(b, cols[RollupField.M2.ordinal()], i));
                mergeSketch(b, cols, i);
            }
            case BOOLEAN -> {
                if (count == 0) {
                    firstBits = booleanAt(b, cols[RollupField.FIRST.ordinal()], i) ? 1 : 0;
                }
                lastBits = booleanAt(b, cols[RollupField.LAST.ordinal()], i) ? 1 : 0;
                lsum += longAt(b, cols[RollupField.SUM.ordinal()], i, 0);
            }
            case VARCHAR -> {
                if (count == 0) {
                    firstText = textAt(b, cols[RollupField.FIRST.ordinal()], i);
                }
                lastText = textAt(b, cols[RollupField.LAST.ordinal()], i);
            }
        }
        if (count == 0) {
            firstTs = ft;
        }
        lastTs = lt;
        count += c;
    }

    private void mergeMoments(long nb, double meanB, double m2b) {
        long na = count;
        long nt = na + nb;
        if (na == 0) {
            mean = meanB;
            m2 = m2b;
            return;
        }
        double d = meanB - mean;
        mean += d * nb / nt;
        m2 += m2b + d * d * ((double) na * nb / nt);
    }

    private void mergeSketch(ColumnBatch b, int[] cols, int i) {
        if (!kept.has(RollupField.SKETCH)) {
            return;
        }
        String text = textAt(b, cols[RollupField.SKETCH.ordinal()], i);
        if (text == null) {
            return;
        }
        if (merged == null) {
            merged = SketchText.newSketch();
        }
        SketchText.mergeInto(merged, text);
    }

    /** Writes the fields of this column into the level row; {@code base} maps fields to level columns. */
    void write(Head.RowWriter w, int[] levelColumns) {
        set(w, levelColumns, RollupField.COUNT, count);
        if (count == 0) {
            return; // no value in this bucket: COUNT=0 alone says so, and overrides an older cell's
        }
        setTs(w, levelColumns);
        switch (type) {
            case DOUBLE -> {
                set(w, levelColumns, RollupField.NANS, nans);
                if (kept.has(RollupField.SUM)) {
                    w.setDouble(levelColumns[RollupField.SUM.ordinal()], dsum);
                }
                if (kept.has(RollupField.MIN)) {
                    w.setDouble(levelColumns[RollupField.MIN.ordinal()], dmin);
                }
                if (kept.has(RollupField.MAX)) {
                    w.setDouble(levelColumns[RollupField.MAX.ordinal()], dmax);
                }
                if (kept.has(RollupField.FIRST)) {
                    w.setDouble(levelColumns[RollupField.FIRST.ordinal()], Double.longBitsToDouble(firstBits));
                }
                if (kept.has(RollupField.LAST)) {
                    w.setDouble(levelColumns[RollupField.LAST.ordinal()], Double.longBitsToDouble(lastBits));
                }
                writeMomentsAndSketch(w, levelColumns);
            }
            case BIGINT -> {
                if (kept.has(RollupField.SUM)) {
                    w.setLong(levelColumns[RollupField.SUM.ordinal()], lsum);
                    w.setBoolean(levelColumns[RollupField.SUM_OVERFLOW.ordinal()], overflow);
                }
                if (kept.has(RollupField.MIN)) {
                    w.setLong(levelColumns[RollupField.MIN.ordinal()], lmin);
                }
                if (kept.has(RollupField.MAX)) {
                    w.setLong(levelColumns[RollupField.MAX.ordinal()], lmax);
                }
                if (kept.has(RollupField.FIRST)) {
                    w.setLong(levelColumns[RollupField.FIRST.ordinal()], firstBits);
                }
                if (kept.has(RollupField.LAST)) {
                    w.setLong(levelColumns[RollupField.LAST.ordinal()], lastBits);
                }
                writeMomentsAndSketch(w, levelColumns);
            }
            case BOOLEAN -> {
                if (kept.has(RollupField.SUM)) {
                    w.setLong(levelColumns[RollupField.SUM.ordinal()], lsum);
                }
                if (kept.has(RollupField.FIRST)) {
                    w.setBoolean(levelColumns[RollupField.FIRST.ordinal()], firstBits != 0);
                }
                if (kept.has(RollupField.LAST)) {
                    w.setBoolean(levelColumns[RollupField.LAST.ordinal()], lastBits != 0);
                }
            }
            case VARCHAR -> {
                if (kept.has(RollupField.FIRST)) {
                    w.setString(levelColumns[RollupField.FIRST.ordinal()], firstText);
                }
                if (kept.has(RollupField.LAST)) {
                    w.setString(levelColumns[RollupField.LAST.ordinal()], lastText);
                }
            }
        }
    }

    private void setTs(Head.RowWriter w, int[] levelColumns) {
        if (kept.has(RollupField.FIRST)) {
            w.setLong(levelColumns[RollupField.FIRST_TS.ordinal()], firstTs);
        }
        if (kept.has(RollupField.LAST)) {
            w.setLong(levelColumns[RollupField.LAST_TS.ordinal()], lastTs);
        }
    }

    private void writeMomentsAndSketch(Head.RowWriter w, int[] levelColumns) {
        if (kept.has(RollupField.M2)) {
            w.setDouble(levelColumns[RollupField.M2.ordinal()], nans > 0 ? Double.NaN : m2);
        }
        if (kept.has(RollupField.SKETCH)) {
            String text = merged != null ? SketchText.encode(merged) : SketchText.encodeValues(values, valueCount, scratch);
            w.setString(levelColumns[RollupField.SKETCH.ordinal()], text);
        }
    }

    private static void set(Head.RowWriter w, int[] levelColumns, RollupField f, long v) {
        int c = levelColumns[f.ordinal()];
        if (c >= 0) {
            w.setLong(c, v);
        }
    }

    static long longAt(ColumnBatch b, int col, int i, long absent) {
        if (col < 0) {
            return absent;
        }
        ValueVector v = b.columns[col];
        return v == null || (v.present != null && !v.present[i]) ? absent : v.longs[i];
    }

    static double doubleAt(ColumnBatch b, int col, int i) {
        if (col < 0) {
            return Double.NaN;
        }
        ValueVector v = b.columns[col];
        return v == null || (v.present != null && !v.present[i]) ? Double.NaN : v.doubles[i];
    }

    static boolean booleanAt(ColumnBatch b, int col, int i) {
        if (col < 0) {
            return false;
        }
        ValueVector v = b.columns[col];
        return v != null && (v.present == null || v.present[i]) && v.booleans[i];
    }

    static String textAt(ColumnBatch b, int col, int i) {
        if (col < 0) {
            return null;
        }
        ValueVector v = b.columns[col];
        return v == null || (v.present != null && !v.present[i]) ? null : v.strings[i];
    }
}
