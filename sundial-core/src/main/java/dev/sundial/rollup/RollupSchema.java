package dev.sundial.rollup;

import dev.sundial.table.ColumnDef;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableSchema;

/**
 * The schema of a rollup level, derived from its table's: the bucket start is the timestamp, the tags
 * are the table's (series ids are shared; named {@code #t<i>}), and the value columns are, first, three
 * per bucket — {@code #rows} (raw rows in the bucket; 0 marks a bucket rebuilt away), {@code #ts_min}
 * and {@code #ts_max} (its first and last raw timestamps) — then, for each value column of the table in
 * order, the {@link RollupField}s of its type, named {@code #<column index>.<field>}. Columns added to
 * the table append their fields, so level column indexes never move. Immutable.
 */
public final class RollupSchema {
    public static final int ROWS = 0;
    public static final int TS_MIN = 1;
    public static final int TS_MAX = 2;
    private static final int FIXED = 3;

    private final TableSchema table;
    private final TableSchema level;
    /** first level column of each table value column */
    private final int[] firstColumn;

    public RollupSchema(TableSchema table) {
        this.table = table;
        // level names are positional and start with '#', so no table name can clash with them
        TableSchema.Builder b = TableSchema.builder(table.name()).timestamp("#bucket");
        for (int t = 0; t < table.tagCount(); t++) {
            b.tag("#t" + t);
        }
        b.value("#rows", ColumnType.BIGINT).value("#ts_min", ColumnType.BIGINT).value("#ts_max", ColumnType.BIGINT);
        firstColumn = new int[table.valueCount()];
        int next = FIXED;
        for (int c = 0; c < table.valueCount(); c++) {
            ColumnDef d = table.value(c);
            firstColumn[c] = next;
            for (RollupField f : RollupField.of(d.type())) {
                b.value("#" + c + "." + f.label(), f.storedType(d.type()));
                next++;
            }
        }
        this.level = b.build();
    }

    public TableSchema table() {
        return table;
    }

    public TableSchema level() {
        return level;
    }

    /** Level column of {@code field} of table value column {@code column}, or -1 when its type has no such field. */
    public int column(int column, RollupField field) {
        int i = RollupField.of(table.value(column).type()).indexOf(field);
        return i < 0 ? -1 : firstColumn[column] + i;
    }

    public int levelColumnCount() {
        return level.valueCount();
    }
}
