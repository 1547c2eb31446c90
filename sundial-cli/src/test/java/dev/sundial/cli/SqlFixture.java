package dev.sundial.cli;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.util.List;

/**
 * A small real table for the SQL command and shell tests, written through the embedded API: table
 * {@code m} (tag {@code host}; {@code usage} DOUBLE, {@code count} BIGINT, {@code ok} BOOLEAN,
 * {@code note} VARCHAR) with three rows of host {@code a} that cover NULLs, fractions of seconds,
 * a large double and CSV-hostile text, and one row of host {@code b}.
 */
final class SqlFixture {
    static final long T0 = 1_704_067_200_000_000_000L; // 2024-01-01T00:00:00Z

    private SqlFixture() {
    }

    static void create(Path dir) throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            Table m = db.createTable(TableSchema.builder("m").tag("host").value("usage", ColumnType.DOUBLE)
                    .value("count", ColumnType.BIGINT).value("ok", ColumnType.BOOLEAN).value("note", ColumnType.VARCHAR).build(),
                    TableOptions.DEFAULTS);
            m.insert(List.of(
                    DataPoint.at(T0).tag("host", "a").field("usage", 1.5).field("count", 10L).field("ok", true).field("note", "x").build(),
                    DataPoint.at(T0 + 123_456_789).tag("host", "a").field("usage", 1e10).field("ok", false)
                            .field("note", "a,\"b\"").build(),
                    DataPoint.at(T0 + 1_500_000_000).tag("host", "a").field("count", -3L).field("note", "").build(),
                    DataPoint.at(T0).tag("host", "b").field("usage", 0.25).build()));
        }
    }
}
