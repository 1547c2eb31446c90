package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.sql.analyze.SelectPlan;
import dev.sundial.sql.function.TimeBucketEval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code time_bucket_gapfill}: after aggregation, emits one row per bucket in [start, end) for every
 * combination of the other grouping columns (a "partition"), NULL where no data fell, then fills
 * {@code locf(…)} columns with the last non-NULL value before (none → NULL) and
 * {@code interpolate(…)} columns linearly between the nearest non-NULL neighbours in time (leading
 * and trailing gaps stay NULL), as TimescaleDB does. Output: partitions in order of first
 * appearance, buckets ascending. Memory: one row per bucket and partition, counted against the
 * query's limit.
 */
public final class GapFillOperator extends Operator {
    private final Operator child;
    private final TimeBucketEval bucket;
    private final long start;
    private final long end;
    private final int bucketCol;
    private final List<Integer> partitionCols;
    private final List<SelectPlan.Fill> fills;
    private boolean done;
    private long reserved;

    public GapFillOperator(QueryContext ctx, Operator child, TimeBucketEval bucket, long start, long end, int bucketCol,
                           List<Integer> partitionCols, List<SelectPlan.Fill> fills) {
        super(ctx, child.columns());
        this.child = child;
        this.bucket = bucket;
        this.start = start;
        this.end = end;
        this.bucketCol = bucketCol;
        this.partitionCols = partitionCols;
        this.fills = fills;
    }

    @Override
    protected Batch produce() {
        if (done) {
            return null;
        }
        done = true;
        int width = columns().size();
        Map<List<Object>, TreeMap<Long, Object[]>> partitions = new LinkedHashMap<>();
        Batch b;
        while ((b = child.next()) != null) {
            for (int i = 0; i < b.size; i++) {
                List<Object> key = new ArrayList<>();
                for (int c : partitionCols) {
                    key.add(b.cols[c].get(i));
                }
                Object[] row = new Object[width];
                for (int c = 0; c < width; c++) {
                    row[c] = b.cols[c].get(i);
                }
                Long t = (Long) row[bucketCol];
                if (t != null) {
                    partitions.computeIfAbsent(key, k -> new TreeMap<>()).put(t, row);
                }
            }
        }
        if (partitions.isEmpty() && partitionCols.isEmpty()) {
            partitions.put(List.of(), new TreeMap<>());
        }
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<List<Object>, TreeMap<Long, Object[]>> e : partitions.entrySet()) {
            TreeMap<Long, Object[]> rows = e.getValue();
            for (long t = bucket.bucketStart(start); t < end; ) {
                if (!rows.containsKey(t)) {
                    Object[] row = new Object[width];
                    row[bucketCol] = t;
                    for (int k = 0; k < partitionCols.size(); k++) {
                        row[partitionCols.get(k)] = e.getKey().get(k);
                    }
                    rows.put(t, row);
                    reserve(width);
                }
                long next = bucket.bucketEnd(t);
                if (next <= t) {
                    break;
                }
                t = next;
                if ((rows.size() & 1023) == 0) {
                    ctx.check();
                }
            }
            List<Object[]> series = new ArrayList<>(rows.values());
            fill(series);
            out.addAll(series);
        }
        return Batch.ofRows(columns(), out);
    }

    private void reserve(int width) {
        long bytes = 32L + 24L * width;
        ctx.memory().reserve(bytes, "gap filling");
        reserved += bytes;
    }

    private void fill(List<Object[]> rows) {
        for (int c = 0; c < fills.size() && c < columns().size(); c++) {
            SelectPlan.Fill f = fills.get(c);
            if (f == SelectPlan.Fill.LOCF) {
                Object last = null;
                for (Object[] r : rows) {
                    if (r[c] == null) {
                        r[c] = last;
                    } else {
                        last = r[c];
                    }
                }
            } else if (f == SelectPlan.Fill.INTERPOLATE) {
                int prev = -1;
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i)[c] == null) {
                        continue;
                    }
                    if (prev >= 0 && i - prev > 1) {
                        double y0 = ((Number) rows.get(prev)[c]).doubleValue();
                        double y1 = ((Number) rows.get(i)[c]).doubleValue();
                        long t0 = (Long) rows.get(prev)[bucketCol];
                        long t1 = (Long) rows.get(i)[bucketCol];
                        for (int k = prev + 1; k < i; k++) {
                            long t = (Long) rows.get(k)[bucketCol];
                            double y = y0 + (y1 - y0) * ((double) (t - t0) / (double) (t1 - t0));
                            rows.get(k)[c] = columns().get(c).type() == SqlType.BIGINT ? (Object) Math.round(y) : (Object) y;
                        }
                    }
                    prev = i;
                }
            }
        }
    }

    @Override
    public List<Operator> children() {
        return List.of(child);
    }

    @Override
    public String explain() {
        return "GapFill " + bucket.describe() + " from " + dev.sundial.sql.function.SqlValues.formatTimestamp(start) + " to "
                + dev.sundial.sql.function.SqlValues.formatTimestamp(end);
    }

    @Override
    public void close() {
        ctx.memory().release(reserved);
        reserved = 0;
        super.close();
    }
}
