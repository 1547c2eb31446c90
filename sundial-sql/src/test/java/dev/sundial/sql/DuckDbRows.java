package dev.sundial.sql;

import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a Sundial result and of a DuckDB {@link ResultSet}, read the same way for the
 * differential tests: BIGINT and TIMESTAMP as Long, DOUBLE as Double, BOOLEAN as Boolean, anything
 * else as String, SQL NULL as null; the Sundial column types decide how DuckDB's columns are read.
 */
final class DuckDbRows {
    private DuckDbRows() {
    }

    /** The remaining rows of {@code r}. */
    static List<List<Object>> of(QueryResult r, List<ResultColumn> cols) {
        List<List<Object>> rows = new ArrayList<>();
        while (r.next()) {
            List<Object> row = new ArrayList<>(cols.size());
            for (int i = 0; i < cols.size(); i++) {
                row.add(r.isNull(i) ? null : switch (cols.get(i).type()) {
                    case BIGINT, TIMESTAMP -> r.getLong(i);
                    case DOUBLE -> r.getDouble(i);
                    case BOOLEAN -> r.getBoolean(i);
                    default -> r.getString(i);
                });
            }
            rows.add(row);
        }
        return rows;
    }

    /** The remaining rows of {@code rs}, its columns read as Sundial's {@code cols}. */
    static List<List<Object>> of(ResultSet rs, List<ResultColumn> cols) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(cols.size());
            for (int i = 0; i < cols.size(); i++) {
                Object o = switch (cols.get(i).type()) {
                    case BIGINT, TIMESTAMP -> rs.getLong(i + 1);
                    case DOUBLE -> rs.getDouble(i + 1);
                    case BOOLEAN -> rs.getBoolean(i + 1);
                    default -> rs.getString(i + 1);
                };
                row.add(rs.wasNull() ? null : o);
            }
            rows.add(row);
        }
        return rows;
    }
}
