package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DDL and DML through SQL: what each statement does, what it reports, and that it persists. */
class SqlStatementsTest {
    @TempDir
    Path dir;

    private static List<String> rows(Sundial db, String sql, Object... params) {
        List<String> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql, params)) {
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < r.columns().size(); c++) {
                    b.append(c > 0 ? "|" : "").append(r.getString(c));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static String status(Sundial db, String sql) {
        try (QueryResult r = db.sql(sql)) {
            return r.message();
        }
    }

    @Test
    void createDescribeAlterAndShowPersistAcrossReopen() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            assertThat(status(db, "CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, usage DOUBLE, host VARCHAR TAG, n BIGINT) "
                    + "WITH (partition_by='hour', compression='gorilla', rollup_intervals='1m,1h', retention_raw='7d', retention_1h='1y')"))
                    .isEqualTo("CREATE TABLE");
            assertThat(status(db, "CREATE TIMESERIES TABLE IF NOT EXISTS cpu (ts TIMESTAMP, x DOUBLE)")).isEqualTo("CREATE TABLE");
            assertThatThrownBy(() -> db.sql("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, x DOUBLE)"))
                    .isInstanceOf(QueryException.class).hasMessageContaining("table \"cpu\" already exists");
            assertThat(status(db, "ALTER TABLE cpu SET (retention_raw = '14d')")).isEqualTo("ALTER TABLE");
            assertThat(status(db, "ALTER TABLE cpu ADD COLUMN ok BOOLEAN")).isEqualTo("ALTER TABLE");
            assertThat(status(db, "ALTER TABLE cpu ADD region VARCHAR TAG")).isEqualTo("ALTER TABLE");
            assertThat(status(db, "ALTER TABLE cpu ADD COLUMN IF NOT EXISTS ok BOOLEAN")).isEqualTo("ALTER TABLE");
            assertThatThrownBy(() -> db.sql("ALTER TABLE cpu ADD COLUMN ok BOOLEAN"))
                    .isInstanceOf(QueryException.class).hasMessageContaining("already exists");
        }
        try (Sundial db = Sundial.open(dir)) {
            assertThat(rows(db, "SHOW TABLES")).containsExactly("cpu");
            assertThat(rows(db, "DESCRIBE cpu")).containsExactly(
                    "ts|TIMESTAMP|timestamp", "host|VARCHAR|tag", "region|VARCHAR|tag", "usage|DOUBLE|value", "n|BIGINT|value",
                    "ok|BOOLEAN|value", "partition_by|hour|option", "compression|gorilla|option", "rollup_intervals|1m,1h|option",
                    "retention_raw|2w|option", "retention_1h|1y|option", "cold_after|none|option",
                    "hot|0 bytes, 0 rows, 0 partitions|tier", "warm|0 bytes, 0 rows, 0 partitions|tier",
                    "cold|0 bytes, 0 rows, 0 partitions|tier",
                    "1m|0 bytes, 0 cells, 0 partitions, not built yet|level", "1h|0 bytes, 0 cells, 0 partitions, not built yet|level");
        }
    }

    @Test
    void insertUpsertsDeleteAndDrop() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            db.sql("CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE, note VARCHAR)").close();
            assertThat(status(db, "INSERT INTO m (ts, host, v) VALUES ('2024-01-01T00:00:00Z', 'a', 1), "
                    + "('2024-01-01T00:01:00Z', 'a', 2), ('2024-01-01T00:00:00Z', 'b', 3)")).isEqualTo("INSERT 0 3");
            // without a column list: DESCRIBE order (ts, host, v, note)
            assertThat(status(db, "INSERT INTO m VALUES ('2024-01-01T00:02:00Z', 'a', 4, 'x')")).isEqualTo("INSERT 0 1");
            // an upsert sets the fields it carries and keeps the others
            db.sql("INSERT INTO m (ts, host, note) VALUES ('2024-01-01T00:01:00Z', 'a', 'late')").close();
            db.flush();
            db.sql("INSERT INTO m (ts, host, v) VALUES ('2024-01-01T00:02:00Z', 'a', 40)").close();
            assertThat(rows(db, "SELECT host, ts, v, note FROM m ORDER BY host, ts")).containsExactly(
                    "a|2024-01-01T00:00:00Z|1.0|null", "a|2024-01-01T00:01:00Z|2.0|late", "a|2024-01-01T00:02:00Z|40.0|x",
                    "b|2024-01-01T00:00:00Z|3.0|null");
            assertThat(status(db, "DELETE FROM m WHERE ts >= '2024-01-01T00:01:00Z' AND ts < '2024-01-01T00:02:00Z' AND host = 'a'"))
                    .isEqualTo("DELETE 1");
            assertThat(status(db, "DELETE FROM m WHERE host IN ('b')")).isEqualTo("DELETE 1");
            assertThatThrownBy(() -> db.sql("DELETE FROM m WHERE v > 1"))
                    .isInstanceOf(QueryException.class).hasMessageContaining("DELETE supports a time range and tag predicates");
            assertThat(rows(db, "SELECT host, v FROM m ORDER BY ts")).containsExactly("a|1.0", "a|40.0");
            // a deleted row can be written again
            db.sql("INSERT INTO m (ts, host, v) VALUES ('2024-01-01T00:01:00Z', 'a', 7)").close();
            assertThat(rows(db, "SELECT count(*), sum(v) FROM m")).containsExactly("3|48.0");
        }
        try (Sundial db = Sundial.open(dir)) {
            assertThat(rows(db, "SELECT count(*), sum(v) FROM m")).containsExactly("3|48.0");
            assertThat(status(db, "DROP TABLE m")).isEqualTo("DROP TABLE");
            assertThat(status(db, "DROP TABLE IF EXISTS m")).isEqualTo("DROP TABLE");
            assertThat(rows(db, "SHOW TABLES")).isEmpty();
            db.sql("CREATE TIMESERIES TABLE m (ts TIMESTAMP, v DOUBLE)").close();
            assertThat(rows(db, "SELECT count(*) FROM m")).containsExactly("0");
        }
    }

    @Test
    void preparedStatementsBindParametersPerExecution() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            db.sql("CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            var insert = db.prepare("INSERT INTO m (ts, host, v) VALUES (?, ?, ?)");
            assertThat(insert.parameterCount()).isEqualTo(3);
            for (int i = 0; i < 10; i++) {
                insert.execute(java.time.Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * i), "h" + (i % 2), (double) i).close();
            }
            var q = db.prepare("SELECT count(*), max(v) FROM m WHERE host = $1 AND ts >= $2");
            assertThat(rows(db, q.sql(), "h0", "2024-01-01T00:04:00Z")).containsExactly("3|8.0");
            try (QueryResult r = q.execute("h1", java.time.Instant.parse("2024-01-01T00:00:00Z"))) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(0)).isEqualTo(5);
                assertThat(r.getDouble(1)).isEqualTo(9.0);
            }
        }
    }
}
