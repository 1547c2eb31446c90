package dev.sundial.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The columns of a time-series table: one timestamp column (epoch nanoseconds, UTC), tag columns
 * (strings that identify a series) and value columns. Columns are only ever appended, so a column's
 * index never changes and on-disk data written under an older schema stays readable. Names are
 * case-sensitive and unique across tags, values and the timestamp. Immutable; "mutators" return a
 * new schema.
 */
public final class TableSchema {
    /** The seed's name for the timestamp column, used when line protocol creates a table. */
    public static final String DEFAULT_TIMESTAMP_COLUMN = "timestamp";
    /**
     * Most tag columns a table may have. A series record of the registry stores a 4-byte length per
     * tag column up to its last value (and the count in 16 bits); 1,024 keeps a record under 70 KiB
     * with the largest series key, far above real tag sets (TSBS devops has 10) and below
     * PostgreSQL's 1,600 columns per table.
     */
    public static final int MAX_TAG_COLUMNS = 1024;

    private final String name;
    private final String timestampColumn;
    private final List<String> tags;
    private final List<ColumnDef> values;
    private final Map<String, Integer> tagIndex = new HashMap<>();
    private final Map<String, Integer> valueIndex = new HashMap<>();

    public TableSchema(String name, String timestampColumn, List<String> tags, List<ColumnDef> values) {
        Identifiers.check("table", name);
        Identifiers.check("timestamp column", timestampColumn);
        this.name = name;
        this.timestampColumn = timestampColumn;
        this.tags = List.copyOf(tags);
        this.values = List.copyOf(values);
        if (this.tags.size() > MAX_TAG_COLUMNS) {
            throw new IllegalArgumentException("cannot define table " + name + ": " + this.tags.size() + " tag columns, the limit is "
                    + MAX_TAG_COLUMNS);
        }
        for (int i = 0; i < this.tags.size(); i++) {
            String t = this.tags.get(i);
            Identifiers.check("tag", t);
            if (t.equals(timestampColumn) || tagIndex.put(t, i) != null) {
                throw new IllegalArgumentException("cannot define table " + name + ": duplicate column name '" + t + "'");
            }
        }
        for (int i = 0; i < this.values.size(); i++) {
            String v = this.values.get(i).name();
            if (v.equals(timestampColumn) || tagIndex.containsKey(v) || valueIndex.put(v, i) != null) {
                throw new IllegalArgumentException("cannot define table " + name + ": duplicate column name '" + v + "'");
            }
        }
    }

    /** Starts a schema for table {@code name} with the timestamp column named {@code timestamp}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link TableSchema}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String timestamp = DEFAULT_TIMESTAMP_COLUMN;
        private final List<String> tags = new ArrayList<>();
        private final List<ColumnDef> values = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder timestamp(String column) {
            this.timestamp = column;
            return this;
        }

        public Builder tag(String tag) {
            tags.add(tag);
            return this;
        }

        public Builder value(String column, ColumnType type) {
            values.add(new ColumnDef(column, type));
            return this;
        }

        public TableSchema build() {
            return new TableSchema(name, timestamp, tags, values);
        }
    }

    public String name() {
        return name;
    }

    public String timestampColumn() {
        return timestampColumn;
    }

    public List<String> tags() {
        return tags;
    }

    public List<ColumnDef> values() {
        return values;
    }

    public int tagCount() {
        return tags.size();
    }

    public int valueCount() {
        return values.size();
    }

    /** Index of a tag column, or -1. */
    public int tagIndex(String tag) {
        Integer i = tagIndex.get(tag);
        return i == null ? -1 : i;
    }

    /** Index of a value column, or -1. */
    public int valueIndex(String column) {
        Integer i = valueIndex.get(column);
        return i == null ? -1 : i;
    }

    public ColumnDef value(int index) {
        return values.get(index);
    }

    /** A copy with one more value column. */
    public TableSchema withValue(ColumnDef column) {
        List<ColumnDef> v = new ArrayList<>(values);
        v.add(column);
        return new TableSchema(name, timestampColumn, tags, v);
    }

    /** A copy with one more tag column (existing series have no value for it). */
    public TableSchema withTag(String tag) {
        List<String> t = new ArrayList<>(tags);
        t.add(tag);
        return new TableSchema(name, timestampColumn, t, values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableSchema s && s.name.equals(name) && s.timestampColumn.equals(timestampColumn)
                && s.tags.equals(tags) && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, timestampColumn, tags, values);
    }

    @Override
    public String toString() {
        return name + "(" + timestampColumn + " TIMESTAMP, tags=" + tags + ", values=" + values + ")";
    }
}
