package dev.sundial.sql.scalar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real database for the scalar tests, with a table {@code t (ts, host TAG, s VARCHAR, v DOUBLE,
 * n BIGINT)} holding three rows, one with NULL s, v and n. Not thread-safe.
 */
final class ScalarDb implements AutoCloseable {
    private final Sundial db;

    ScalarDb(Path dir) throws IOException {
        db = Sundial.open(dir);
        rows("CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, s VARCHAR, v DOUBLE, n BIGINT)");
        rows("INSERT INTO t (ts, host, s, v, n) VALUES ('2024-03-10T14:35:27.123456Z', 'a', 'héllo wörld', 2.5, 7),"
                + " ('2024-03-11T00:00:00Z', 'b', '', -1.25, -3), ('2024-03-12T23:59:59.999999Z', 'c', NULL, NULL, NULL)");
    }

    List<List<Object>> rows(String sql, Object... params) {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql, params)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    row.add(r.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** The single value of a one-row, one-column query. */
    Object one(String sql, Object... params) {
        List<List<Object>> r = rows(sql, params);
        assertThat(r).hasSize(1);
        assertThat(r.get(0)).hasSize(1);
        return r.get(0).get(0);
    }

    /** The first column of every row, in order. */
    List<Object> column(String sql) {
        return rows(sql).stream().map(r -> r.get(0)).toList();
    }

    @Override
    public void close() throws IOException {
        db.close();
    }
}
