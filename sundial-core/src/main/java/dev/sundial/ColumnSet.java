package dev.sundial;

import dev.sundial.table.ColumnType;

/**
 * Resolved value columns of a table, in a chosen order, for the columnar write path
 * {@link WriteBatch#addDoubles}. Obtain with {@link Table#columns(String...)}. Immutable.
 *
 * @param table   table name
 * @param indexes value-column indexes in the table schema
 * @param types   their types
 */
public record ColumnSet(String table, int[] indexes, ColumnType[] types) {
    public int size() {
        return indexes.length;
    }
}
