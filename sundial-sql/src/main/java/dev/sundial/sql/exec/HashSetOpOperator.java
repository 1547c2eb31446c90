package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import java.util.Arrays;
import java.util.List;

/**
 * INTERSECT and EXCEPT, with or without ALL, by hashing whole rows in a {@link GroupTable} (SQL's
 * grouping equality: NULLs equal each other, so a NULL row matches a NULL row). Memory is reserved
 * from the statement's budget as the table grows.
 *
 * <ul>
 * <li>EXCEPT [ALL] of inputs 0, 1, …, n-1: reads inputs 1.. into the table with a count per row,
 * then streams input 0, keeping a row when no copy is left to cancel it (ALL: each row of the
 * later inputs cancels one equal row; without ALL, any equal row removes it and rows are
 * emitted once);</li>
 * <li>INTERSECT [ALL]: reads input 0 into the table with counts, then each later input, keeping
 * per row the smallest count seen (ALL) or whether it occurs in every input; emits at the end.</li>
 * </ul>
 * Not thread-safe.
 */
public final class HashSetOpOperator extends Operator {
    public enum Kind { INTERSECT, EXCEPT }

    private static final int OUT_BATCH = 4096;

    private final Kind kind;
    private final boolean all;
    private final List<Operator> inputs;
    private final GroupTable table;
    private int[] gids = new int[1024];
    /** EXCEPT: copies of a row left to cancel; INTERSECT: copies of a row in every input so far. */
    private long[] counts = new long[1024];
    /** INTERSECT: copies of a row in the input being read. */
    private long[] seen = new long[1024];
    /** EXCEPT without ALL: whether a row was emitted. */
    private boolean[] emitted = new boolean[0];
    private long reserved;
    private boolean built;
    /** Inputs already closed (each is closed once, as soon as it is read). */
    private final boolean[] closed;
    /** INTERSECT output: the table's rows and the next group to emit, with copies of it left. */
    private Batch groups;
    private int nextGroup;
    private long copiesLeft;
    /** Groups of the table that input 0 of INTERSECT created (later inputs may add rows that match nothing). */
    private int baseGroups;

    public HashSetOpOperator(QueryContext ctx, List<ResultColumn> columns, Kind kind, boolean all, List<Operator> inputs) {
        super(ctx, columns);
        this.kind = kind;
        this.all = all;
        this.inputs = List.copyOf(inputs);
        SqlType[] types = new SqlType[columns.size()];
        for (int c = 0; c < types.length; c++) {
            types[c] = columns.get(c).type();
        }
        this.table = new GroupTable(types);
        this.closed = new boolean[inputs.size()];
    }

    @Override
    protected Batch produce() {
        if (!built) {
            built = true;
            if (kind == Kind.EXCEPT) {
                for (int k = 1; k < inputs.size(); k++) {
                    readCounts(k, true);
                }
                emitted = new boolean[Math.max(table.size(), 16)];
            } else {
                readCounts(0, false);
                baseGroups = table.size();
                for (int k = 1; k < inputs.size(); k++) {
                    Arrays.fill(seen, 0);
                    readCounts(k, true);
                    for (int g = 0; g < baseGroups; g++) {
                        counts[g] = Math.min(counts[g], seen[g]);
                    }
                }
                groups = new Batch(baseGroups, table.keyColumns());
            }
        }
        return kind == Kind.EXCEPT ? except() : intersect();
    }

    /**
     * Reads {@code in} into the table. EXCEPT: {@code counts[g]++} per row. INTERSECT: input 0 counts
     * into {@code counts}, later inputs into {@code seen}.
     */
    private void readCounts(int input, boolean later) {
        Operator in = inputs.get(input);
        Batch b;
        while ((b = in.next()) != null) {
            int[] g = assign(b);
            long[] target = kind == Kind.INTERSECT && later ? seen : counts;
            for (int i = 0; i < b.size; i++) {
                if (kind == Kind.INTERSECT && later && g[i] >= baseGroups) {
                    continue; // not in input 0: cannot be in the result
                }
                target[g[i]]++;
            }
        }
        in.close();
        closed[input] = true;
    }

    /** Group ids of {@code b}'s rows (growing the per-group arrays and the memory reservation). */
    private int[] assign(Batch b) {
        if (gids.length < b.size) {
            gids = new int[b.size * 2];
        }
        table.assign(b.cols, b.size, gids);
        int n = table.size();
        if (counts.length < n) {
            int cap = Math.max(n, counts.length * 2);
            counts = Arrays.copyOf(counts, cap);
            seen = Arrays.copyOf(seen, cap);
        }
        long bytes = table.bytes() + counts.length * 16L + emitted.length;
        if (bytes > reserved) {
            ctx.memory().reserve(bytes - reserved, kind + (all ? " ALL" : "") + " over " + n + " distinct rows");
            reserved = bytes;
        }
        return gids;
    }

    private Batch except() {
        Operator left = inputs.get(0);
        Batch b;
        while ((b = left.next()) != null) {
            int[] g = assign(b);
            if (emitted.length < table.size()) {
                emitted = Arrays.copyOf(emitted, Math.max(table.size(), emitted.length * 2));
            }
            int[] sel = new int[b.size];
            int n = 0;
            for (int i = 0; i < b.size; i++) {
                int gid = g[i];
                if (all) {
                    if (counts[gid] > 0) {
                        counts[gid]--;
                    } else {
                        sel[n++] = i;
                    }
                } else if (counts[gid] == 0 && !emitted[gid]) {
                    emitted[gid] = true;
                    sel[n++] = i;
                }
            }
            if (n > 0) {
                return n == b.size ? b : b.select(sel, n);
            }
        }
        return null;
    }

    private Batch intersect() {
        int[] sel = new int[OUT_BATCH];
        int n = 0;
        while (n < OUT_BATCH && (copiesLeft > 0 || nextGroup < baseGroups)) {
            if (copiesLeft == 0) {
                long c = counts[nextGroup];
                copiesLeft = c == 0 ? 0 : all ? c : 1;
                if (copiesLeft == 0) {
                    nextGroup++;
                    continue;
                }
            }
            sel[n++] = nextGroup;
            if (--copiesLeft == 0) {
                nextGroup++;
            }
        }
        return n == 0 ? null : groups.select(sel, n);
    }

    @Override
    public List<Operator> children() {
        return inputs;
    }

    @Override
    public void close() {
        ctx.memory().release(reserved);
        reserved = 0;
        for (int k = 0; k < inputs.size(); k++) {
            if (!closed[k]) {
                closed[k] = true;
                inputs.get(k).close();
            }
        }
    }

    @Override
    public String explain() {
        return "HashSetOp " + kind + (all ? " ALL" : "") + " of " + inputs.size() + " inputs";
    }
}
