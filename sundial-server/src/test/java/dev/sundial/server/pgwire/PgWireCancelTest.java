package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.WriteBatch;
import dev.sundial.server.TestServer;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * CancelRequest: pgjdbc's {@code Statement.cancel()} stops a statement that runs for seconds with
 * 57014 and the connection stays usable; a CancelRequest with a wrong key changes nothing. The
 * slow statement is a grouping with percentiles over some millions of raw rows (rollups off), each
 * run measured first so that the cancel lands while it runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgWireCancelTest {
    private static final String SLOW = "SELECT host, percentile(v, 0.5), percentile(v * 2, 0.9), stddev(v), count(DISTINCT v)"
            + " FROM m GROUP BY host ORDER BY 2";
    private static final int SERIES = 8;
    private static final int ROWS = 150_000;

    TestServer s;
    long slowMillis;

    @BeforeAll
    void load(@TempDir Path dir) throws Exception {
        s = TestServer.start(dir);
        s.db.sql("CREATE TABLE m (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
        for (int series = 0; series < SERIES; series++) {
            WriteBatch b = s.db.newBatch();
            for (int r = 0; r < ROWS; r++) {
                b.add("m", DataPoint.at(1_700_000_000_000_000_000L + r * 1_000_000_000L).tag("host", "h" + series)
                        .field("v", (double) ((r * 7919L + series) % 100_003)).build());
            }
            b.commit();
        }
        s.db.flush();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET rollups = off");
            long t0 = System.nanoTime();
            drain(st.executeQuery(SLOW));
            slowMillis = (System.nanoTime() - t0) / 1_000_000;
        }
        System.out.println("PgWireCancelTest: the slow statement takes " + slowMillis + " ms over " + SERIES * ROWS + " rows");
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    /**
     * Waits until the statement holds its query slot on the server: a cancel sent before would
     * find nothing running and do nothing (as it should), which a fixed sleep cannot rule out on a
     * loaded machine.
     */
    private void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.server.runningQueries() == 0) {
            assertThat(System.nanoTime()).as("the slow statement started within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        // the slot is taken just before the statement starts (and notes the session's cancel count):
        // a moment more, so that the cancel finds it started, yet far less than it runs
        Thread.sleep(20);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial?user=x");
    }

    private static int drain(ResultSet r) throws SQLException {
        int n = 0;
        try (r) {
            while (r.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void statementCancelStopsTheRunningStatementAndTheConnectionStaysUsable() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET rollups = off");
            long t0 = System.nanoTime();
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return drain(st.executeQuery(SLOW));
                } catch (SQLException e) {
                    return e;
                }
            });
            awaitRunning();
            long sent = (System.nanoTime() - t0) / 1_000_000;
            st.cancel();
            Object outcome = run.get(60, TimeUnit.SECONDS);
            long took = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("PgWireCancelTest: cancel sent at " + sent + " ms, statement ended at " + took + " ms");
            assertThat(outcome).isInstanceOf(SQLException.class);
            SQLException e = (SQLException) outcome;
            assertThat(e.getSQLState()).isEqualTo("57014");
            assertThat(e.getMessage()).contains("canceling statement due to user request");
            assertThat(took - sent).as("cancelled early, not at the end").isLessThan(slowMillis);
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM m")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isEqualTo((long) SERIES * ROWS);
            }
        }
    }

    @Test
    void aCancelRequestWithAWrongKeyOrBetweenStatementsChangesNothing() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET rollups = off");
            int pid = c.unwrap(PGConnection.class).getBackendPID();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return drain(st.executeQuery(SLOW));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRunning();
            for (int key : new int[] {0, 1, -1, 12345}) {
                try (Socket raw = new Socket("127.0.0.1", s.server.pgPort())) {
                    DataOutputStream out = new DataOutputStream(raw.getOutputStream());
                    out.writeInt(16);
                    out.writeInt(80877102);
                    out.writeInt(pid);
                    out.writeInt(key);
                    out.flush();
                    assertThat(raw.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
                }
            }
            assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(SERIES);
            // a cancel that arrives while nothing runs does not hit the next statement
            st.cancel();
            assertThat(drain(st.executeQuery("SELECT host FROM m GROUP BY host"))).isEqualTo(SERIES);
        }
    }
}
