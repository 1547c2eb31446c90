package dev.sundial.index;

import dev.sundial.bytes.Utf8Length;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The size limit of a series key, checked when a write creates a series (every write path: the
 * embedded {@code DataPoint}/{@code WriteBatch}/{@code SeriesRef} API, SQL {@code INSERT}, line
 * protocol and CSV import), before anything of the point is kept.
 *
 * <p>A series key is counted as InfluxDB counts it, in UTF-8 bytes of
 * {@code table,tag1=value1,tag2=value2} without escapes: the table name, and for each tag with a
 * value its name and value plus two separator bytes. The limit, {@value #MAX_BYTES} bytes, is
 * InfluxDB's ({@code tsdb: series key too large}); a single tag value is bounded by it. It keeps a
 * series record of the registry (tag values plus 4 bytes per tag column, at most
 * {@code TableSchema.MAX_TAG_COLUMNS}) under 70 KiB and a key lookup cheap.
 *
 * <p>Stateless and thread-safe.
 */
public final class SeriesKeyLimit {
    /** Largest series key, in UTF-8 bytes. */
    public static final int MAX_BYTES = 64 * 1024;

    private SeriesKeyLimit() {
    }

    /**
     * Refuses a key over {@link #MAX_BYTES}, naming the table and its largest tag value.
     *
     * @param table  table name
     * @param n      number of tags
     * @param names  tag name {@code i}
     * @param values tag value {@code i} (null: no value, not counted)
     * @throws IllegalArgumentException {@code cannot write series of table m: series key is 70012 bytes, the limit is 65536 (tag host has a 70000-byte value)}
     */
    public static void check(String table, int n, IntFunction<String> names, IntFunction<String> values) {
        // Cheap bound first: a UTF-16 unit takes at most 3 UTF-8 bytes (a surrogate pair, 2 units, takes 4).
        long units = table.length();
        for (int i = 0; i < n; i++) {
            String v = values.apply(i);
            if (v != null) {
                units += 2 + names.apply(i).length() + v.length();
            }
        }
        if (3 * units <= MAX_BYTES) {
            return;
        }
        long bytes = utf8Length(table);
        int largest = -1;
        long largestBytes = -1;
        for (int i = 0; i < n; i++) {
            String v = values.apply(i);
            if (v != null) {
                long vb = utf8Length(v);
                bytes += 2 + utf8Length(names.apply(i)) + vb;
                if (vb > largestBytes) {
                    largest = i;
                    largestBytes = vb;
                }
            }
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("cannot write series of table " + table + ": series key is " + bytes + " bytes, the limit is "
                    + MAX_BYTES + (largest < 0 ? "" : " (tag " + names.apply(largest) + " has a " + largestBytes + "-byte value)"));
        }
    }

    /** As {@link #check(String, int, IntFunction, IntFunction)} for tags by name. */
    public static void check(String table, Map<String, String> tags) {
        long units = table.length();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            units += 2 + e.getKey().length() + e.getValue().length();
        }
        if (3 * units > MAX_BYTES) {
            String[] names = tags.keySet().toArray(new String[0]);
            String[] values = tags.values().toArray(new String[0]);
            check(table, names.length, i -> names[i], i -> values[i]);
        }
    }

    /** Bytes of {@code s} in UTF-8 as {@link String#getBytes} writes it (a lone surrogate becomes one byte, '?'). */
    static long utf8Length(String s) {
        return Utf8Length.of(s);
    }
}
