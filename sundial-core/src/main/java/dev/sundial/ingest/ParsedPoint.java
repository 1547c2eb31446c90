package dev.sundial.ingest;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded entry (line-protocol line or CSV record): measurement, tags sorted by key (Unicode code
 * point order, which is UTF-8 byte order) with unique keys, fields in input order with their types,
 * and the timestamp when the input carried one.
 *
 * <p>A reusable, mutable holder: a reader fills the same instance on every call, so values are valid
 * until the next call on that reader. Accessors check the index against the counts, and typed value
 * accessors check the field's type ({@link IllegalArgumentException} when it does not match:
 * {@link #longValue} serves INTEGER and UNSIGNED). Not thread-safe.
 */
public final class ParsedPoint {
    private String measurement;
    private int tagCount;
    private String[] tagKeys = new String[16];
    private String[] tagValues = new String[16];
    private int fieldCount;
    private String[] fieldKeys = new String[16];
    private FieldType[] fieldTypes = new FieldType[16];
    private long[] longs = new long[16];
    private double[] doubles = new double[16];
    private String[] strings = new String[16];
    private boolean hasTimestamp;
    private long timestampNanos;
    private boolean timestampText;
    private long lineNumber;

    /** An empty holder, to be filled by a reader. */
    public ParsedPoint() {
    }

    /** Measurement (table) name. */
    public String measurement() {
        return measurement;
    }

    /** Number of tags. */
    public int tagCount() {
        return tagCount;
    }

    /** Key of tag {@code i}; keys are sorted ascending and unique. */
    public String tagKey(int i) {
        return tagKeys[Objects.checkIndex(i, tagCount)];
    }

    /** Value of tag {@code i} (never empty). */
    public String tagValue(int i) {
        return tagValues[Objects.checkIndex(i, tagCount)];
    }

    /** Number of fields (at least 1 for line protocol; CSV records may have 0 when every cell is empty). */
    public int fieldCount() {
        return fieldCount;
    }

    /** Key of field {@code i}, in input order. */
    public String fieldKey(int i) {
        return fieldKeys[Objects.checkIndex(i, fieldCount)];
    }

    /** Type of field {@code i}. */
    public FieldType fieldType(int i) {
        return fieldTypes[Objects.checkIndex(i, fieldCount)];
    }

    /** Value of FLOAT field {@code i}. */
    public double doubleValue(int i) {
        check(i, FieldType.FLOAT);
        return doubles[i];
    }

    /** Value of INTEGER or UNSIGNED field {@code i} (UNSIGNED is never above 2^63−1). */
    public long longValue(int i) {
        FieldType t = fieldTypes[Objects.checkIndex(i, fieldCount)];
        if (t != FieldType.INTEGER && t != FieldType.UNSIGNED) {
            throw new IllegalArgumentException("field " + i + " (" + fieldKeys[i] + ") is " + t + ", not INTEGER/UNSIGNED");
        }
        return longs[i];
    }

    /** Value of BOOLEAN field {@code i}. */
    public boolean booleanValue(int i) {
        check(i, FieldType.BOOLEAN);
        return longs[i] != 0;
    }

    /** Value of STRING field {@code i} (may be empty). */
    public String stringValue(int i) {
        check(i, FieldType.STRING);
        return strings[i];
    }

    /** Whether the entry carried its own timestamp; when not, the caller supplies the time. */
    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** The entry's timestamp in epoch nanoseconds; meaningful only when {@link #hasTimestamp()}. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** 1-based line of the input where the entry starts. */
    public long lineNumber() {
        return lineNumber;
    }

    private void check(int i, FieldType want) {
        FieldType t = fieldTypes[Objects.checkIndex(i, fieldCount)];
        if (t != want) {
            throw new IllegalArgumentException("field " + i + " (" + fieldKeys[i] + ") is " + t + ", not " + want);
        }
    }

    // ---- filling, for the readers of this package ----

    void reset(long line) {
        measurement = null;
        tagCount = 0;
        fieldCount = 0;
        hasTimestamp = false;
        timestampText = false;
        timestampNanos = 0;
        lineNumber = line;
    }

    void setMeasurement(String m) {
        measurement = m;
    }

    /** Sets the tag list; the caller has sorted it and made keys unique. */
    void setTagCount(int n) {
        if (n > tagKeys.length) {
            int cap = Math.max(n, tagKeys.length * 2);
            tagKeys = Arrays.copyOf(tagKeys, cap);
            tagValues = Arrays.copyOf(tagValues, cap);
        }
        tagCount = n;
    }

    /** Copies a sorted, unique tag list. */
    void setTags(String[] keys, String[] values) {
        int n = keys.length;
        setTagCount(n);
        System.arraycopy(keys, 0, tagKeys, 0, n);
        System.arraycopy(values, 0, tagValues, 0, n);
    }

    void setTag(int i, String key, String value) {
        tagKeys[i] = key;
        tagValues[i] = value;
    }

    private int newField(String key, FieldType type) {
        int i = fieldCount;
        if (i == fieldKeys.length) {
            int cap = i * 2;
            fieldKeys = Arrays.copyOf(fieldKeys, cap);
            fieldTypes = Arrays.copyOf(fieldTypes, cap);
            longs = Arrays.copyOf(longs, cap);
            doubles = Arrays.copyOf(doubles, cap);
            strings = Arrays.copyOf(strings, cap);
        }
        fieldKeys[i] = key;
        fieldTypes[i] = type;
        fieldCount = i + 1;
        return i;
    }

    void addDouble(String key, double v) {
        int i = newField(key, FieldType.FLOAT); // not inlined: newField may replace the array
        doubles[i] = v;
    }

    void addLong(String key, FieldType type, long v) {
        int i = newField(key, type);
        longs[i] = v;
    }

    void addBoolean(String key, boolean v) {
        int i = newField(key, FieldType.BOOLEAN);
        longs[i] = v ? 1 : 0;
    }

    void addString(String key, String v) {
        int i = newField(key, FieldType.STRING);
        strings[i] = v;
    }

    void setTimestamp(long nanos) {
        hasTimestamp = true;
        timestampNanos = nanos;
    }

    /** Marks the timestamp as read from date-time text (CSV's ISO-8601 cells), not from a number in the reader's precision. */
    void markTimestampText() {
        timestampText = true;
    }

    /**
     * Whether the timestamp was read from date-time text rather than from an epoch number in the
     * reader's precision: only epoch numbers can be read in the wrong unit ({@link EpochUnitCheck}).
     */
    public boolean timestampFromText() {
        return timestampText;
    }

    /** Renders the point as a line-protocol line (for messages and tests; not a hot path). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        try {
            LineProtocolWriter.appendPoint(sb, this);
        } catch (IllegalArgumentException e) {
            sb.setLength(0);
            sb.append("ParsedPoint[").append(measurement).append(", ").append(tagCount).append(" tags, ")
                    .append(fieldCount).append(" fields, not writable as line protocol: ").append(e.getMessage()).append(']');
        }
        return sb.toString();
    }
}
