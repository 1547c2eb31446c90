package dev.sundial.sql.exec;

import java.util.Arrays;

/**
 * Dense ids for distinct join-key tuples (0, 1, 2, … in order of first appearance), by open
 * addressing over the tuples' hashes; a tuple with a NULL has no id. Holds the tuples boxed, one
 * per distinct key, so it suits keys with few distinct values (symbols, tags). Not thread-safe.
 */
final class KeyIndex {
    private final int width;
    private Object[][] keys = new Object[16][];
    private long[] hashes = new long[16];
    private int[] slots = new int[32];
    private int size;

    KeyIndex(int width) {
        this.width = width;
        Arrays.fill(slots, -1);
    }

    /** The id of row {@code row}'s key tuple, added when new; -1 when a key is NULL. */
    int idOf(Vec[] key, int row) {
        return lookup(key, row, true);
    }

    /** The id of row {@code row}'s key tuple, or -1 when it is unknown or has a NULL. */
    int find(Vec[] key, int row) {
        return lookup(key, row, false);
    }

    private int lookup(Vec[] key, int row, boolean add) {
        if (JoinKeys.anyNull(key, row)) {
            return -1;
        }
        long h = JoinKeys.hash(key, row);
        int mask = slots.length - 1;
        int s = (int) (h ^ (h >>> 29)) & mask;
        while (slots[s] >= 0) {
            int id = slots[s];
            if (hashes[id] == h && same(keys[id], key, row)) {
                return id;
            }
            s = (s + 1) & mask;
        }
        if (!add) {
            return -1;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        Object[] tuple = new Object[width];
        for (int k = 0; k < width; k++) {
            tuple[k] = key[k].get(row);
        }
        keys[size] = tuple;
        hashes[size] = h;
        slots[s] = size;
        size++;
        if (size * 2 > slots.length) {
            rehash();
        }
        return size - 1;
    }

    private static boolean same(Object[] tuple, Vec[] key, int row) {
        for (int k = 0; k < tuple.length; k++) {
            Vec v = key[k];
            boolean eq = switch (v.type) {
                case DOUBLE -> dev.sundial.sql.function.SqlValues.compareDoubles((Double) tuple[k], v.getDouble(row)) == 0;
                case VARCHAR -> tuple[k].equals(v.getString(row));
                case BOOLEAN -> (Boolean) tuple[k] == v.getBool(row);
                default -> (Long) tuple[k] == v.getLong(row);
            };
            if (!eq) {
                return false;
            }
        }
        return true;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        Arrays.fill(slots, -1);
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            long h = hashes[id];
            int s = (int) (h ^ (h >>> 29)) & mask;
            while (slots[s] >= 0) {
                s = (s + 1) & mask;
            }
            slots[s] = id;
        }
    }
}
