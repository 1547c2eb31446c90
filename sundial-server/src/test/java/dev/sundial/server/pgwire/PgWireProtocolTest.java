package dev.sundial.server.pgwire;

import static dev.sundial.server.pgwire.RawPgClient.body;
import static dev.sundial.server.pgwire.RawPgClient.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.server.TestServer;
import dev.sundial.server.auth.Authenticator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol at the byte level, where clients hide it: the startup sequence, Describe before
 * Bind, Execute with a row limit and PortalSuspended, skipping to Sync after an error, empty
 * queries, malformed input and the idle timeout.
 */
class PgWireProtocolTest {
    @TempDir
    Path dir;
    TestServer s;

    @AfterEach
    void stop() throws Exception {
        if (s != null) {
            s.close();
        }
    }

    private RawPgClient client() throws Exception {
        if (s == null) {
            s = TestServer.start(dir);
            s.db.sql("CREATE TABLE m (timestamp TIMESTAMP, host VARCHAR TAG, n BIGINT)").close();
            s.db.sql("INSERT INTO m VALUES ('2024-01-01T00:00:00Z', 'a', 1), ('2024-01-01T00:00:01Z', 'a', 2), "
                    + "('2024-01-01T00:00:02Z', 'a', 3)").close();
        }
        return new RawPgClient(s.server.pgPort());
    }

    @Test
    void sslRequestIsRefusedThenStartupReportsTheSessionParameters() throws Exception {
        try (RawPgClient c = client()) {
            c.out.writeInt(8);
            c.out.writeInt(80877103);
            c.out.flush();
            assertThat((char) c.in.readUnsignedByte()).isEqualTo('N');
            List<RawPgClient.Msg> msgs = c.startup();
            assertThat(types(msgs)).startsWith("R").endsWith("KZ");
            assertThat(msgs.get(0).body()).containsExactly(0, 0, 0, 0); // AuthenticationOk
            String statuses = msgs.stream().filter(m -> m.type() == 'S').map(m -> m.text().replace('\0', '=')).toList().toString();
            assertThat(statuses).contains("server_version=16.0 (Sundial ", "client_encoding=UTF8=", "DateStyle=ISO, MDY=",
                    "TimeZone=UTC=", "integer_datetimes=on=", "standard_conforming_strings=on=", "application_name=raw-test=");
            assertThat(msgs.getLast().body()).containsExactly('I');
        }
    }

    @Test
    void describeBeforeBindThenExecuteInPartsWithPortalSuspended() throws Exception {
        try (RawPgClient c = client()) {
            c.startup();
            c.send('P', body("q1", "SELECT n FROM m WHERE n >= $1 ORDER BY n", (short) 1, 20));
            c.send('D', body('S', "q1"));
            c.send('B', body("p1", "q1", (short) 0, (short) 1, 1, 'X', (short) 0));
            c.send('S', new byte[0]);
            List<RawPgClient.Msg> r = c.untilReady();
            // the parameter text "X" is not an int8: an error at Bind, after Parse and Describe succeeded
            assertThat(types(r)).isEqualTo("1tTEZ");
            assertThat(r.get(3).field('C')).isEqualTo("22P02");

            byte[] two = "2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.io.ByteArrayOutputStream bind = new java.io.ByteArrayOutputStream();
            bind.write(body("p1", "q1", (short) 0, (short) 1, two.length));
            bind.write(two);
            bind.write(body((short) 0));
            c.send('B', bind.toByteArray());
            c.send('D', body('P', "p1"));
            c.send('E', body("p1", 1));
            c.send('H', new byte[0]);
            List<RawPgClient.Msg> first = List.of(c.read(), c.read(), c.read(), c.read());
            assertThat(types(first)).isEqualTo("2TDs"); // flushed without a Sync
            c.send('E', body("p1", 0));
            c.send('S', new byte[0]);
            r = c.untilReady();
            assertThat(types(r)).isEqualTo("DCZ");
            assertThat(r.get(1).text()).isEqualTo("SELECT 2\0");
        }
    }

    @Test
    void anErrorSkipsEverythingUpToSync() throws Exception {
        try (RawPgClient c = client()) {
            c.startup();
            c.send('P', body("", "SELEC 1", (short) 0));
            c.send('B', body("", "", (short) 0, (short) 0, (short) 0));
            c.send('E', body("", 0));
            c.send('S', new byte[0]);
            List<RawPgClient.Msg> r = c.untilReady();
            assertThat(types(r)).isEqualTo("EZ");
            assertThat(r.get(0).field('C')).isEqualTo("42601");
            assertThat(r.get(0).field('S')).isEqualTo("ERROR");
            assertThat(r.get(0).field('P')).isEqualTo("1");
            c.send('Q', body("SELECT count(*) FROM m"));
            assertThat(types(c.untilReady())).isEqualTo("TDCZ");
        }
    }

    @Test
    void statementsAreCountedInTheMetricsUnderTheirProtocol() throws Exception {
        try (RawPgClient c = client()) {
            c.startup();
            c.send('Q', body("SELECT count(*) FROM m; SELEC 1"));
            c.untilReady();
        }
        String metrics = s.get("/metrics").body();
        assertThat(metrics).containsPattern("sundial_queries_total\\{[^}]*protocol=\"pgwire\"[^}]*\\} 1")
                .contains("kind=\"select\"");
        assertThat(metrics.lines().filter(l -> l.startsWith("sundial_queries_total") && l.contains("pgwire")
                && l.contains("kind=\"unparsed\"") && l.contains("outcome=\"error\"")).toList()).hasSize(1);
    }

    @Test
    void emptyQueriesGetEmptyQueryResponse() throws Exception {
        try (RawPgClient c = client()) {
            c.startup();
            c.send('Q', body(""));
            assertThat(types(c.untilReady())).isEqualTo("IZ");
            c.send('Q', body(" -- only a comment\n ; "));
            assertThat(types(c.untilReady())).isEqualTo("IZ");
        }
    }

    @Test
    void aMalformedLengthIsFatalAndClosesTheConnection() throws Exception {
        try (RawPgClient c = client()) {
            c.startup();
            c.out.writeByte('Q');
            c.out.writeInt(2); // below the 4 bytes of the length itself
            c.out.flush();
            RawPgClient.Msg m = c.read();
            assertThat(m.type()).isEqualTo('E');
            assertThat(m.field('S')).isEqualTo("FATAL");
            assertThat(m.field('C')).isEqualTo("08P01");
            assertThat(c.in.read()).isEqualTo(-1);
        }
        try (RawPgClient c = client()) {
            c.startup(); // the server still serves others
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        s = TestServer.start(dir, st -> st.set("limits.idle_timeout_ms", "300"), Authenticator.OPEN);
        try (RawPgClient c = new RawPgClient(s.server.pgPort())) {
            c.startup();
            long start = System.nanoTime();
            RawPgClient.Msg m = c.read();
            assertThat(m.field('C')).isEqualTo("57P05");
            assertThat(c.in.read()).isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
        }
    }

    @Test
    void terminateEndsTheConnectionAndFreesItsSlot() throws Exception {
        try (RawPgClient c = client()) {
            c.startup();
            c.send('X', new byte[0]);
            assertThat(c.in.read()).isEqualTo(-1);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && s.server.pgConnections() > 0) {
            Thread.sleep(10);
        }
        assertThat(s.server.pgConnections()).isZero();
    }
}
