package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a join's materialized side, column by column, keeping only the columns the query
 * reads (the others read as constant NULL). Grows by half its size at a time, every growth reserved in the
 * query's {@link MemoryBudget} under {@code what}, so an oversized side fails with the limit and
 * the setting to raise. A VARCHAR column costs a reference per row, plus a string per row when it
 * came from a non-constant vector (a tag's value is one shared string per batch). Not thread-safe.
 */
final class RowStore {
    private final SqlType[] types;
    private final boolean[] kept;
    private final QueryContext ctx;
    private final String what;
    private final Vec[] cols;
    private int capacity;
    int size;
    /** Bytes reserved in all; of them, for the column arrays at their capacity. */
    private long reserved;
    private long arrays;
    /** Estimated heap of one string of a non-constant VARCHAR column (object, array, a few characters). */
    private static final int STRING_BYTES = 48;

    RowStore(List<dev.sundial.ResultColumn> columns, boolean[] kept, QueryContext ctx, String what) {
        this.types = columns.stream().map(dev.sundial.ResultColumn::type).toArray(SqlType[]::new);
        this.kept = kept;
        this.ctx = ctx;
        this.what = what;
        this.cols = new Vec[types.length];
        for (int c = 0; c < types.length; c++) {
            cols[c] = kept[c] ? Vec.allocate(types[c], 0) : Vec.constant(types[c], null);
        }
    }

    void add(Batch b) {
        int n = b.size;
        ensure(size + n);
        for (int c = 0; c < types.length; c++) {
            if (kept[c]) {
                append(b.cols[c], cols[c], n);
            }
        }
        size += n;
    }

    private void append(Vec src, Vec dst, int n) {
        int o = size;
        if (src.type == dev.sundial.SqlType.VARCHAR && !src.constant) {
            // each row may hold its own string: count one (a constant's single string is shared)
            long bytes = (long) STRING_BYTES * n;
            ctx.memory().reserve(bytes, what);
            reserved += bytes;
        }
        if (src.constant) {
            if (src.isNull(0)) {
                markNulls(dst, o, n);
                return;
            }
            switch (src.type) {
                case DOUBLE -> Arrays.fill(dst.doubles, o, o + n, src.doubles[0]);
                case VARCHAR -> Arrays.fill(dst.strings, o, o + n, src.strings[0]);
                case BOOLEAN -> Arrays.fill(dst.bools, o, o + n, src.bools[0]);
                default -> Arrays.fill(dst.longs, o, o + n, src.longs[0]);
            }
            return;
        }
        switch (src.type) {
            case DOUBLE -> System.arraycopy(src.doubles, 0, dst.doubles, o, n);
            case VARCHAR -> System.arraycopy(src.strings, 0, dst.strings, o, n);
            case BOOLEAN -> System.arraycopy(src.bools, 0, dst.bools, o, n);
            default -> System.arraycopy(src.longs, 0, dst.longs, o, n);
        }
        if (src.nulls != null) {
            if (dst.nulls == null) {
                dst.nulls = new boolean[capacity];
            }
            System.arraycopy(src.nulls, 0, dst.nulls, o, n);
        }
    }

    private void markNulls(Vec dst, int o, int n) {
        if (dst.nulls == null) {
            dst.nulls = new boolean[capacity];
        }
        Arrays.fill(dst.nulls, o, o + n, true);
    }

    private void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        int c = Math.max(n, Math.max(1024, capacity + (capacity >> 1))); // 1.5×: the reservation tracks capacity
        long bytes = 0;
        for (int k = 0; k < types.length; k++) {
            if (kept[k]) {
                bytes += (long) (types[k] == SqlType.VARCHAR ? 8 : Vec.allocate(types[k], 1).bytes(1)) * c + c;
            }
        }
        if (bytes > arrays) {
            ctx.memory().reserve(bytes - arrays, what);
            reserved += bytes - arrays;
            arrays = bytes;
        }
        for (int k = 0; k < types.length; k++) {
            if (!kept[k]) {
                continue;
            }
            Vec v = cols[k];
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
        capacity = c;
    }

    /** Column {@code c} over all rows (constant NULL when not kept); valid until the next {@link #add}. */
    Vec column(int c) {
        return cols[c];
    }

    /** Reserves {@code bytes} more for structures over these rows (hash chains, match flags). */
    void reserveExtra(long bytes) {
        ctx.memory().reserve(bytes, what);
        reserved += bytes;
    }

    void release() {
        ctx.memory().release(reserved);
        reserved = 0;
        arrays = 0;
    }
}
