package dev.sundial.table;

/** Type of a value column. Tags are always strings and are not value columns. */
public enum ColumnType {
    DOUBLE(1), BIGINT(2), BOOLEAN(3), VARCHAR(4);

    /** Stable code written to disk (catalog, WAL, segments); never reuse or renumber. */
    public final int code;

    ColumnType(int code) {
        this.code = code;
    }

    public static ColumnType fromCode(int code) {
        for (ColumnType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("cannot decode column type: unknown code " + code);
    }

    /** Parses a SQL-ish type name (case-insensitive): DOUBLE, BIGINT, BOOLEAN, VARCHAR and common aliases. */
    public static ColumnType parse(String name) {
        switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "DOUBLE", "FLOAT", "FLOAT8", "DOUBLE PRECISION":
                return DOUBLE;
            case "BIGINT", "LONG", "INT8", "INTEGER", "INT":
                return BIGINT;
            case "BOOLEAN", "BOOL":
                return BOOLEAN;
            case "VARCHAR", "STRING", "TEXT":
                return VARCHAR;
            default:
                throw new IllegalArgumentException("cannot parse column type '" + name
                        + "': expected DOUBLE, BIGINT, BOOLEAN or VARCHAR");
        }
    }
}
