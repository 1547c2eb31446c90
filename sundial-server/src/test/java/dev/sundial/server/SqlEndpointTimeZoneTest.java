package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/sql?timezone=…}: each HTTP request is a session of its own, so the zone comes with
 * the request. JSON keeps ISO-8601 with the zone's offset, CSV writes PostgreSQL's form, text
 * without an offset is read in the zone, and an unknown zone is a 400 saying how to write one.
 */
class SqlEndpointTimeZoneTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theTimezoneParameterIsTheRequestsSessionZone() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.db.sql("CREATE TIMESERIES TABLE t (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            s.db.sql("INSERT INTO t VALUES ('2024-07-01T12:00:00Z', 'a', 1)").close();
            String q = enc("SELECT timestamp, date_trunc('day', timestamp) AS d FROM t WHERE timestamp = '2024-07-01 14:00'");
            HttpResponse<String> utc = s.get("/api/v1/sql?q=" + enc("SELECT timestamp FROM t"));
            assertThat(JSON.readTree(utc.body()).get("rows").toString()).isEqualTo("[[\"2024-07-01T12:00:00Z\"]]");
            HttpResponse<String> paris = s.get("/api/v1/sql?timezone=Europe/Paris&q=" + q);
            assertThat(paris.statusCode()).as(paris.body()).isEqualTo(200);
            assertThat(JSON.readTree(paris.body()).get("rows").toString())
                    .isEqualTo("[[\"2024-07-01T14:00:00+02:00\",\"2024-07-01T00:00:00+02:00\"]]");
            HttpResponse<String> csv = s.get("/api/v1/sql?format=csv&timezone=Asia/Kathmandu&q=" + enc("SELECT timestamp FROM t"));
            assertThat(csv.body()).isEqualTo("timestamp\n2024-07-01 17:45:00+05:45\n");
            HttpResponse<String> bad = s.get("/api/v1/sql?timezone=Mars/Olympus&q=" + q);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("cannot set timezone to 'Mars/Olympus'")
                    .contains("'Europe/Paris'");
        }
    }
}
