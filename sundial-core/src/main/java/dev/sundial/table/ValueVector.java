package dev.sundial.table;

import java.util.Arrays;

/**
 * A column of values in a {@link ColumnBatch}: a primitive array of the column's type plus a
 * presence mask ({@code null} mask = every row has a value). Only the array of the vector's type is
 * allocated. Arrays may be longer than the batch's row count; rows past it are garbage.
 *
 * <p>Not thread-safe; a vector belongs to one batch.
 */
public final class ValueVector {
    private final ColumnType type;
    public double[] doubles;
    public long[] longs;
    public boolean[] booleans;
    public String[] strings;
    /** Presence per row, or null when every row has a value. */
    public boolean[] present;

    public ValueVector(ColumnType type, int capacity) {
        this.type = type;
        allocate(capacity);
    }

    private ValueVector(ValueVector src) {
        this.type = src.type;
        this.doubles = src.doubles;
        this.longs = src.longs;
        this.booleans = src.booleans;
        this.strings = src.strings;
        this.present = src.present;
    }

    /**
     * A read-only view sharing this vector's current arrays. Rows written before the view was taken
     * stay valid in it even if this vector later grows into new arrays (growth copies, it never
     * mutates old arrays), which is what lets readers see the head without copying it.
     */
    public ValueVector view() {
        return new ValueVector(this);
    }

    private void allocate(int capacity) {
        switch (type) {
            case DOUBLE -> doubles = new double[capacity];
            case BIGINT -> longs = new long[capacity];
            case BOOLEAN -> booleans = new boolean[capacity];
            case VARCHAR -> strings = new String[capacity];
            default -> throw new IllegalStateException("BUG: type " + type);
        }
    }

    public ColumnType type() {
        return type;
    }

    public int capacity() {
        return switch (type) {
            case DOUBLE -> doubles.length;
            case BIGINT -> longs.length;
            case BOOLEAN -> booleans.length;
            case VARCHAR -> strings.length;
        };
    }

    /** Grows the arrays to at least {@code capacity}, keeping content. */
    public void ensureCapacity(int capacity) {
        if (capacity <= capacity()) {
            return;
        }
        int c = Math.max(capacity, capacity() * 2);
        switch (type) {
            case DOUBLE -> doubles = Arrays.copyOf(doubles, c);
            case BIGINT -> longs = Arrays.copyOf(longs, c);
            case BOOLEAN -> booleans = Arrays.copyOf(booleans, c);
            case VARCHAR -> strings = Arrays.copyOf(strings, c);
            default -> throw new IllegalStateException("BUG: type " + type);
        }
        if (present != null) {
            present = Arrays.copyOf(present, c);
        }
    }

    /** Makes the presence mask explicit: rows [0, rows) present, the rest absent. */
    public void materializePresence(int rows) {
        if (present == null) {
            present = new boolean[capacity()];
            Arrays.fill(present, 0, rows, true);
        }
    }

    public boolean isPresent(int row) {
        return present == null || present[row];
    }

    /** The value at {@code row} boxed (for the point API and tests; never on a scan hot path). */
    public Object get(int row) {
        if (!isPresent(row)) {
            return null;
        }
        return switch (type) {
            case DOUBLE -> doubles[row];
            case BIGINT -> longs[row];
            case BOOLEAN -> booleans[row];
            case VARCHAR -> strings[row];
        };
    }

    /** Copies row {@code from} of {@code src} (same type) into row {@code to}, presence included. */
    public void copyRow(ValueVector src, int from, int to) {
        boolean p = src.isPresent(from);
        if (!p) {
            materializePresence(to);
            present[to] = false;
            return;
        }
        if (present != null) {
            present[to] = true;
        }
        switch (type) {
            case DOUBLE -> doubles[to] = src.doubles[from];
            case BIGINT -> longs[to] = src.longs[from];
            case BOOLEAN -> booleans[to] = src.booleans[from];
            case VARCHAR -> strings[to] = src.strings[from];
            default -> throw new IllegalStateException("BUG: type " + type);
        }
    }
}
