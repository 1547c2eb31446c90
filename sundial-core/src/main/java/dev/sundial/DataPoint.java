package dev.sundial;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One row of a time-series table: a timestamp (epoch nanoseconds, UTC), tag values (identify the
 * series) and field values ({@code Double}, {@code Long}, {@code Boolean} or {@code String}; absent
 * = NULL). Immutable; build with {@link #at(long)} or {@link #at(Instant)}. Writes accept timestamps
 * in {@link dev.sundial.table.TimestampRange} and series keys within
 * {@link dev.sundial.index.SeriesKeyLimit}.
 *
 * <pre>{@code
 * table.insert(DataPoint.at(Instant.now()).tag("host", "server1").field("value", 42.5).build());
 * }</pre>
 */
public final class DataPoint {
    private final long timestampNanos;
    private final Map<String, String> tags;
    private final Map<String, Object> fields;

    private DataPoint(long timestampNanos, Map<String, String> tags, Map<String, Object> fields) {
        this.timestampNanos = timestampNanos;
        this.tags = tags;
        this.fields = fields;
    }

    /** Starts a point at epoch nanoseconds. */
    public static Builder at(long epochNanos) {
        return new Builder(epochNanos);
    }

    /** Starts a point at an instant (nanosecond precision). */
    public static Builder at(Instant instant) {
        return new Builder(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano()));
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public Instant timestamp() {
        return Instant.ofEpochSecond(Math.floorDiv(timestampNanos, 1_000_000_000L), Math.floorMod(timestampNanos, 1_000_000_000L));
    }

    /** Tag values by tag name, sorted by name. */
    public Map<String, String> tags() {
        return tags;
    }

    /** Field values by column name, in insertion (or schema) order; NULL fields are absent. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** A copy with these fields (boxed values as in {@link Builder#field(String, Object)}). */
    public DataPoint withFields(Map<String, Object> newFields) {
        Builder b = at(timestampNanos).tags(tags);
        newFields.forEach(b::field);
        return b.build();
    }

    public String tag(String name) {
        return tags.get(name);
    }

    public Object field(String name) {
        return fields.get(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataPoint p && p.timestampNanos == timestampNanos && p.tags.equals(tags) && fieldsEqual(p.fields, fields);
    }

    private static boolean fieldsEqual(Map<String, Object> a, Map<String, Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            Object x = e.getValue();
            Object y = b.get(e.getKey());
            if (x instanceof Double dx && y instanceof Double dy) {
                if (Double.doubleToRawLongBits(dx) != Double.doubleToRawLongBits(dy)) {
                    return false;
                }
            } else if (!Objects.equals(x, y)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampNanos, tags, fields.keySet());
    }

    @Override
    public String toString() {
        return timestamp() + " " + tags + " " + fields;
    }

    /** Builds a {@link DataPoint}. Not thread-safe. */
    public static final class Builder {
        private final long ts;
        private final Map<String, String> tags = new TreeMap<>();
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder(long ts) {
            this.ts = ts;
        }

        public Builder tag(String name, String value) {
            tags.put(Objects.requireNonNull(name, "tag name"), Objects.requireNonNull(value, "tag value"));
            return this;
        }

        public Builder tags(Map<String, String> all) {
            all.forEach(this::tag);
            return this;
        }

        public Builder field(String name, double value) {
            fields.put(Objects.requireNonNull(name), value);
            return this;
        }

        public Builder field(String name, long value) {
            fields.put(Objects.requireNonNull(name), value);
            return this;
        }

        public Builder field(String name, boolean value) {
            fields.put(Objects.requireNonNull(name), value);
            return this;
        }

        public Builder field(String name, String value) {
            fields.put(Objects.requireNonNull(name), Objects.requireNonNull(value, "field value"));
            return this;
        }

        /** A field from a boxed value: Double/Float → DOUBLE, Long/Integer/Short/Byte → BIGINT, Boolean, String; null = NULL. */
        public Builder field(String name, Object value) {
            Objects.requireNonNull(name);
            if (value == null) {
                fields.remove(name);
            } else if (value instanceof Double || value instanceof Float) {
                fields.put(name, ((Number) value).doubleValue());
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                fields.put(name, ((Number) value).longValue());
            } else if (value instanceof Boolean || value instanceof String) {
                fields.put(name, value);
            } else {
                throw new IllegalArgumentException("cannot use field " + name + ": unsupported value type " + value.getClass().getName());
            }
            return this;
        }

        public DataPoint build() {
            return new DataPoint(ts, Collections.unmodifiableMap(new TreeMap<>(tags)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
        }
    }
}
