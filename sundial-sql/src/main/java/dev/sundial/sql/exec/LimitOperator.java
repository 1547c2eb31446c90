package dev.sundial.sql.exec;

import java.util.List;

/** OFFSET then LIMIT; stops pulling from its input once the limit is reached. */
public final class LimitOperator extends Operator {
    private final Operator child;
    private final long limit;
    private final long offset;
    private long skipped;
    private long emitted;

    public LimitOperator(QueryContext ctx, Operator child, long limit, long offset) {
        super(ctx, child.columns());
        this.child = child;
        this.limit = limit;
        this.offset = offset;
    }

    @Override
    protected Batch produce() {
        while (emitted < limit) {
            Batch b = child.next();
            if (b == null) {
                return null;
            }
            int from = 0;
            if (skipped < offset) {
                long skip = Math.min(offset - skipped, b.size);
                skipped += skip;
                from = (int) skip;
            }
            int n = (int) Math.min(b.size - from, limit - emitted);
            if (n <= 0) {
                continue;
            }
            emitted += n;
            if (from == 0 && n == b.size) {
                return b;
            }
            int[] sel = new int[n];
            for (int i = 0; i < n; i++) {
                sel[i] = from + i;
            }
            return b.select(sel, n);
        }
        return null;
    }

    @Override
    public List<Operator> children() {
        return List.of(child);
    }

    @Override
    public String explain() {
        return "Limit " + (limit == Long.MAX_VALUE ? "ALL" : String.valueOf(limit)) + (offset > 0 ? " offset " + offset : "");
    }
}
