package dev.sundial.table;

import java.util.Objects;

/**
 * A table as the catalog knows it: a stable numeric id (names a directory, never reused), its
 * schema and its options. Immutable.
 */
public record TableDefinition(int id, TableSchema schema, TableOptions options) {
    public TableDefinition {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(options, "options");
        if (id < 0) {
            throw new IllegalArgumentException("cannot define table: negative id " + id);
        }
    }

    public String name() {
        return schema.name();
    }
}
