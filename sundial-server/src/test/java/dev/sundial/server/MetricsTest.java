package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.server.auth.Authenticator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a real server over a real database: the figures move exactly as the
 * requests made, and the text is valid Prometheus exposition format.
 */
class MetricsTest {
    private static final String GOOD_V1 = "cpu,host=a usage=1,idle=2 1700000000000000000\ncpu,host=b usage=3,idle=4 1700000000000000000\n";
    private static final String GOOD_V2 = "cpu,host=c usage=5 1700000000\n";
    private static final String BAD = "cpu,host=a usage=abc 1\ncpu,host=a usage=1 2\ncpu host\n";

    @TempDir
    Path dir;

    private static ExpositionText scrape(TestServer s) throws Exception {
        HttpResponse<String> r = s.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return ExpositionText.parse(r.body());
    }

    private static HttpResponse<String> sql(TestServer s, String q) throws Exception {
        return s.get("/api/v1/sql?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    @Test
    void ingestQueriesAndHttpRequestsAreCountedExactly() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.post("/write?precision=ns", GOOD_V1).statusCode()).isEqualTo(204);
            assertThat(s.post("/api/v2/write?bucket=b&org=o&precision=s", GOOD_V2).statusCode()).isEqualTo(204);
            assertThat(s.post("/write", BAD).statusCode()).isEqualTo(400);
            assertThat(sql(s, "SELECT count(*) FROM cpu").statusCode()).isEqualTo(200);
            assertThat(sql(s, "SELECT host FROM cpu WHERE usage > 2").statusCode()).isEqualTo(200);
            assertThat(sql(s, "SELEC 1").statusCode()).isEqualTo(400);
            assertThat(sql(s, "SELECT no_such_column FROM cpu").statusCode()).isEqualTo(400);
            assertThat(s.get("/no/such/endpoint").statusCode()).isEqualTo(404);

            ExpositionText m = scrape(s);
            assertThat(m.value("sundial_ingest_rows_total")).isEqualTo(3);
            assertThat(m.value("sundial_ingest_points_total")).isEqualTo(5);
            assertThat(m.value("sundial_ingest_bytes_total")).isEqualTo(GOOD_V1.length() + GOOD_V2.length());
            assertThat(m.value("sundial_ingest_requests_total")).isEqualTo(2);
            assertThat(m.value("sundial_ingest_bad_lines_total")).isEqualTo(2);
            assertThat(m.value("sundial_ingest_refused_requests_total")).isEqualTo(1);

            assertThat(m.value("sundial_queries_total", "protocol", "http", "kind", "select", "outcome", "ok")).isEqualTo(2);
            assertThat(m.value("sundial_queries_total", "protocol", "http", "kind", "unparsed", "outcome", "error"))
                    .as("a syntax error fails before the statement has a kind").isEqualTo(1);
            assertThat(m.value("sundial_queries_total", "protocol", "http", "kind", "select", "outcome", "error"))
                    .as("an unknown column fails a parsed SELECT").isEqualTo(1);
            assertThat(m.value("sundial_query_duration_seconds_count", "protocol", "http", "kind", "select")).isEqualTo(3);
            assertThat(m.value("sundial_query_duration_seconds_sum", "protocol", "http", "kind", "select")).isPositive();

            assertThat(m.value("sundial_http_requests_total", "route", "/write", "method", "POST", "status", "204")).isEqualTo(1);
            assertThat(m.value("sundial_http_requests_total", "route", "/write", "method", "POST", "status", "400")).isEqualTo(1);
            assertThat(m.value("sundial_http_requests_total", "route", "/api/v2/write", "method", "POST", "status", "204")).isEqualTo(1);
            assertThat(m.value("sundial_http_requests_total", "route", "/api/v1/sql", "method", "GET", "status", "200")).isEqualTo(2);
            assertThat(m.value("sundial_http_requests_total", "route", "/api/v1/sql", "method", "GET", "status", "400")).isEqualTo(2);
            assertThat(m.value("sundial_http_requests_total", "route", "other", "method", "GET", "status", "404")).isEqualTo(1);
            assertThat(m.sum("sundial_http_requests_total", "route", "/metrics"))
                    .as("a scrape is counted once it is answered, so the first does not see itself").isZero();
            assertThat(m.value("sundial_http_request_duration_seconds_count", "route", "/write")).isEqualTo(2);
            assertThat(m.value("sundial_http_request_duration_seconds_count", "route", "/api/v1/sql")).isEqualTo(4);
            assertThat(m.value("sundial_http_connections")).as("at least this scrape's own connection").isGreaterThanOrEqualTo(1);

            assertThat(scrape(s).value("sundial_http_requests_total", "route", "/metrics", "method", "GET", "status", "200"))
                    .isEqualTo(1);
        }
    }

    @Test
    void walHeadStorageAndMaintenanceFollowWritesAndAFlush() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.post("/write?precision=ns", GOOD_V1);
            s.post("/api/v2/write?bucket=b&precision=s", GOOD_V2);

            ExpositionText before = scrape(s);
            assertThat(before.value("sundial_wal_appends_total")).as("one record per accepted request").isEqualTo(2);
            assertThat(before.value("sundial_wal_appended_bytes_total")).isGreaterThan(GOOD_V2.length());
            assertThat(before.value("sundial_wal_fsyncs_total")).as("wal.sync=batch fsyncs before acknowledging").isGreaterThanOrEqualTo(1);
            assertThat(before.value("sundial_wal_fsync_duration_seconds_count")).isEqualTo(before.value("sundial_wal_fsyncs_total"));
            assertThat(before.value("sundial_wal_bytes")).isPositive();
            assertThat(before.value("sundial_wal_segments")).isGreaterThanOrEqualTo(1);
            assertThat(before.value("sundial_tables")).isEqualTo(1);
            assertThat(before.value("sundial_head_series", "table", "cpu")).isEqualTo(3);
            assertThat(before.value("sundial_head_bytes", "table", "cpu")).isPositive();
            assertThat(before.sum("sundial_storage_segments", "table", "cpu")).as("nothing flushed yet").isZero();
            assertThat(before.sum("sundial_storage_partitions", "table", "cpu")).as("the head's partition").isEqualTo(1);

            s.db.flush();
            ExpositionText after = scrape(s);
            assertThat(after.value("sundial_head_series", "table", "cpu")).isZero();
            assertThat(after.value("sundial_head_bytes", "table", "cpu")).isZero();
            assertThat(after.sum("sundial_storage_segments", "table", "cpu")).as("one partition, one segment").isEqualTo(1);
            assertThat(after.sum("sundial_storage_partitions", "table", "cpu")).isEqualTo(1);
            assertThat(after.sum("sundial_storage_bytes", "table", "cpu")).isPositive();
            assertThat(after.value("sundial_storage_segments", "table", "cpu", "tier", "hot")
                    + after.value("sundial_storage_segments", "table", "cpu", "tier", "warm")
                    + after.value("sundial_storage_segments", "table", "cpu", "tier", "cold")).isEqualTo(1);
            double flushes = after.value("sundial_maintenance_runs_total", "task", "flush", "outcome", "ok");
            assertThat(flushes).isGreaterThanOrEqualTo(1);
            assertThat(after.value("sundial_maintenance_run_duration_seconds_count", "task", "flush"))
                    .isEqualTo(flushes + after.value("sundial_maintenance_runs_total", "task", "flush", "outcome", "error"));
            assertThat(after.value("sundial_wal_bytes")).as("the flush checkpointed the WAL")
                    .isLessThanOrEqualTo(before.value("sundial_wal_bytes"));

            // rollups are built up to the bucket of the newest flushed row: give them an hour before it
            s.post("/write?precision=s", "cpu,host=a usage=7 1699996400\n");
            s.db.flush();
            s.db.maintenance().runAllPending(); // rollups (and whatever else is due) through the scheduler
            ExpositionText built = scrape(s);
            assertThat(built.value("sundial_maintenance_runs_total", "task", "rollup", "outcome", "ok")).isGreaterThanOrEqualTo(1);
            assertThat(built.sum("sundial_rollup_segments", "table", "cpu")).isGreaterThanOrEqualTo(1);
            assertThat(built.sum("sundial_rollup_cells", "table", "cpu")).isPositive();
            assertThat(built.sum("sundial_rollup_bytes", "table", "cpu")).isPositive();
        }
    }

    @Test
    void theTextIsValidExpositionFormatWithHelpAndTypeForEveryFamily() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.post("/write", GOOD_V1);
            sql(s, "SELECT count(*) FROM cpu");
            s.db.flush();
            String text = s.get("/metrics").body();
            ExpositionText m = ExpositionText.parse(text); // fails on any malformed line
            assertThat(m.samples).hasSizeGreaterThan(50);
            for (String family : m.type.keySet()) {
                assertThat(m.help).as("HELP of %s", family).containsKey(family);
                if (family.startsWith("sundial_")) {
                    switch (m.type.get(family)) {
                        case "counter" -> assertThat(family).endsWith("_total");
                        case "histogram" -> assertThat(family).endsWith("_seconds");
                        default -> assertThat(family).doesNotEndWith("_total");
                    }
                }
            }
            assertThat(m.type).containsEntry("sundial_wal_fsync_duration_seconds", "histogram")
                    .containsEntry("sundial_query_duration_seconds", "histogram")
                    .containsEntry("sundial_http_request_duration_seconds", "histogram")
                    .containsEntry("sundial_maintenance_run_duration_seconds", "histogram")
                    .containsEntry("sundial_head_bytes", "gauge")
                    .containsEntry("jvm_memory_used_bytes", "gauge");
            assertThat(m.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
            // the reader itself refuses what is not the format
            assertThatThrownBy(() -> ExpositionText.parse("# HELP x y\n# TYPE x gauge\nx{a=\"b\"}1\n")).hasMessageContaining("line 3");
            assertThatThrownBy(() -> ExpositionText.parse("x 1\n")).hasMessageContaining("no TYPE");
        }
    }

    @Test
    void whileTheDatabaseIsOpeningTheServerStillAnswersWithoutTheDatabaseMetrics() throws Exception {
        ServerConfig config = ServerSettings.defaults().set("data_dir", dir.toString()).set("http.port", "0").set("pg.port", "0").toConfig();
        try (SundialServer server = SundialServer.start(config, Authenticator.OPEN)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> write = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/write"))
                    .POST(HttpRequest.BodyPublishers.ofString(GOOD_V2)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(write.statusCode()).isEqualTo(503);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            ExpositionText m = ExpositionText.parse(r.body());
            assertThat(m.type).doesNotContainKeys("sundial_wal_appends_total", "sundial_tables", "sundial_maintenance_runs_total");
            assertThat(m.value("sundial_ingest_rows_total")).isZero();
            assertThat(m.value("sundial_http_requests_total", "route", "/write", "method", "POST", "status", "503")).isEqualTo(1);
        }
    }

    @Test
    void openMetricsIsServedWhenTheScraperAsksForIt() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            HttpResponse<String> r = s.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
            assertThat(r.body()).contains("# TYPE sundial_ingest_rows counter").endsWith("# EOF\n");
        }
    }

    @Test
    void pathsAndMethodsAClientMakesUpNeverBecomeLabelValues() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.get("/made-up-path-4711");
            s.get("/api/v1/sql?q=" + URLEncoder.encode("SELECT 'secret-literal-99'", StandardCharsets.UTF_8));
            HttpResponse<String> odd = s.client.send(HttpRequest.newBuilder(s.uri("/write")).method("BREW", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(odd.statusCode()).isGreaterThanOrEqualTo(400);
            ExpositionText m = scrape(s);
            assertThat(m.labelValues()).noneMatch(v -> v.contains("4711") || v.contains("secret") || v.contains("BREW"));
            assertThat(m.value("sundial_http_requests_total", "route", "other", "method", "GET", "status", "404")).isEqualTo(1);
            assertThat(m.sum("sundial_http_requests_total", "method", "other")).isEqualTo(1);
        }
    }
}
