package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundial.QueryResult;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /write} and {@code /api/v2/write}: atomic requests, bad lines reported, nothing partial written. */
class LineProtocolWriteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void v1AndV2WritesAreStoredAndAcknowledgedWith204() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.post("/write?db=x&precision=s", "cpu,host=a usage=1.5 1700000000\n").statusCode()).isEqualTo(204);
            assertThat(s.post("/api/v2/write?bucket=b&org=o&precision=ms", "cpu,host=b usage=2.5 1700000000000").statusCode())
                    .isEqualTo(204);
            assertThat(count(s, "SELECT count(*) FROM cpu WHERE timestamp = '2023-11-14T22:13:20Z'")).isEqualTo(2);
        }
    }

    @Test
    void aRequestWithOneBadLineWritesNothingAndListsEveryBadLine() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.post("/write", "cpu,host=a usage=1 1\n");
            String body = "cpu,host=a usage=2 2\ncpu,host=a usage=abc 3\ncpu,host=b usage=4 4\ncpu host\n";
            HttpResponse<String> r = s.post("/write", body);
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode j = JSON.readTree(r.body());
            assertThat(j.get("bad_lines").asInt()).isEqualTo(2);
            assertThat(j.get("error").asText()).contains("2 bad line(s) of 4").contains("nothing of this request was written");
            assertThat(j.get("lines").get(0).get("line").asInt()).isEqualTo(2);
            assertThat(j.get("lines").get(0).get("column").asInt()).isPositive();
            assertThat(j.get("lines").get(1).get("line").asInt()).isEqualTo(4);
            assertThat(j.get("message").asText()).contains("line 2");
            assertThat(count(s, "SELECT count(*) FROM cpu")).isEqualTo(1);
        }
    }

    @Test
    void aTypeConflictWithAStoredColumnIsABadLine() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.post("/write", "cpu,host=a usage=1 1\n");
            HttpResponse<String> r = s.post("/write", "cpu,host=a usage=2 2\ncpu,host=a usage=\"text\" 3\n");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("1 bad line(s) of 2");
            assertThat(JSON.readTree(r.body()).get("lines").get(0).get("line").asInt()).isEqualTo(2);
            assertThat(count(s, "SELECT count(*) FROM cpu")).isEqualTo(1);
        }
    }

    @Test
    void gzipBodiesAreInflatedAndBadGzipIsA400() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            byte[] gz = gzip("cpu,host=a usage=1 1\ncpu,host=b usage=2 1\n");
            assertThat(s.post("/write", gz, "Content-Encoding", "gzip").statusCode()).isEqualTo(204);
            HttpResponse<String> truncated = s.post("/write", java.util.Arrays.copyOf(gz, gz.length - 6), "Content-Encoding", "gzip");
            assertThat(truncated.statusCode()).isEqualTo(400);
            assertThat(truncated.body()).contains("truncated");
            HttpResponse<String> invalid = s.post("/write", "not gzip at all", "Content-Encoding", "gzip");
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body()).contains("invalid gzip");
            assertThat(s.post("/write", "x", "Content-Encoding", "br").statusCode()).isEqualTo(415);
            assertThat(count(s, "SELECT count(*) FROM cpu")).isEqualTo(2);
        }
    }

    @Test
    void bodiesAndLineCountsPastTheLimitsAre413AndWriteNothing() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("limits.max_body_bytes", "1000")
                .set("limits.max_lines_per_request", "5"), dev.sundial.server.auth.Authenticator.OPEN)) {
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                big.append("cpu,host=a usage=").append(i).append(' ').append(i + 1).append('\n');
            }
            assertThat(s.post("/write", big.toString()).statusCode()).isEqualTo(413);
            // a gzip bomb: small on the wire, past the limit once inflated
            HttpResponse<String> bomb = s.post("/write", gzip(big.toString()), "Content-Encoding", "gzip");
            assertThat(bomb.statusCode()).isEqualTo(413);
            assertThat(bomb.body()).contains("limits.max_body_bytes");
            HttpResponse<String> lines = s.post("/write", "cpu,host=a usage=1 1\n".repeat(6));
            assertThat(lines.statusCode()).isEqualTo(413);
            assertThat(lines.body()).contains("limits.max_lines_per_request");
            // the table may exist (tables are created as points are added, as in InfluxDB), its rows do not
            assertThat(s.db.tables().isEmpty() || count(s, "SELECT count(*) FROM cpu") == 0).isTrue();
        }
    }

    @Test
    void unknownPrecisionIsAClearError() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            HttpResponse<String> r = s.post("/write?precision=fortnight", "cpu,host=a usage=1 1\n");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("unknown precision").contains("fortnight");
        }
    }

    private static long count(TestServer s, String sql) {
        try (QueryResult r = s.db.sql(sql)) {
            r.next();
            return r.getLong(0);
        }
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }
}
