package dev.sundial.sql.exec;

import dev.sundial.Table;
import dev.sundial.scan.TableSnapshot;

/**
 * What a table scan reads, decided by the planner: a snapshot of the selected series in
 * [from, to), the value columns to decode (table value-column indexes), and the row filter that
 * remains after the time range and tag predicates were pushed into the storage (null when none).
 * Batches use the table layout: slot 0 the timestamp, then the tags, then the value columns.
 */
public record ScanSpec(Table table, TableSnapshot snapshot, int[] seriesIds, long from, long to, int[] valueColumns,
                       Eval rowFilter, int seriesTotal) {

    public int tagCount() {
        return table.schema().tagCount();
    }

    public int slotCount() {
        return 1 + table.schema().tagCount() + table.schema().valueCount();
    }
}
