package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.sql.function.SqlValues;
import java.util.Arrays;

/**
 * Assigns dense group ids to key tuples: an open-addressing hash table over key columns stored in
 * growable primitive arrays (no per-row objects). Consecutive rows with equal keys — the usual case,
 * since a series' rows arrive in time order and tags are constant per series — reuse the previous
 * row's id without hashing. Grouping equality is SQL's: NULLs group together, 0 = -0, NaN = NaN.
 *
 * <p>Not thread-safe: one per thread, merged with {@link #assign} over another table's keys.
 */
public final class GroupTable {
    private final SqlType[] types;
    private int size;
    private int capacity = 16;
    private final long[][] longs;
    private final double[][] doubles;
    private final String[][] strings;
    private final boolean[][] nulls;
    private int[] slots = new int[64]; // group id + 1, 0 = empty
    private int[] hashes = new int[16];

    public GroupTable(SqlType[] types) {
        this.types = types;
        int k = types.length;
        longs = new long[k][];
        doubles = new double[k][];
        strings = new String[k][];
        nulls = new boolean[k][];
        for (int c = 0; c < k; c++) {
            switch (types[c]) {
                case DOUBLE -> doubles[c] = new double[capacity];
                case VARCHAR -> strings[c] = new String[capacity];
                default -> longs[c] = new long[capacity];
            }
            nulls[c] = new boolean[capacity];
        }
    }

    public int size() {
        return size;
    }

    /** Bytes held, for the memory limit. */
    public long bytes() {
        return (long) capacity * (types.length * 17L + 4) + slots.length * 4L;
    }

    /** Fills {@code gids[0..n)} with the group id of each row of {@code keys}, adding new groups. */
    public void assign(Vec[] keys, int n, int[] gids) {
        int k = keys.length;
        if (k == 0) {
            if (size == 0) {
                add(keys, 0, 0);
            }
            Arrays.fill(gids, 0, n, 0);
            return;
        }
        int varying = -1;
        for (int c = 0; c < k; c++) {
            if (!keys[c].constant) {
                varying = varying == -1 ? c : -2;
            }
        }
        if (varying >= 0 && keys[varying].nulls == null && keys[varying].longs != null) {
            assignOneLongKey(keys, keys[varying].longs, n, gids);
            return;
        }
        int prev = -1;
        for (int i = 0; i < n; i++) {
            if (prev >= 0 && sameAsPrevious(keys, i)) {
                gids[i] = prev;
                continue;
            }
            int gid = find(keys, i);
            gids[i] = gid;
            prev = gid;
        }
    }

    /**
     * The common shape — every key constant for the batch (tags) but one integer/timestamp key (a
     * time bucket) — with a loop that compares one long per row: measured 6.4 → about 1 ns per row.
     */
    private void assignOneLongKey(Vec[] keys, long[] x, int n, int[] gids) {
        int prev = -1;
        long prevKey = 0;
        for (int i = 0; i < n; i++) {
            long v = x[i];
            if (prev >= 0 && v == prevKey) {
                gids[i] = prev;
                continue;
            }
            prev = find(keys, i);
            prevKey = v;
            gids[i] = prev;
        }
    }

    /** The group of row {@code i}, added when new. */
    private int find(Vec[] keys, int i) {
        int h = hash(keys, i);
        int mask = slots.length - 1;
        int pos = h & mask;
        while (true) {
            int s = slots[pos];
            if (s == 0) {
                int gid = add(keys, i, h);
                slots[pos] = gid + 1;
                if (size * 2 > slots.length) {
                    rehash();
                }
                return gid;
            }
            if (hashes[s - 1] == h && equalsGroup(keys, i, s - 1)) {
                return s - 1;
            }
            pos = (pos + 1) & mask;
        }
    }

    private boolean sameAsPrevious(Vec[] keys, int i) {
        for (Vec v : keys) {
            if (v.constant) {
                continue;
            }
            boolean a = v.isNull(i);
            if (a != v.isNull(i - 1)) {
                return false;
            }
            if (a) {
                continue;
            }
            boolean eq = switch (v.type) {
                case DOUBLE -> SqlValues.doubleKey(v.doubles[i]) == SqlValues.doubleKey(v.doubles[i - 1]);
                case VARCHAR -> v.strings[i].equals(v.strings[i - 1]);
                case BOOLEAN -> v.bools[i] == v.bools[i - 1];
                default -> v.longs[i] == v.longs[i - 1];
            };
            if (!eq) {
                return false;
            }
        }
        return true;
    }

