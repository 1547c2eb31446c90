package dev.sundial;

import dev.sundial.index.SeriesKey;
import dev.sundial.table.ColumnBatch;

/**
 * The rows of one series returned by a scan: the series' id and tag values, and its rows in time
 * order (unique timestamps) as column vectors of the requested columns.
 *
 * @param seriesId dense id of the series in its table
 * @param key      tag values in the table's tag-column order
 * @param rows     timestamps and requested columns
 */
public record SeriesRows(int seriesId, SeriesKey key, ColumnBatch rows) {
}
