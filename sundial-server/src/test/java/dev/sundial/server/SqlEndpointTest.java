package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/sql}: every way to send a statement, both formats, and the errors. */
class SqlEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theStatementComesFromTheQueryStringAFormATextBodyOrJson() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.post("/write", "m,host=a v=1.5 1000000000\nm,host=b v=2.5 2000000000\n");
            String q = "SELECT host, v FROM m ORDER BY host";
            String enc = URLEncoder.encode(q, StandardCharsets.UTF_8);
            for (HttpResponse<String> r : new HttpResponse[] {s.get("/api/v1/sql?q=" + enc),
                    s.post("/api/v1/sql", "q=" + enc, "Content-Type", "application/x-www-form-urlencoded"),
                    s.post("/api/v1/sql", q, "Content-Type", "text/plain"),
                    s.post("/api/v1/sql", "{\"query\":\"" + q + "\"}", "Content-Type", "application/json")}) {
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode j = JSON.readTree(r.body());
                assertThat(j.get("columns").toString()).isEqualTo("[{\"name\":\"host\",\"type\":\"VARCHAR\"},{\"name\":\"v\",\"type\":\"DOUBLE\"}]");
                assertThat(j.get("rows").toString()).isEqualTo("[[\"a\",1.5],[\"b\",2.5]]");
                assertThat(j.get("row_count").asLong()).isEqualTo(2);
                assertThat(j.get("elapsed_ms").asDouble()).isNotNegative();
            }
            HttpResponse<String> csv = s.get("/api/v1/sql?format=csv&q=" + enc);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(csv.body()).isEqualTo("host,v\na,1.5\nb,2.5\n");
        }
    }

    @Test
    void jsonParamsKeepTheirValuesAfterABigInteger() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.db.sql("CREATE TIMESERIES TABLE t (timestamp TIMESTAMP, host VARCHAR TAG, note VARCHAR, v DOUBLE)").close();
            HttpResponse<String> r = s.post("/api/v1/sql", "{\"query\":\"INSERT INTO t (timestamp, host, note, v) VALUES "
                    + "('2024-01-01T00:00:00Z', 'a', $1, $2)\",\"params\":[9223372036854775808, 1.5]}", "Content-Type", "application/json");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("update_count").asLong()).isEqualTo(1);
            HttpResponse<String> back = s.get("/api/v1/sql?format=csv&q=" + URLEncoder.encode("SELECT note, v FROM t", StandardCharsets.UTF_8));
            assertThat(back.body()).isEqualTo("note,v\n9223372036854775808,1.5\n");
        }
    }

    @Test
    void errorsAre4xxJsonWithThePosition() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            HttpResponse<String> syntax = s.post("/api/v1/sql", "SELECT nope FROM", "Content-Type", "text/plain");
            assertThat(syntax.statusCode()).isEqualTo(400);
            JsonNode j = JSON.readTree(syntax.body());
            assertThat(j.get("error").asText()).isNotBlank();
            assertThat(j.get("position").asInt()).isPositive();
            assertThat(s.get("/api/v1/sql").statusCode()).isEqualTo(400);
            assertThat(s.get("/api/v1/sql?format=xml&q=SELECT%201").body()).contains("expected json or csv");
            assertThat(s.post("/api/v1/sql", "{\"query\": 3}", "Content-Type", "application/json").body()).contains("must be a string");
            assertThat(s.post("/api/v1/sql", "{\"query\": \"SELECT 1\", \"extra\": 1}", "Content-Type", "application/json").body())
                    .contains("unknown field");
            assertThat(s.post("/api/v1/sql", "{not json", "Content-Type", "application/json").body()).contains("invalid JSON");
            assertThat(s.post("/api/v1/sql", new byte[] {'S', 'E', (byte) 0xff}, "Content-Type", "text/plain").body())
                    .contains("not valid UTF-8");
            assertThat(s.get("/api/v1/sql?q=SELECT%20$1").body()).contains("parameter");
        }
    }
}
