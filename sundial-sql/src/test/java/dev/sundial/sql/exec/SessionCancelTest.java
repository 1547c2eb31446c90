package dev.sundial.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.DataPoint;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Session;
import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Session#cancelRunning}: a statement of the session that is running stops at its next
 * batch with PostgreSQL's wording; statements started afterwards, and other sessions' statements,
 * are not affected.
 */
class SessionCancelTest {
    @TempDir
    Path dir;

    @Test
    void cancelStopsTheRunningStatementsOfItsSessionOnly() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            db.sql("CREATE TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            WriteBatch b = db.newBatch();
            for (int r = 0; r < 50_000; r++) {
                b.add("m", DataPoint.at(1_700_000_000_000_000_000L + r * 1_000_000_000L).tag("host", "h" + (r % 4)).field("v", (double) r).build());
            }
            b.commit();
            Session mine = db.session();
            Session other = db.session();
            try (QueryResult running = mine.sql("SELECT * FROM m"); QueryResult bystander = other.sql("SELECT * FROM m")) {
                assertThat(running.next()).isTrue();
                assertThat(bystander.next()).isTrue();
                mine.cancelRunning();
                assertThatThrownBy(() -> {
                    while (running.next()) {
                        // the batch already read drains first; the next one is refused
                    }
                }).isInstanceOf(QueryException.class).hasMessage("canceling statement due to user request");
                long n = 1;
                while (bystander.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(50_000);
            }
            try (QueryResult later = mine.sql("SELECT count(*) FROM m")) {
                assertThat(later.next()).isTrue();
                assertThat(later.getLong(0)).isEqualTo(50_000);
            }
        }
    }
}
