package dev.sundial;

/**
 * A resolved series of a table (its dense id), for the fast columnar write path
 * {@link WriteBatch#addDoubles}. Obtain with {@link Table#series(java.util.Map)}; valid for the life
 * of the database. Immutable.
 *
 * @param table    table name
 * @param tableId  table id
 * @param seriesId series id
 */
public record SeriesRef(String table, int tableId, int seriesId) {
}
