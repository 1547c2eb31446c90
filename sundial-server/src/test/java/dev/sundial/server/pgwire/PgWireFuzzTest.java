package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * Jazzer target for the PostgreSQL message decoder, through a real server: any byte stream, sent
 * raw or after a proper startup, ends with the server closing the connection once the client has
 * stopped sending (never a hang), and the server goes on serving: a new connection still runs a
 * query. Under plain {@code mvn test} it replays the seeds in {@code PgWireFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class PgWireFuzzTest {
    private static TestServer server() throws IOException {
        return TestServer.forFuzzing("pg-fuzz", s -> s.set("limits.idle_timeout_ms", "2000"));
    }

    @FuzzTest(maxDuration = "60s")
    void anyBytes(FuzzedDataProvider data) throws Exception {
        try (SilentCloseable loopback = TestServer.allowLoopback()) {
            anyBytes(server(), data.consumeBoolean(), data.consumeRemainingAsBytes());
        }
    }

    private static void anyBytes(TestServer s, boolean afterStartup, byte[] bytes) throws Exception {
        int port = s.server.pgPort();
        try (RawPgClient c = new RawPgClient(port)) {
            if (afterStartup) {
                c.startup();
            }
            try {
                c.out.write(bytes);
                c.out.flush();
                c.socket.shutdownOutput();
            } catch (IOException closedEarly) {
                return; // the server already refused the bytes and closed: a clean end
            }
            assertThat(drainsToEnd(c.in)).as("the server ends the connection once the client stops sending").isTrue();
        }
        try (RawPgClient c = new RawPgClient(port)) {
            c.startup();
            c.send('Q', RawPgClient.body("SELECT 1"));
            List<RawPgClient.Msg> answer = c.untilReady();
            assertThat(RawPgClient.types(answer)).contains("D");
        }
    }

    /** Reads until the server closes (true) or 10 s pass without it (false). */
    private static boolean drainsToEnd(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting until the deadline
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
        return false;
    }
}
