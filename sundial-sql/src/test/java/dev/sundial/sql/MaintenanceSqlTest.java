package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Session;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.maintenance.MaintenanceTask;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code CALL maintenance()}, {@code SHOW MAINTENANCE}, and session settings ({@code SET rollups}, {@code SHOW rollups}). */
class MaintenanceSqlTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private Sundial open() throws IOException {
        // no timed flush: what is pending stays pending until the statement under test runs it
        return Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(InstantSource.fixed(NOW)));
    }

    private static List<String> rows(QueryResult r) {
        List<String> out = new ArrayList<>();
        try (r) {
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < r.columns().size(); c++) {
                    b.append(c > 0 ? "|" : "").append(r.isNull(c) ? "NULL" : r.getString(c));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void callMaintenanceFlushesAndShowMaintenanceListsTheRunThenWhatIsPending() throws Exception {
        try (Sundial db = open()) {
            db.sql("CREATE TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            db.sql("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1.5), ('2024-01-01T00:00:10Z', 'a', 2.5)").close();
            assertThat(rows(db.sql("SHOW MAINTENANCE"))).singleElement().asString()
                    .startsWith("flush|NULL|NULL|pending|table m: ~");

            List<String> done;
            try (QueryResult r = db.sql("CALL maintenance()")) {
                assertThat(r.columns()).extracting(c -> c.name()).containsExactly("task", "detail", "duration_ms");
                done = rows(r);
            }
            assertThat(done).singleElement().asString().startsWith("flush|flushed 1 table(s) (~").contains("bytes of head): m|");

            List<String> shown = rows(db.sql("SHOW MAINTENANCE"));
            assertThat(shown).singleElement().asString().startsWith("flush|2024-05-01T10:00:00Z|").contains("|ok|flushed 1 table(s)");
            try (QueryResult r = db.sql("SHOW MAINTENANCE")) {
                assertThat(r.columns()).extracting(c -> c.name() + " " + c.type())
                        .containsExactly("task VARCHAR", "started_at TIMESTAMP", "duration_ms DOUBLE", "status VARCHAR", "detail VARCHAR");
            }
            assertThat(rows(db.sql("SELECT count(*), sum(v) FROM m"))).containsExactly("2|4.0");

            assertThat(rows(db.sql("CALL maintenance()"))).as("nothing pending: no steps").isEmpty();
            db.sql("INSERT INTO m VALUES ('2024-01-01T00:00:20Z', 'b', 3.0)").close();
            assertThat(rows(db.sql("SHOW MAINTENANCE"))).hasSize(2).last().asString().startsWith("flush|NULL|NULL|pending|table m:");
        }
    }

    @Test
    void callMaintenanceRunsRegisteredTasksAndFailsTheStatementWhenAStepFails() throws Exception {
        try (Sundial db = open()) {
            AtomicInteger left = new AtomicInteger(2);
            db.maintenance().register(new MaintenanceTask() {
                @Override
                public String name() {
                    return "rollup";
                }

                @Override
                public List<String> pending() {
                    return left.get() > 0 ? List.of("table m: " + left.get() + " ranges") : List.of();
                }

                @Override
                public String runStep() {
                    int n = left.getAndDecrement();
                    return n > 0 ? "built range " + n : null;
                }
            });
            db.maintenance().register(new MaintenanceTask() {
                @Override
                public String name() {
                    return "broken";
                }

                @Override
                public List<String> pending() {
                    return List.of("always");
                }

                @Override
                public String runStep() throws IOException {
                    throw new IOException("cannot write /x/y.seg: No space left on device");
                }
            });
            assertThatThrownBy(() -> db.sql("CALL maintenance()")).isInstanceOf(QueryException.class)
                    .hasMessageContaining("cannot run maintenance: task broken failed: cannot write /x/y.seg: No space left on device")
                    .hasMessageContaining("3 step(s) run, 1 failed");
            assertThat(rows(db.sql("SHOW MAINTENANCE"))).extracting(s -> s.replaceAll("\\|[0-9.]+\\|", "|T|")).containsExactly(
                    "rollup|2024-05-01T10:00:00Z|T|ok|built range 2",
                    "broken|2024-05-01T10:00:00Z|T|failed|cannot write /x/y.seg: No space left on device",
                    "rollup|2024-05-01T10:00:00Z|T|ok|built range 1",
                    "broken|NULL|NULL|pending|always");
        }
    }

    @Test
    void unknownProcedureIsAClearError() throws Exception {
        try (Sundial db = open()) {
            assertThatThrownBy(() -> db.sql("CALL vacuum()")).isInstanceOf(QueryException.class)
                    .hasMessageContaining("cannot call vacuum(): no such procedure; the procedures are maintenance()")
                    .satisfies(e -> assertThat(((QueryException) e).column()).isEqualTo(6));
        }
    }

    @Test
    void aSettingHoldsForTheRestOfItsSessionAndOnlyThere() throws Exception {
        try (Sundial db = open()) {
            Session one = db.session();
            Session two = db.session();
            assertThat(rows(one.sql("SHOW rollups"))).containsExactly("on");
            try (QueryResult r = one.sql("SET rollups = off")) {
                assertThat(r.message()).isEqualTo("SET");
            }
            assertThat(one.rollupsEnabled()).isFalse();
            assertThat(rows(one.sql("SHOW rollups"))).as("later statements of the session").containsExactly("off");
            assertThat(rows(one.prepare("SHOW ROLLUPS").execute())).containsExactly("off");
            assertThat(rows(two.sql("SHOW rollups"))).as("another session").containsExactly("on");
            assertThat(rows(db.sql("SHOW rollups"))).as("the default session").containsExactly("on");

            // the planner reads the session's setting (QueryContext.rollupsEnabled())
            db.sql("CREATE TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE) WITH (rollup_intervals = '1m,1h')").close();
            String explain = "EXPLAIN SELECT time_bucket('1h', ts) AS b, max(v) FROM m GROUP BY b";
            assertThat(String.join("\n", rows(one.sql(explain)))).contains("rollups are off in this session");
            assertThat(String.join("\n", rows(two.sql(explain)))).doesNotContain("rollups are off");

            one.sql("SET rollups TO on").close();
            assertThat(rows(one.sql("SHOW rollups"))).containsExactly("on");
            one.sql("SET ROLLUPS TO 'OFF'").close();
            assertThat(one.rollupsEnabled()).isFalse();
            one.sql("SET rollups = DEFAULT").close();
            assertThat(one.rollupsEnabled()).isTrue();
        }
    }

    @Test
    void unknownSettingsBadValuesAndSetOutsideASessionAreClearErrors() throws Exception {
        try (Sundial db = open()) {
            Session s = db.session();
            assertThatThrownBy(() -> s.sql("SET work_mem = '64MB'")).isInstanceOf(QueryException.class)
                    .hasMessageContaining("unknown setting \"work_mem\"; the settings are rollups")
                    .satisfies(e -> assertThat(((QueryException) e).column()).isEqualTo(5));
            assertThatThrownBy(() -> s.sql("SHOW nosuch")).isInstanceOf(QueryException.class)
                    .hasMessageContaining("unknown setting \"nosuch\"; the settings are rollups");
            assertThatThrownBy(() -> s.sql("SET rollups = maybe")).isInstanceOf(QueryException.class)
                    .hasMessageContaining("cannot set rollups to 'maybe': use on or off")
                    .satisfies(e -> assertThat(((QueryException) e).column()).isEqualTo(15));
            assertThat(s.rollupsEnabled()).as("a failed SET changes nothing").isTrue();
            assertThatThrownBy(() -> db.sql("SET rollups = off")).isInstanceOf(QueryException.class)
                    .hasMessageContaining("cannot set rollups here: Sundial.sql runs each statement with the default settings");
            assertThat(rows(db.sql("SHOW rollups"))).containsExactly("on");
            assertThat(rows(db.sql("SHOW TABLES"))).as("SHOW TABLES keeps its meaning").isEmpty();
        }
    }
}
