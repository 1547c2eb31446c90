package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundial.QueryResult;
import dev.sundial.server.auth.Authenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/tables} and {@code GET /api/v1/status}: the facts the console shows, checked against what was written. */
class ConsoleEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2 rows of cpu (3 points), 1 row of mem (2 points); 2024-01-01T00:00:00Z and one minute later. */
    private static final String CPU = "cpu,host=a,region=eu usage=1.5,idle=98i 1704067200000000000\n"
            + "cpu,host=b,region=eu usage=2.5 1704067260000000000\n";
    private static final String MEM = "mem,host=a used=10i,free=20i 1704067200000000000\n";

    @TempDir
    Path dir;

    @Test
    void tablesListEveryTableWithColumnsOptionsAndFigures() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.post("/write", CPU).statusCode()).isEqualTo(204);
            assertThat(s.post("/write", MEM).statusCode()).isEqualTo(204);

            JsonNode live = tables(s);
            JsonNode cpu = live.get(0);
            assertThat(names(live)).containsExactly("cpu", "mem");
            assertThat(cpu.get("rows").asLong()).isEqualTo(2);
            assertThat(cpu.get("points").asLong()).isEqualTo(3);
            assertThat(cpu.get("series").asLong()).isEqualTo(2);
            assertThat(cpu.get("head_rows").asLong()).isEqualTo(2); // not flushed yet: in memory only
            assertThat(cpu.get("timestamp_column").asText()).isEqualTo("timestamp");
            List<String> columns = new ArrayList<>();
            for (JsonNode c : cpu.get("columns")) {
                columns.add(c.get("name").asText() + ":" + c.get("type").asText() + ":" + c.get("kind").asText() + ":"
                        + c.get("tag").asBoolean());
            }
            assertThat(columns).containsExactly("timestamp:TIMESTAMP:timestamp:false", "host:VARCHAR:tag:true",
                    "region:VARCHAR:tag:true", "usage:DOUBLE:value:false", "idle:BIGINT:value:false");
            assertThat(optionsOf(cpu)).isEqualTo(describeOptions(s, "cpu"));
            assertThat(optionsOf(cpu)).containsEntry("cold_after", "none").containsKey("partition_by");
            assertThat(live.get(1).get("points").asLong()).isEqualTo(2);

            s.db.flush();
            s.db.buildRollups();
            JsonNode flushed = tables(s).get(0);
            assertThat(flushed.get("head_rows").asLong()).isZero();
            assertThat(flushed.get("rows").asLong()).isEqualTo(2);
            assertThat(flushed.get("points").asLong()).isEqualTo(3);
            long bytes = flushed.get("bytes").asLong();
            assertThat(bytes).isPositive();
            assertThat(flushed.get("bytes_per_point").asDouble()).isEqualTo((double) bytes / 3);
            long tierBytes = 0;
            long tierRows = 0;
            long tierPartitions = 0;
            for (String tier : List.of("hot", "warm", "cold")) { // 2024 data: warm by age, unless hot_for says otherwise
                tierBytes += flushed.get("tiers").get(tier).get("bytes").asLong();
                tierRows += flushed.get("tiers").get(tier).get("rows").asLong();
                tierPartitions += flushed.get("tiers").get(tier).get("partitions").asLong();
            }
            assertThat(tierBytes).isPositive().isLessThanOrEqualTo(bytes);
            assertThat(tierRows).isEqualTo(2);
            assertThat(tierPartitions).isEqualTo(1);
            assertThat(flushed.get("tiers").get("cold").get("bytes").asLong()).isZero();
            JsonNode levels = flushed.get("levels");
            assertThat(fieldNames(levels)).containsExactly("1m", "5m", "1h", "1d");
            assertThat(levels.get("1m").get("bytes").asLong()).isPositive();
            // a level is built up to the bucket of the newest flushed row (00:01): the 00:00 cell of host a
            assertThat(levels.get("1m").get("rows").asLong()).isEqualTo(1);
            assertThat(levels.get("1m").get("built_through").asText()).isEqualTo("2024-01-01T00:01:00Z");
            assertThat(levels.get("5m").get("built_through").isNull()).isTrue();
            assertThat(levels.get("5m").get("bytes").asLong()).isZero();
        }
    }

    @Test
    void tablesOfAnEmptyDatabaseIsAnEmptyList() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            HttpResponse<String> r = s.get("/api/v1/tables");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(JSON.readTree(r.body()).get("tables").size()).isZero();
        }
    }

    @Test
    void statusCountsWhatWasIngestedAndWhatIsStored() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.post("/write", CPU).statusCode()).isEqualTo(204);
            assertThat(s.post("/api/v2/write?bucket=b", MEM).statusCode()).isEqualTo(204);
            assertThat(s.post("/write", "cpu,host=a usage=oops 1\n").statusCode()).isEqualTo(400); // refused: not counted

            JsonNode st = status(s);
            assertThat(st.get("version").asText()).isEqualTo(BuildInfo.version()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(st.get("uptime_s").asDouble()).isPositive();
            assertThat(st.get("ready").asBoolean()).isTrue();
            JsonNode in = st.get("ingest");
            assertThat(in.get("rows").asLong()).isEqualTo(3);
            assertThat(in.get("points").asLong()).isEqualTo(5);
            assertThat(in.get("requests").asLong()).isEqualTo(2);
            assertThat(in.get("bytes").asLong()).isEqualTo(CPU.getBytes(StandardCharsets.UTF_8).length + MEM.length());
            JsonNode stored = st.get("stored");
            assertThat(stored.get("tables").asLong()).isEqualTo(2);
            assertThat(stored.get("points").asLong()).isEqualTo(5);
            assertThat(stored.get("rows").asLong()).isEqualTo(3);
            assertThat(stored.get("head_rows").asLong()).isEqualTo(3);
            assertThat(st.get("queries_running").asInt()).isZero();

            s.db.flush();
            Thread.sleep(1100); // past the one-second reuse of the stored figures
            JsonNode later = status(s);
            assertThat(later.get("uptime_s").asDouble()).isGreaterThan(st.get("uptime_s").asDouble() + 1);
            JsonNode after = later.get("stored");
            assertThat(after.get("points").asLong()).isEqualTo(5);
            assertThat(after.get("head_rows").asLong()).isZero();
            assertThat(after.get("bytes").asLong()).isPositive();
            assertThat(after.get("bytes_per_point").asDouble()).isEqualTo(after.get("bytes").asDouble() / 5);
        }
    }

    @Test
    void statusAnswersWhileTheDatabaseIsStillOpeningAndTablesSays503() throws Exception {
        ServerConfig config = ServerSettings.defaults().set("data_dir", dir.toString()).set("http.port", "0").set("pg.port", "0").toConfig();
        try (SundialServer server = SundialServer.start(config, Authenticator.OPEN)) {
            HttpClient c = HttpClient.newHttpClient();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode st = JSON.readTree(r.body());
            assertThat(st.get("ready").asBoolean()).isFalse();
            assertThat(st.get("stored").isNull()).isTrue();
            assertThat(st.get("ingest").get("points").asLong()).isZero();
            HttpResponse<String> t = c.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/tables")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(t.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(t.body()).get("error").asText()).contains("still opening");
        }
    }

    private static JsonNode tables(TestServer s) throws Exception {
        HttpResponse<String> r = s.get("/api/v1/tables");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("tables");
    }

    private static JsonNode status(TestServer s) throws Exception {
        HttpResponse<String> r = s.get("/api/v1/status");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return JSON.readTree(r.body());
    }

    private static List<String> names(JsonNode tables) {
        List<String> out = new ArrayList<>();
        tables.forEach(t -> out.add(t.get("name").asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Map<String, String> optionsOf(JsonNode table) {
        Map<String, String> m = new LinkedHashMap<>();
        table.get("options").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** The options DESCRIBE lists (rows of kind "option": name and value). */
    private static Map<String, String> describeOptions(TestServer s, String table) {
        Map<String, String> m = new LinkedHashMap<>();
        try (QueryResult r = s.db.sql("DESCRIBE " + table)) {
            while (r.next()) {
                if (r.getString(2).equals("option")) {
                    m.put(r.getString(0), r.getString(1));
                }
            }
        }
        return m;
    }
}
