package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.List;

/**
 * SELECT DISTINCT (key = all columns) and DISTINCT ON (key = the given columns, input sorted by the
 * ORDER BY so the first row per key is the one kept): streams, remembering keys in a
 * {@link GroupTable}.
 */
public final class DistinctOperator extends Operator {
    private final Operator child;
    private final int[] keyColumns;
    private final GroupTable seen;
    private int[] gids = new int[1024];
    private long reserved;

    public DistinctOperator(QueryContext ctx, Operator child, int[] keyColumns) {
        super(ctx, child.columns());
        this.child = child;
        this.keyColumns = keyColumns;
        SqlType[] types = new SqlType[keyColumns.length];
        for (int k = 0; k < types.length; k++) {
            types[k] = child.columns().get(keyColumns[k]).type();
        }
        this.seen = new GroupTable(types);
    }

    @Override
    protected Batch produce() {
        Batch b;
        while ((b = child.next()) != null) {
            if (gids.length < b.size) {
                gids = new int[b.size * 2];
            }
            Vec[] keys = new Vec[keyColumns.length];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = b.cols[keyColumns[k]];
            }
            int before = seen.size();
            seen.assign(keys, b.size, gids);
            int[] sel = new int[b.size];
            int n = 0;
            int high = before;
            for (int i = 0; i < b.size; i++) {
                if (gids[i] >= high) {
                    sel[n++] = i;
                    high = gids[i] + 1;
                }
            }
            long bytes = seen.bytes();
            if (bytes > reserved) {
                ctx.memory().reserve(bytes - reserved, "DISTINCT over " + seen.size() + " keys");
                reserved = bytes;
            }
            if (n > 0) {
                return n == b.size ? b : b.select(sel, n);
            }
        }
        return null;
    }

    @Override
    public List<Operator> children() {
        return List.of(child);
    }

    @Override
    public void close() {
        ctx.memory().release(reserved);
        reserved = 0;
        super.close();
    }

    @Override
    public String explain() {
        return "Distinct on " + keyColumns.length + " column(s)";
    }
}
