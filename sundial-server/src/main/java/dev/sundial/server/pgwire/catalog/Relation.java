package dev.sundial.server.pgwire.catalog;

import java.util.List;
import java.util.Locale;

/**
 * A catalog relation built for one query ({@code pg_class}, {@code information_schema.columns},
 * …): its columns with their PostgreSQL types, and its rows. Immutable once built.
 */
record Relation(String name, List<CatalogResult.Column> columns, List<Object[]> rows) {
    /** The index of column {@code column} (case-insensitive), or -1. */
    int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    static CatalogResult.Column col(String name, PgType type) {
        return new CatalogResult.Column(name.toLowerCase(Locale.ROOT), type);
    }
}
