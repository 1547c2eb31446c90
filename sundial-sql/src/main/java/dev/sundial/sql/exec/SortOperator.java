package dev.sundial.sql.exec;

import java.util.List;

/**
 * ORDER BY: gathers its input and emits it sorted (stable: ties keep input order). With a LIMIT it
 * is a top-N: whenever the buffer holds more than twice the rows needed it is sorted and cut, so
 * memory stays proportional to LIMIT + OFFSET, not to the input.
 */
public final class SortOperator extends Operator {
    private static final int OUTPUT_BATCH = 4096;
    private final Operator child;
    private final List<SortKey> keys;
    private final long keep;
    private BatchBuffer buffer;
    private Integer[] order;
    private int pos;

    /** @param keep rows needed (LIMIT + OFFSET), or Long.MAX_VALUE */
    public SortOperator(QueryContext ctx, Operator child, List<SortKey> keys, long keep) {
        super(ctx, child.columns());
        this.child = child;
        this.keys = keys;
        this.keep = keep;
    }

    @Override
    protected Batch produce() {
        if (buffer == null) {
            buffer = new BatchBuffer(columns(), ctx, "sorting");
            Batch b;
            while ((b = child.next()) != null) {
                buffer.add(b);
                if (keep < Integer.MAX_VALUE / 4 && buffer.size > Math.max(2 * keep, 8192)) {
                    Integer[] o = buffer.order(keys);
                    buffer.retain(o, (int) keep);
                }
            }
            order = buffer.order(keys);
            if (order.length > keep) {
                buffer.retain(order, (int) keep);
                order = buffer.order(keys);
            }
        }
        if (pos >= order.length) {
            return null;
        }
        int n = Math.min(OUTPUT_BATCH, order.length - pos);
        int[] sel = new int[n];
        for (int i = 0; i < n; i++) {
            sel[i] = order[pos + i];
        }
        pos += n;
        return buffer.toBatch().select(sel, n);
    }

    @Override
    public List<Operator> children() {
        return List.of(child);
    }

    @Override
    public String explain() {
        StringBuilder b = new StringBuilder(keep == Long.MAX_VALUE ? "Sort" : "TopN n=" + keep).append(" by ");
        for (int i = 0; i < keys.size(); i++) {
            SortKey k = keys.get(i);
            b.append(i > 0 ? ", " : "").append(columns().get(k.column()).name()).append(k.descending() ? " DESC" : " ASC");
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (buffer != null) {
            buffer.release();
        }
        super.close();
    }
}
