package dev.sundial.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A bounded cache from the raw bytes of an entry's series section ({@code measurement,tag=v,...} up to
 * the first space not preceded by a backslash) to its decoded result: measurement and the sorted tag
 * keys and values. Metrics files repeat each series' section on every line (the devops file: 100
 * distinct sections over 864,000 lines), so a hit replaces scanning, unescaping, validating and
 * sorting about 20 tokens by one hash and one array comparison.
 *
 * <p>Each entry also remembers the raw bytes of the field keys that followed the section last time, so
 * that the parser can recognise them by comparing bytes ({@link #fieldKey}).
 *
 * <p>Why the section end is found without parsing: a backslash never consumes a following backslash,
 * so a space is escaped exactly when the byte before it is a backslash. Decoding is deterministic,
 * so equal bytes decode equally. Sets of 4 ways chosen by {@link ByteHash}, {@value #SLOTS} slots, sections up to
 * {@value #MAX_SECTION} bytes, at most {@value #MAX_FIELDS} remembered field keys: bounded memory
 * (about 2.5 MB at worst). Not thread-safe: one per parser.
 */
final class SeriesCache {
    static final int SLOTS = 1024;
    static final int MAX_SECTION = 1024;
    static final int MAX_FIELDS = 64;

    /** One decoded series section. */
    static final class Entry {
        final byte[] section;
        final String measurement;
        final String[] tagKeys;
        final String[] tagValues;
        byte[][] fieldKeyBytes = new byte[4][];
        String[] fieldKeys = new String[4];

        Entry(byte[] section, String measurement, String[] tagKeys, String[] tagValues) {
            this.section = section;
            this.measurement = measurement;
            this.tagKeys = tagKeys;
            this.tagValues = tagValues;
        }
    }

    /** Ways per set: a direct-mapped table would make two of 100 series share a slot and thrash. */
    private static final int WAYS = 4;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Entry[] slots = new Entry[SLOTS];
    private int evict;

    /** The cached entry whose section equals {@code b[from, to)}, or null. */
    Entry get(byte[] b, int from, int to) {
        int len = to - from;
        int set = ByteHash.hash(b, from, len) & (SLOTS - WAYS);
        for (int w = 0; w < WAYS; w++) {
            Entry e = slots[set + w];
            if (e == null) {
                return null;
            }
            if (e.section.length == len && Arrays.equals(e.section, 0, len, b, from, to)) {
                return e;
            }
        }
        return null;
    }

    /** Caches the decoded section {@code b[from, to)}; returns the new entry. */
    Entry put(byte[] b, int from, int to, ParsedPoint p) {
        int n = p.tagCount();
        String[] keys = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = p.tagKey(i);
            values[i] = p.tagValue(i);
        }
        Entry e = new Entry(Arrays.copyOfRange(b, from, to), p.measurement(), keys, values);
        int set = ByteHash.hash(b, from, to - from) & (SLOTS - WAYS);
        for (int w = 0; w < WAYS; w++) {
            if (slots[set + w] == null) {
                slots[set + w] = e;
                return e;
            }
        }
        slots[set + (evict++ & (WAYS - 1))] = e; // full set: round-robin replacement
        return e;
    }

    /**
     * If field number {@code i} of the entry's last line was written with the raw bytes at
     * {@code b[from, ...)} followed by '=', returns its String; else null.
     */
    static String fieldKey(Entry e, int i, byte[] b, int from, int limit) {
        if (i >= e.fieldKeyBytes.length) {
            return null;
        }
        byte[] k = e.fieldKeyBytes[i];
        if (k == null) {
            return null;
        }
        int n = k.length;
        if (from + n >= limit || b[from + n] != '=') {
            return null;
        }
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            if ((long) LONG_LE.get(b, from + j) != (long) LONG_LE.get(k, j)) {
                return null;
            }
        }
        if (j < n && n >= 8) {
            return (long) LONG_LE.get(b, from + n - 8) == (long) LONG_LE.get(k, n - 8) ? e.fieldKeys[i] : null;
        }
        for (; j < n; j++) {
            if (b[from + j] != k[j]) {
                return null;
            }
        }
        return e.fieldKeys[i];
    }

    /** Remembers that field number {@code i} was written as {@code b[from, to)} and decodes to {@code key}. */
    static void rememberFieldKey(Entry e, int i, byte[] b, int from, int to, String key) {
        if (i >= MAX_FIELDS || to - from > TokenStrings.MAX_TOKEN) {
            return;
        }
        if (i >= e.fieldKeyBytes.length) {
            int cap = Math.min(MAX_FIELDS, Math.max(i + 1, e.fieldKeyBytes.length * 2));
            e.fieldKeyBytes = Arrays.copyOf(e.fieldKeyBytes, cap);
            e.fieldKeys = Arrays.copyOf(e.fieldKeys, cap);
        }
        e.fieldKeyBytes[i] = Arrays.copyOfRange(b, from, to);
        e.fieldKeys[i] = key;
    }
}
