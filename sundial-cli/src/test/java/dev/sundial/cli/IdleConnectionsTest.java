package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 connections that stay idle, or stop in the middle of a request line, do not stop a
 * server (its own process, as in production, so each side has its own file descriptors) from
 * serving writes and queries; they hold no request threads.
 */
class IdleConnectionsTest {
    private static final int CONNECTIONS = 10_000;

    @TempDir
    Path tmp;

    @Test
    void tenThousandIdleConnectionsDoNotStopTheServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = tmp.resolve("serve.err");
        Process server = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SundialCommand.class.getName(), "serve", "--data-dir", tmp.resolve("data").toString(), "--http-port", "0", "--pg-port", "0"))
                .redirectError(err.toFile()).start();
        List<Socket> idle = new ArrayList<>(CONNECTIONS);
        try {
            String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as("server start: %s", Files.exists(err) ? Files.readString(err) : "").isNotNull();
            Matcher m = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+) ").matcher(line);
            assertThat(m.find()).as(line).isTrue();
            int port = Integer.parseInt(m.group(1));
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                if (i % 2 == 1) { // half of them stop in the middle of a request line
                    s.getOutputStream().write("GET /hea".getBytes(StandardCharsets.US_ASCII));
                }
                idle.add(s);
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> w = http.send(HttpRequest.newBuilder(URI.create(base + "/write"))
                    .POST(HttpRequest.BodyPublishers.ofString("m,host=a v=1 1\nm,host=b v=2 2\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(w.statusCode()).as(w.body()).isEqualTo(204);
            HttpResponse<String> q = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sql?q=SELECT%20count(*)%20FROM%20m"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(q.body()).contains("[[2]]");
            assertThat(threads(server.pid())).as("threads of the server with %d idle connections", CONNECTIONS).isLessThan(150);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(server.exitValue()).as(Files.readString(err)).isZero();
    }

    private static int threads(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("Threads:")) {
                return Integer.parseInt(l.substring(8).strip());
            }
        }
        throw new IOException("cannot read the thread count of process " + pid);
    }
}
