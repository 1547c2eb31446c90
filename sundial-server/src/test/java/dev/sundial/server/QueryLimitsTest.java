package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.WriteBatch;
import dev.sundial.server.auth.Authenticator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query limits of a server: time, memory and concurrency, each a clear error; the server goes on. */
class QueryLimitsTest {
    @TempDir
    Path dir;

    private static void load(TestServer s, int rows) throws Exception {
        WriteBatch b = s.db.newBatch();
        for (int i = 0; i < rows; i++) {
            b.add("m", DataPoint.at(1_700_000_000_000_000_000L + i * 1_000_000_000L).tag("host", "h" + (i % 1000))
                    .field("v", (double) i).build());
        }
        b.commit();
    }

    @Test
    void aQueryPastTheTimeLimitGetsAClearErrorAndTheServerGoesOn() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("limits.query_timeout_ms", "1"), Authenticator.OPEN)) {
            load(s, 200_000);
            HttpResponse<String> r = s.post("/api/v1/sql",
                    "SELECT a.host, count(*) FROM m a GROUP BY a.host, a.v ORDER BY 2 DESC", "Content-Type", "text/plain");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("statement timeout").contains("limits.query_timeout_ms");
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aQueryPastTheMemoryLimitGetsAClearError() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("limits.query_memory_bytes", "100000"), Authenticator.OPEN)) {
            load(s, 50_000);
            HttpResponse<String> r = s.post("/api/v1/sql", "SELECT host, v, count(*) FROM m GROUP BY host, v", "Content-Type", "text/plain");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("memory").contains("limits.query_memory_bytes");
        }
    }

    @Test
    void queriesPastTheConcurrencyLimitWaitThenGet503() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("limits.max_concurrent_queries", "1").set("limits.query_queue_ms", "200"),
                Authenticator.OPEN)) {
            load(s, 200_000);
            // a client that asks for a big answer and does not read it: its query holds the only slot
            try (Socket slow = new Socket("127.0.0.1", s.server.port())) {
                slow.setReceiveBufferSize(4096);
                OutputStream out = slow.getOutputStream();
                out.write(("GET /api/v1/sql?q=SELECT%20*%20FROM%20m HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = slow.getInputStream();
                in.read(new byte[1]); // the answer has started: the query runs and waits for the reader
                HttpResponse<String> r = s.get("/api/v1/sql?q=SELECT%201");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).contains("limits.max_concurrent_queries=1");
            }
            // the slow client left: its slot comes back
            long deadline = System.currentTimeMillis() + 10_000;
            int status = 0;
            while (System.currentTimeMillis() < deadline && (status = s.get("/api/v1/sql?q=SELECT%201").statusCode()) != 200) {
                Thread.sleep(50);
            }
            assertThat(status).isEqualTo(200);
        }
    }
}
