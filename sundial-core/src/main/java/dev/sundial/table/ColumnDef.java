package dev.sundial.table;

import java.util.Objects;

/** A value column: its name (case-sensitive) and type. Immutable. */
public record ColumnDef(String name, ColumnType type) {
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Identifiers.check("column", name);
    }
}
