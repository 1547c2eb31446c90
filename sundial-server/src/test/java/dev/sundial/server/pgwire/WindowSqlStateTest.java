package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLSTATEs clients get for window-function mistakes: PostgreSQL's 42P20 and 0A000 for GROUPS/EXCLUDE. */
class WindowSqlStateTest {
    @TempDir
    Path dir;

    @Test
    void windowErrorsHavePostgresCodes() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            drain(db, "CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, usage DOUBLE)");
            assertThat(state(db, "SELECT host FROM cpu WHERE row_number() OVER () > 1")).isEqualTo("42P20");
            assertThat(state(db, "SELECT sum(rank() OVER ()) OVER () FROM cpu")).isEqualTo("42P20");
            assertThat(state(db, "SELECT sum(rank() OVER (ORDER BY ts)) FROM cpu")).isEqualTo("42P20");
            assertThat(state(db, "SELECT sum(usage) OVER (ORDER BY ts GROUPS 1 PRECEDING) FROM cpu")).isEqualTo("0A000");
            assertThat(state(db, "SELECT sum(usage) OVER (ORDER BY ts ROWS 1 PRECEDING EXCLUDE TIES) FROM cpu")).isEqualTo("0A000");
            assertThat(state(db, "SELECT sum(usage) OVER (ORDER BY ts ROWS 1 PRECEDING FROM cpu")).isEqualTo("42601");
        }
    }

    private static String state(Sundial db, String sql) {
        QueryException e = catchThrowableOfType(QueryException.class, () -> drain(db, sql));
        assertThat(e).as(sql).isNotNull();
        return SqlState.of(e);
    }

    private static void drain(Sundial db, String sql) {
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }
}
