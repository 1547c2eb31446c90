package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.QueryResult;
import dev.sundial.server.auth.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that misbehave on purpose (raw sockets, so nothing polite is added): each gets a clear
 * error or is cut off, the server stays up, and what was accepted before stays intact.
 */
class HostileClientTest {
    @TempDir
    Path dir;

    @Test
    void aBodyThatStallsIsCutOffAndWritesNothing() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("limits.idle_timeout_ms", "1000"), Authenticator.OPEN)) {
            s.post("/write", "m,host=a v=1 1\n");
            try (Socket sock = connect(s)) {
                String lines = "m,host=b v=2 2\nm,host=c v=3 3\n";
                send(sock, "POST /write HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + lines);
                long t0 = System.nanoTime();
                String answer = readAll(sock, 15_000); // the server gives up on the body; it does not wait forever
                assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
                assertThat(answer).doesNotContain(" 204 ");
            }
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
            assertThat(count(s)).isEqualTo(1);
        }
    }

    @Test
    void aBodyCutShortByTheClientWritesNothing() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            try (Socket sock = connect(s)) {
                send(sock, "POST /write HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nm,host=b v=2 2\nm,host=c v=3 3\n");
                sock.shutdownOutput(); // the client goes away mid-body
                readAll(sock, 5000);
            }
            assertThat(s.post("/write", "m,host=a v=1 1\n").statusCode()).isEqualTo(204);
            assertThat(count(s)).isEqualTo(1);
        }
    }

    @Test
    void oversizedHeadersGet431AsJson() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("limits.max_header_bytes", "2048"), Authenticator.OPEN)) {
            try (Socket sock = connect(s)) {
                send(sock, "GET /health HTTP/1.1\r\nHost: x\r\nX-Junk: " + "a".repeat(5000) + "\r\n\r\n");
                String answer = readAll(sock, 5000);
                assertThat(answer).startsWith("HTTP/1.1 431").contains("limits.max_header_bytes").contains("{\"error\":");
            }
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void garbageInsteadOfHttpGets400AndTheServerStaysUp() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            try (Socket sock = connect(s)) {
                sock.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xff, 0, 0, '\r', '\n', '\r', '\n'});
                String answer = readAll(sock, 5000);
                assertThat(answer).startsWith("HTTP/1.1 400");
            }
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void invalidUtf8HugeNumbersAndBadTimestampsAreBadLines() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.post("/write", "m,host=a v=1 1\n");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes("m,host=a v=2 2\n".getBytes(StandardCharsets.UTF_8));
            body.writeBytes("m,host=".getBytes(StandardCharsets.UTF_8));
            body.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28}); // an invalid UTF-8 sequence in a tag value
            body.writeBytes(" v=3 3\n".getBytes(StandardCharsets.UTF_8));
            body.writeBytes("m,host=a n=99999999999999999999i 4\n".getBytes(StandardCharsets.UTF_8));
            body.writeBytes("m,host=a v=1e999 5\n".getBytes(StandardCharsets.UTF_8));
            body.writeBytes("m,host=a v=6 99999999999999999999999\n".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = s.post("/write", body.toByteArray());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"line\":2").contains("\"line\":3").contains("\"line\":5");
            assertThat(count(s)).isEqualTo(1);
        }
    }

    private static long count(TestServer s) {
        try (QueryResult r = s.db.sql("SELECT count(*) FROM m")) {
            r.next();
            return r.getLong(0);
        }
    }

    private static Socket connect(TestServer s) throws IOException {
        Socket sock = new Socket("127.0.0.1", s.server.port());
        sock.setSoTimeout(1000);
        return sock;
    }

    private static void send(Socket sock, String text) throws IOException {
        OutputStream out = sock.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads until the server closes the connection or {@code maxMillis} pass. */
    private static String readAll(Socket sock, long maxMillis) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = sock.getInputStream();
        long deadline = System.currentTimeMillis() + maxMillis;
        byte[] buf = new byte[8192];
        while (System.currentTimeMillis() < deadline) {
            try {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                if (got.size() > 0 && got.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")
                        && !got.toString(StandardCharsets.UTF_8).contains("Transfer-Encoding: chunked")) {
                    break; // a whole answer with its body, on a connection kept alive
                }
            } catch (java.net.SocketException e) {
                break; // reset by the server
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
