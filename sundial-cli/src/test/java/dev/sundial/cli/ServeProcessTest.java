package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sundial serve} as its own process: SIGTERM stops it cleanly (requests finish, the data
 * is flushed, exit code 0), SIGKILL loses nothing that was acknowledged, and either way a restart
 * serves every acknowledged point.
 */
class ServeProcessTest {
    private static final Pattern URL = Pattern.compile("at (http://\\S+) ");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sigtermStopsCleanlyAndARestartServesEverything() throws Exception {
        Path dir = tmp.resolve("data");
        Server s = start(dir);
        int acked = writeBatches(s.url, 20);
        s.process.destroy(); // SIGTERM
        assertThat(s.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s.process.exitValue()).isZero();
        assertThat(Files.readString(s.err)).contains("stopped cleanly");
        try (Sundial db = Sundial.open(dir)) {
            assertThat(db.repairs()).isEmpty(); // a clean stop leaves nothing to repair
            assertThat(count(db)).isEqualTo(acked);
        }
    }

    @Test
    void sigtermLetsARequestInFlightFinish() throws Exception {
        Path dir = tmp.resolve("data");
        Server s = start(dir);
        URI base = URI.create(s.url);
        try (java.net.Socket sock = new java.net.Socket(base.getHost(), base.getPort())) {
            sock.setSoTimeout(30_000);
            String first = "m,host=a v=1 1\n";
            String rest = "m,host=b v=2 2\n";
            java.io.OutputStream out = sock.getOutputStream();
            out.write(("POST /write HTTP/1.1\r\nHost: x\r\nContent-Length: " + (first.length() + rest.length()) + "\r\n\r\n" + first)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(500); // the request is being served: its handler waits for the rest of the body
            s.process.destroy(); // SIGTERM
            Thread.sleep(500);
            out.write(rest.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 204");
        }
        assertThat(s.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s.process.exitValue()).isZero();
        try (Sundial db = Sundial.open(dir)) {
            assertThat(count(db)).isEqualTo(2);
        }
    }

    @Test
    void sigkillLosesNoAcknowledgedWrite() throws Exception {
        Path dir = tmp.resolve("data");
        Server s = start(dir);
        int acked = writeBatches(s.url, 20);
        s.process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertThat(s.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Server again = start(dir);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(again.url + "/api/v1/sql?q=SELECT%20count(*)%20FROM%20m"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("[[" + acked + "]]");
        again.process.destroy();
        assertThat(again.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private record Server(Process process, String url, Path err) {
    }

    private Server start(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = Files.createTempFile(tmp, "serve", ".err");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SundialCommand.class.getName(), "serve", "--data-dir", dir.toString(), "--http-port", "0", "--pg-port", "0"))
                .redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            throw new IOException("sundial serve ended before it served: " + Files.readString(err));
        }
        Matcher m = URL.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return new Server(p, m.group(1), err);
    }

    /** Writes {@code n} requests of 100 points each; returns the points acknowledged (204). */
    private int writeBatches(String url, int n) throws Exception {
        int acked = 0;
        for (int b = 0; b < n; b++) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                body.append("m,host=h").append(i % 7).append(" v=").append(b * 100 + i).append(' ').append(1_700_000_000_000L + b * 100 + i)
                        .append('\n');
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/write?precision=ms"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            acked += 100;
        }
        return acked;
    }

    private static long count(Sundial db) {
        try (QueryResult r = db.sql("SELECT count(*) FROM m")) {
            r.next();
            return r.getLong(0);
        }
    }
}
