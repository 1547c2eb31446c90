package dev.sundial.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.cli.demo.DevopsGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link LineProtocolHttpSender} and its {@link HttpClientConnection} against a scripted server:
 * what goes on the wire, each way a response body is framed, failures with their bodies, and
 * reconnecting after the server closes.
 */
class LineProtocolHttpSenderTest {
    private static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n";

    private static RequestBodies bodies(int hosts, int linesPerRequest, boolean gzip) throws Exception {
        DevopsGenerator g = new DevopsGenerator(DevopsGenerator.Config.of(hosts, 600_000_000_000L, 5));
        return RequestBodies.cut(g::writeLineProtocol, linesPerRequest, gzip);
    }

    @Test
    void sendsEveryBodyWithItsHeadersOverKeepAliveConnections() throws Exception {
        RequestBodies b = bodies(10, 100, false); // 600 lines: 6 requests
        try (ScriptedHttpServer s = new ScriptedHttpServer((i, r) -> ScriptedHttpServer.Reply.keep(NO_CONTENT))) {
            SendResult r = new LineProtocolHttpSender(s.url("/api/v2/write?bucket=b&precision=ns"), 2, "secret").send(b);
            assertThat(r.failed()).isZero();
            assertThat(r.requests()).isEqualTo(6);
            assertThat(r.lines()).isEqualTo(600);
            assertThat(r.points()).isEqualTo(6000);
            assertThat(r.rawBytes()).isEqualTo(b.rawBytes());
            assertThat(r.latencyMillis(0.5)).isPositive();
            assertThat(s.connections()).isLessThanOrEqualTo(2);
            assertThat(s.received()).hasSize(6).allSatisfy(q -> {
                assertThat(q.requestLine()).isEqualTo("POST /api/v2/write?bucket=b&precision=ns HTTP/1.1");
                assertThat(q.headers()).containsEntry("Authorization", "Token secret").containsEntry("Host", "127.0.0.1:" + s.port())
                        .doesNotContainKey("Content-Encoding");
            });
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            s.received().stream().sorted((x, y) -> Long.compare(firstTimestamp(x.body()), firstTimestamp(y.body())))
                    .forEach(q -> got.writeBytes(q.body()));
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            b.bodies().forEach(x -> sent.writeBytes(x.bytes()));
            assertThat(got.toByteArray()).isEqualTo(sent.toByteArray());
        }
    }

    private static long firstTimestamp(byte[] body) {
        String first = new String(body, 0, 2000, java.nio.charset.StandardCharsets.US_ASCII).lines().findFirst().orElseThrow();
        return Long.parseLong(first.substring(first.lastIndexOf(' ') + 1));
    }

    @Test
    void gzipBodiesSayContentEncoding() throws Exception {
        RequestBodies b = bodies(2, 1000, true);
        try (ScriptedHttpServer s = new ScriptedHttpServer((i, r) -> ScriptedHttpServer.Reply.keep(NO_CONTENT))) {
            SendResult r = new LineProtocolHttpSender(s.url("/write?db=x"), 1, null).send(b);
            assertThat(r.failed()).isZero();
            assertThat(r.wireBytes()).isEqualTo(b.wireBytes()).isLessThan(r.rawBytes());
            ScriptedHttpServer.Received q = s.received().getFirst();
            assertThat(q.headers()).containsEntry("Content-Encoding", "gzip").doesNotContainKey("Authorization");
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(q.body()))) {
                assertThat(in.readAllBytes()).hasSize((int) b.bodies().getFirst().rawBytes());
            }
        }
    }

    @Test
    void everyFramingOfAResponseBodyIsRead() throws Exception {
        String[] replies = {
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n",
            "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n",
        };
        RequestBodies b = bodies(1, 15, false); // 60 lines: 4 requests
        try (ScriptedHttpServer s = new ScriptedHttpServer((i, r) -> ScriptedHttpServer.Reply.keep(replies[i]))) {
            SendResult r = new LineProtocolHttpSender(s.url("/write"), 1, null).send(b);
            assertThat(r.failures()).isEmpty();
            assertThat(r.requests()).isEqualTo(4);
            assertThat(s.connections()).isEqualTo(1); // all framings kept the connection usable
        }
    }

    @Test
    void failuresCarryStatusAndBodyAndTheRestGoesOn() throws Exception {
        String badRequest = "{\"error\":\"bad line\",\"line\":3}";
        String[] replies = {
            NO_CONTENT,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: " + badRequest.length() + "\r\n\r\n" + badRequest,
            "HTTP/1.1 500 Server Error\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nboom\r\n0\r\n\r\n",
            "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n",
        };
        RequestBodies b = bodies(1, 15, false);
        try (ScriptedHttpServer s = new ScriptedHttpServer((i, r) -> ScriptedHttpServer.Reply.keep(replies[i]))) {
            SendResult r = new LineProtocolHttpSender(s.url("/write"), 1, null).send(b);
            assertThat(r.failed()).isEqualTo(3);
            assertThat(r.lines()).isEqualTo(15);
            assertThat(r.failures()).containsExactly(
                    "cannot send request [index=1 url=" + s.url("/write") + " status=400]: " + badRequest,
                    "cannot send request [index=2 url=" + s.url("/write") + " status=500]: boom",
                    "cannot send request [index=3 url=" + s.url("/write") + " status=401]: Unauthorized");
            assertThat(r.summary()).contains("4 requests (3 failed)").contains("status=400");
        }
    }

    @Test
    void reconnectsWhenTheServerCloses() throws Exception {
        ScriptedHttpServer.Script script = (i, r) -> switch (i) {
            case 0 -> new ScriptedHttpServer.Reply("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", true);
            case 1 -> new ScriptedHttpServer.Reply("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
            case 2 -> new ScriptedHttpServer.Reply("HTTP/1.1 200 OK\r\n\r\nuntil the end", true);
            default -> new ScriptedHttpServer.Reply("", true); // closes without an answer: an I/O failure
        };
        RequestBodies b = bodies(1, 15, false);
        try (ScriptedHttpServer s = new ScriptedHttpServer(script)) {
            SendResult r = new LineProtocolHttpSender(s.url("/write"), 1, null).send(b);
            assertThat(r.requests()).isEqualTo(4);
            assertThat(r.failed()).isEqualTo(1);
            assertThat(r.failures().getFirst()).startsWith("cannot send request [index=3 url=")
                    .contains("the server closed the connection");
            assertThat(s.received()).extracting(ScriptedHttpServer.Received::connection).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void refusedConnectionIsAFailureNotAHang() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        SendResult r = new LineProtocolHttpSender("http://127.0.0.1:" + port + "/write", 2, null).send(bodies(1, 30, false));
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.points()).isZero();
        assertThat(r.failures()).allSatisfy(f -> assertThat(f).contains("cannot connect [host=127.0.0.1 port=" + port + "]"));
    }

    @Test
    void onlyPlainHttpUrls() {
        assertThatThrownBy(() -> new LineProtocolHttpSender("https://x/write", 1, null))
                .hasMessage("cannot use URL [url=https://x/write]: only http:// is supported");
        assertThatThrownBy(() -> new LineProtocolHttpSender("http://x/write", 0, null))
                .hasMessageStartingWith("cannot create sender [connections=0]");
    }
}
