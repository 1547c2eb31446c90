package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6: an {@code INSERT} whose rows replace rows of the same series and timestamp
 * says so ({@code INSERT 0 3: 1 new, 2 replaced}), whether the replaced row is in the head, in a
 * flushed segment or earlier in the same statement; without replacements the status stays
 * PostgreSQL's {@code INSERT 0 n}. The update count is the rows inserted either way.
 */
class InsertStatusTest {
    @TempDir
    Path dir;

    private static String status(Sundial db, String sql) {
        try (QueryResult r = db.sql(sql)) {
            assertThat(r.updateCount()).isEqualTo(sql.split("\\),").length);
            return r.message();
        }
    }

    @Test
    void insertSaysHowManyRowsReplacedExistingOnes() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            db.sql("CREATE TIMESERIES TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            assertThat(status(db, "INSERT INTO m (ts, host, v) VALUES ('2024-01-01T00:00:00Z', 'a', 1), ('2024-01-01T00:00:00Z', 'b', 2)"))
                    .isEqualTo("INSERT 0 2");
            assertThat(status(db, "INSERT INTO m (ts, host, v) VALUES ('2024-01-01T00:00:00Z', 'a', 10), ('2024-01-01T00:01:00Z', 'a', 3),"
                    + " ('2024-01-01T00:01:00Z', 'a', 4)")).as("one from the head, one from the same statement")
                    .isEqualTo("INSERT 0 3: 1 new, 2 replaced");
            db.flush();
            assertThat(status(db, "INSERT INTO m (ts, host, v) VALUES ('2024-01-01T00:00:00Z', 'b', 20), ('2024-01-01T00:02:00Z', 'b', 5)"))
                    .as("from a segment").isEqualTo("INSERT 0 2: 1 new, 1 replaced");
            try (QueryResult r = db.sql("SELECT count(*) FROM m")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(0)).isEqualTo(4);
            }
        }
    }
}