    private static int hash(Vec[] keys, int i) {
        int h = 1;
        for (Vec v : keys) {
            int x;
            if (v.isNull(i)) {
                x = 0x9e3779b9;
            } else {
                x = switch (v.type) {
                    case DOUBLE -> Long.hashCode(SqlValues.doubleKey(v.getDouble(i)));
                    case VARCHAR -> v.getString(i).hashCode();
                    case BOOLEAN -> v.getBool(i) ? 1231 : 1237;
                    default -> Long.hashCode(v.getLong(i) * 0x9E3779B97F4A7C15L);
                };
            }
            h = h * 31 + x;
        }
        return h ^ (h >>> 16);
    }

    private boolean equalsGroup(Vec[] keys, int i, int g) {
        for (int c = 0; c < keys.length; c++) {
            Vec v = keys[c];
            boolean n = v.isNull(i);
            if (n != nulls[c][g]) {
                return false;
            }
            if (n) {
                continue;
            }
            boolean eq = switch (types[c]) {
                case DOUBLE -> SqlValues.doubleKey(v.getDouble(i)) == SqlValues.doubleKey(doubles[c][g]);
                case VARCHAR -> v.getString(i).equals(strings[c][g]);
                case BOOLEAN -> (v.getBool(i) ? 1 : 0) == longs[c][g];
                default -> v.getLong(i) == longs[c][g];
            };
            if (!eq) {
                return false;
            }
        }
        return true;
    }

    private int add(Vec[] keys, int i, int h) {
        if (size == capacity) {
            capacity *= 2;
            for (int c = 0; c < types.length; c++) {
                if (longs[c] != null) {
                    longs[c] = Arrays.copyOf(longs[c], capacity);
                }
                if (doubles[c] != null) {
                    doubles[c] = Arrays.copyOf(doubles[c], capacity);
                }
                if (strings[c] != null) {
                    strings[c] = Arrays.copyOf(strings[c], capacity);
                }
                nulls[c] = Arrays.copyOf(nulls[c], capacity);
            }
            hashes = Arrays.copyOf(hashes, capacity);
        }
        int g = size++;
        hashes[g] = h;
        for (int c = 0; c < keys.length; c++) {
            Vec v = keys[c];
            if (v.isNull(i)) {
                nulls[c][g] = true;
                continue;
            }
            switch (types[c]) {
                case DOUBLE -> doubles[c][g] = v.getDouble(i);
                case VARCHAR -> strings[c][g] = v.getString(i);
                case BOOLEAN -> longs[c][g] = v.getBool(i) ? 1 : 0;
                default -> longs[c][g] = v.getLong(i);
            }
        }
        return g;
    }

    private void rehash() {
        int[] n = new int[slots.length * 2];
        int mask = n.length - 1;
        for (int g = 0; g < size; g++) {
            int pos = hashes[g] & mask;
            while (n[pos] != 0) {
                pos = (pos + 1) & mask;
            }
            n[pos] = g + 1;
        }
        slots = n;
    }

    /** The key columns of all groups, in group-id order. */
    public Vec[] keyColumns() {
        Vec[] out = new Vec[types.length];
        int n = Math.max(size, 1);
        for (int c = 0; c < types.length; c++) {
            boolean any = false;
            for (int g = 0; g < size; g++) {
                any |= nulls[c][g];
            }
            boolean[] nm = any ? Arrays.copyOf(nulls[c], n) : null;
            out[c] = switch (types[c]) {
                case DOUBLE -> Vec.ofDoubles(Arrays.copyOf(doubles[c], n), nm);
                case VARCHAR -> Vec.ofStrings(Arrays.copyOf(strings[c], n), nm);
                case BOOLEAN -> {
                    boolean[] b = new boolean[n];
                    for (int g = 0; g < size; g++) {
                        b[g] = longs[c][g] != 0;
                    }
                    yield Vec.ofBools(b, nm);
                }
                default -> Vec.ofLongs(types[c], Arrays.copyOf(longs[c], n), nm);
            };
        }
        return out;
    }
}
