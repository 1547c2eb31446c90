package dev.sundial.index;

import java.util.Arrays;

/**
 * The identity of a series inside a table: its tag values in the table's tag-column order, null
 * where the series has no value for a tag. Trailing nulls are dropped, so adding a tag column later
 * does not change the key of existing series. Immutable (the array is copied in and never exposed).
 */
public final class SeriesKey {
    private static final String[] EMPTY = new String[0];
    private final String[] values;
    private final int hash;

    private SeriesKey(String[] values) {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    /** Builds a key from tag values (copied); null means "no value". */
    public static SeriesKey of(String... tagValues) {
        int n = tagValues.length;
        while (n > 0 && tagValues[n - 1] == null) {
            n--;
        }
        return new SeriesKey(n == 0 ? EMPTY : Arrays.copyOf(tagValues, n));
    }

    /** Value of tag {@code index}, or null. */
    public String tag(int index) {
        return index < values.length ? values[index] : null;
    }

    /** Number of stored values (highest tag index with a value, plus one). */
    public int length() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesKey k && k.hash == hash && Arrays.equals(k.values, values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
