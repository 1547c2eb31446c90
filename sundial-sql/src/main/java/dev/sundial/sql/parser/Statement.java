package dev.sundial.sql.parser;

import java.util.List;
import java.util.Map;

/**
 * A parsed SQL statement. Names are case-folded to lower case unless double-quoted; option keys
 * are lower case and option values are the literal's text (strings unquoted, numbers as written).
 * Immutable.
 */
public sealed interface Statement {
    Pos pos();

    record Select(SelectQuery query, Pos pos) implements Statement {
    }

    /** {@code EXPLAIN [ANALYZE] statement}. */
    record Explain(Statement statement, boolean analyze, Pos pos) implements Statement {
    }

    /** One column of CREATE TABLE or ADD COLUMN: {@code type} upper case as written ("DOUBLE", "VARCHAR", "TIMESTAMP"…). */
    record ColumnSpec(String name, String type, boolean tag, Pos pos) {
    }

    /** {@code CREATE [TIMESERIES] TABLE [IF NOT EXISTS] name (columns) [WITH (options)]}. */
    record CreateTable(String name, boolean ifNotExists, List<ColumnSpec> columns, Map<String, String> options,
                       Pos pos) implements Statement {
    }

    /** {@code ALTER TABLE name SET (options)}. */
    record AlterTableSet(String table, Map<String, String> options, Pos pos) implements Statement {
    }

    /** {@code ALTER TABLE name ADD [COLUMN] [IF NOT EXISTS] column}. */
    record AlterTableAddColumn(String table, ColumnSpec column, boolean ifNotExists, Pos pos) implements Statement {
    }

    /** {@code DROP TABLE [IF EXISTS] name}. */
    record DropTable(String table, boolean ifExists, Pos pos) implements Statement {
    }

    /** {@code SHOW TABLES}. */
    record ShowTables(Pos pos) implements Statement {
    }

    /** {@code DESCRIBE name} (also {@code DESC name}, {@code SHOW COLUMNS FROM name}). */
    record Describe(String table, Pos pos) implements Statement {
    }

    /** {@code INSERT INTO t [(cols)] VALUES (…), (…)}; {@code columns} empty means all, in table order. */
    record Insert(String table, List<String> columns, List<List<Expr>> rows, Pos pos) implements Statement {
    }

    /** {@code DELETE FROM t [WHERE …]}. */
    record Delete(String table, Expr where, Pos pos) implements Statement {
    }
}
