package dev.sundial.sql.parser;

import java.util.List;
import java.util.Map;

/**
 * A parsed SQL statement. Names are case-folded to lower case unless double-quoted; option keys
 * are lower case and option values are the literal's text (strings unquoted, numbers as written).
 * Besides the statement's own position, names and options keep theirs ({@code tablePos},
 * {@code optionPositions}, …) so that errors about them point at them. Immutable.
 */
public sealed interface Statement {
    Pos pos();

    record Select(SelectQuery query, Pos pos) implements Statement {
    }

    /** A query with WITH or set operations (UNION, INTERSECT, EXCEPT); a plain SELECT is a {@link Select}. */
    record Compound(QueryExpr query, Pos pos) implements Statement {
    }

    /** {@code EXPLAIN [ANALYZE] statement}. */
    record Explain(Statement statement, boolean analyze, Pos pos) implements Statement {
    }

    /** One column of CREATE TABLE or ADD COLUMN: {@code type} upper case as written ("DOUBLE", "VARCHAR", "TIMESTAMP"…). */
    record ColumnSpec(String name, String type, boolean tag, Pos pos) {
    }

    /**
     * {@code CREATE [TIMESERIES] TABLE [IF NOT EXISTS] name (columns) [WITH (options)]};
     * {@code namePos} and {@code optionPositions} (by option key) point errors at the spot.
     */
    record CreateTable(String name, boolean ifNotExists, List<ColumnSpec> columns, Map<String, String> options,
                       Pos pos, Pos namePos, Map<String, Pos> optionPositions) implements Statement {
        public CreateTable(String name, boolean ifNotExists, List<ColumnSpec> columns, Map<String, String> options, Pos pos) {
            this(name, ifNotExists, columns, options, pos, pos, Map.of());
        }
    }

    /** {@code ALTER TABLE name SET (options)}. */
    record AlterTableSet(String table, Map<String, String> options, Pos pos, Pos tablePos, Map<String, Pos> optionPositions)
            implements Statement {
        public AlterTableSet(String table, Map<String, String> options, Pos pos) {
            this(table, options, pos, pos, Map.of());
        }
    }

    /** {@code ALTER TABLE name ADD [COLUMN] [IF NOT EXISTS] column}. */
    record AlterTableAddColumn(String table, ColumnSpec column, boolean ifNotExists, Pos pos, Pos tablePos) implements Statement {
        public AlterTableAddColumn(String table, ColumnSpec column, boolean ifNotExists, Pos pos) {
            this(table, column, ifNotExists, pos, pos);
        }
    }

    /** {@code DROP TABLE [IF EXISTS] name}. */
    record DropTable(String table, boolean ifExists, Pos pos, Pos tablePos) implements Statement {
        public DropTable(String table, boolean ifExists, Pos pos) {
            this(table, ifExists, pos, pos);
        }
    }

    /** {@code SHOW TABLES}. */
    record ShowTables(Pos pos) implements Statement {
    }

    /** {@code DESCRIBE name} (also {@code DESC name}, {@code SHOW COLUMNS FROM name}). */
    record Describe(String table, Pos pos, Pos tablePos) implements Statement {
        public Describe(String table, Pos pos) {
            this(table, pos, pos);
        }
    }

    /** {@code INSERT INTO t [(cols)] VALUES (…), (…)}; {@code columns} empty means all, in table order. */
    record Insert(String table, List<String> columns, List<List<Expr>> rows, Pos pos, Pos tablePos, List<Pos> columnPositions)
            implements Statement {
        public Insert(String table, List<String> columns, List<List<Expr>> rows, Pos pos) {
            this(table, columns, rows, pos, pos, List.of());
        }
    }

    /** {@code CALL procedure()}; {@code procedure} lower case unless quoted. */
    record Call(String procedure, Pos pos, Pos namePos) implements Statement {
    }

    /** {@code SHOW MAINTENANCE}. */
    record ShowMaintenance(Pos pos) implements Statement {
    }

    /** {@code SET name = value} / {@code SET name TO value}: {@code value} as written (strings unquoted). */
    record SetSetting(String name, String value, Pos pos, Pos namePos, Pos valuePos) implements Statement {
    }

    /** {@code SHOW name} of a session setting. */
    record ShowSetting(String name, Pos pos, Pos namePos) implements Statement {
    }

    /** {@code DELETE FROM t [WHERE …]}. */
    record Delete(String table, Expr where, Pos pos, Pos tablePos) implements Statement {
        public Delete(String table, Expr where, Pos pos) {
            this(table, where, pos, pos);
        }
    }
}
