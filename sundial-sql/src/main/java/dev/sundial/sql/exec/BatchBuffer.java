package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.sql.function.SqlValues;
import java.util.Arrays;
import java.util.List;

/**
 * Rows gathered from several batches into one set of growable columns (for sorts and DISTINCT),
 * with its memory counted against the query's budget. Not thread-safe.
 */
final class BatchBuffer {
    private final SqlType[] types;
    private final QueryContext ctx;
    private final String what;
    Vec[] cols;
    int size;
    private long reserved;

    BatchBuffer(List<dev.sundial.ResultColumn> columns, QueryContext ctx, String what) {
        this.types = columns.stream().map(dev.sundial.ResultColumn::type).toArray(SqlType[]::new);
        this.ctx = ctx;
        this.what = what;
        this.cols = new Vec[types.length];
        for (int c = 0; c < types.length; c++) {
            cols[c] = Vec.allocate(types[c], 64);
        }
    }

    void add(Batch b) {
        int need = size + b.size;
        ensure(need);
        for (int c = 0; c < types.length; c++) {
            Vec src = b.cols[c];
            Vec dst = cols[c];
            for (int i = 0; i < b.size; i++) {
                int o = size + i;
                if (src.isNull(i)) {
                    if (dst.nulls == null) {
                        dst.nulls = new boolean[capacity(dst)];
                    }
                    dst.nulls[o] = true;
                    continue;
                }
                if (dst.nulls != null) {
                    dst.nulls[o] = false;
                }
                switch (types[c]) {
                    case DOUBLE -> dst.doubles[o] = src.getDouble(i);
                    case VARCHAR -> dst.strings[o] = src.getString(i);
                    case BOOLEAN -> dst.bools[o] = src.getBool(i);
                    default -> dst.longs[o] = src.getLong(i);
                }
            }
        }
        size = need;
        long bytes = 0;
        for (Vec v : cols) {
            bytes += v.bytes(capacity(v));
        }
        if (bytes > reserved) {
            ctx.memory().reserve(bytes - reserved, what);
            reserved = bytes;
        }
    }

    private static int capacity(Vec v) {
        return switch (v.type) {
            case DOUBLE -> v.doubles.length;
            case VARCHAR -> v.strings.length;
            case BOOLEAN -> v.bools.length;
            default -> v.longs.length;
        };
    }

    private void ensure(int n) {
        for (Vec v : cols) {
            int cap = capacity(v);
            if (n <= cap) {
                continue;
            }
            int c = Math.max(n, cap * 2);
            switch (v.type) {
                case DOUBLE -> v.doubles = Arrays.copyOf(v.doubles, c);
                case VARCHAR -> v.strings = Arrays.copyOf(v.strings, c);
                case BOOLEAN -> v.bools = Arrays.copyOf(v.bools, c);
                default -> v.longs = Arrays.copyOf(v.longs, c);
            }
            if (v.nulls != null) {
                v.nulls = Arrays.copyOf(v.nulls, c);
            }
        }
    }

    /** Row order by {@code keys}, stable (ties keep arrival order). */
    Integer[] order(List<SortKey> keys) {
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> compareRows(keys, a, b));
        return idx;
    }

    int compareRows(List<SortKey> keys, int a, int b) {
        for (SortKey k : keys) {
            Vec v = cols[k.column()];
            boolean an = v.isNull(a);
            boolean bn = v.isNull(b);
            int c;
            if (an || bn) {
                if (an && bn) {
                    continue;
                }
                c = an == k.nullsFirst() ? -1 : 1;
                return c;
            }
            c = switch (v.type) {
                case DOUBLE -> SqlValues.compareDoubles(v.doubles[a], v.doubles[b]);
                case VARCHAR -> v.strings[a].compareTo(v.strings[b]);
                case BOOLEAN -> Boolean.compare(v.bools[a], v.bools[b]);
                default -> Long.compare(v.longs[a], v.longs[b]);
            };
            if (c != 0) {
                return k.descending() ? -c : c;
            }
        }
        return 0;
    }

    /** Keeps only rows {@code order[0..n)}, in that order. */
    void retain(Integer[] order, int n) {
        int[] sel = new int[n];
        for (int i = 0; i < n; i++) {
            sel[i] = order[i];
        }
        Batch b = new Batch(size, cols).select(sel, n);
        for (int c = 0; c < cols.length; c++) {
            cols[c] = b.cols[c].materialize(n);
        }
        size = n;
    }

    Batch toBatch() {
        return new Batch(size, cols);
    }

    void release() {
        ctx.memory().release(reserved);
        reserved = 0;
    }
}
