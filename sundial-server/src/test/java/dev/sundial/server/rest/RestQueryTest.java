package dev.sundial.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundial.DataPoint;
import dev.sundial.Table;
import dev.sundial.server.TestServer;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/timeseries/{table}/query} through a real server over known data: the values are
 * the data's, the answer names the rollup level read (raw, then the level once built, with the
 * same values), grouping and filtering select what they say, and bad parameters are clear 4xx.
 */
class RestQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long MINUTE = 60_000_000_000L;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final String RANGE = "start=2024-01-01T00:00:00Z&end=2024-01-03T00:00:00Z";

    @TempDir
    Path dir;

    /** Hosts a, b (region eu) and c (region us), every minute for two days; usage = minute of the day + 1000 × host. */
    private static Table load(TestServer s) throws Exception {
        Table t = s.db.createTable(TableSchema.builder("cpu").tag("host").tag("region").value("usage", ColumnType.DOUBLE)
                .value("note", ColumnType.VARCHAR).build(), TableOptions.DEFAULTS);
        List<DataPoint> batch = new ArrayList<>();
        String[] hosts = {"a", "b", "c"};
        for (int h = 0; h < 3; h++) {
            for (long ts = T0; ts < T0 + 2 * 1440 * MINUTE; ts += MINUTE) {
                batch.add(DataPoint.at(ts).tag("host", hosts[h]).tag("region", h < 2 ? "eu" : "us")
                        .field("usage", (ts - T0) / MINUTE % 1440 + h * 1000.0).build());
            }
        }
        t.insert(batch);
        return t;
    }

    @Test
    void hourlyAveragesPerHostAreReadRawThenFromTheRollupLevelWithTheSameValues() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            load(s);
            JsonNode raw = ok(s, "/api/timeseries/cpu/query?" + RANGE + "&interval=1h&agg=avg&group_by=host");
            assertThat(raw.get("table").asText()).isEqualTo("cpu");
            assertThat(raw.get("column").asText()).isEqualTo("usage");
            assertThat(raw.get("interval").asText()).isEqualTo("1h");
            assertThat(raw.get("agg").asText()).isEqualTo("avg");
            assertThat(raw.get("start").asText()).isEqualTo("2024-01-01T00:00:00Z");
            assertThat(raw.get("level").asText()).isEqualTo("raw");
            JsonNode series = raw.get("series");
            assertThat(series).hasSize(3);
            assertThat(series.get(0).get("tags").toString()).isEqualTo("{\"host\":\"a\"}");
            assertThat(series.get(2).get("tags").toString()).isEqualTo("{\"host\":\"c\"}");
            assertThat(series.get(0).get("points")).hasSize(48);
            assertThat(series.get(0).get("points").get(0).toString()).isEqualTo("[\"2024-01-01T00:00:00Z\",29.5]");
            assertThat(series.get(0).get("points").get(25).toString()).isEqualTo("[\"2024-01-02T01:00:00Z\",89.5]");
            assertThat(series.get(2).get("points").get(0).toString()).isEqualTo("[\"2024-01-01T00:00:00Z\",2029.5]");

            s.db.flush();
            s.db.buildRollups();
            JsonNode rolled = ok(s, "/api/timeseries/cpu/query?" + RANGE + "&interval=" + enc("1 hour") + "&agg=avg&group_by=host");
            assertThat(rolled.get("level").asText()).isEqualTo("1h");
            assertThat(rolled.get("interval").asText()).isEqualTo("1h");
            assertThat(rolled.get("series")).isEqualTo(series);
            assertThat(ok(s, "/api/timeseries/cpu/query?" + RANGE + "&interval=5m&agg=max").get("level").asText()).isEqualTo("5m");
            assertThat(ok(s, "/api/timeseries/cpu/query?" + RANGE + "&agg=sum").get("level").asText()).isEqualTo("1d");
        }
    }

    @Test
    void withoutIntervalOneValuePerGroupAndGroupingAndFilteringSelectWhatTheySay() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            load(s);
            JsonNode all = ok(s, "/api/timeseries/cpu/query?" + RANGE + "&agg=count");
            assertThat(all.get("interval").isNull()).isTrue();
            assertThat(all.get("series").toString())
                    .isEqualTo("[{\"tags\":{},\"points\":[[\"2024-01-01T00:00:00Z\"," + 3 * 2880 + "]]}]");
            JsonNode perSeries = ok(s, "/api/timeseries/cpu/query?" + RANGE + "&agg=max&group_by=*");
            assertThat(perSeries.get("series").get(2).toString())
                    .isEqualTo("{\"tags\":{\"host\":\"c\",\"region\":\"us\"},\"points\":[[\"2024-01-01T00:00:00Z\",3439]]}");
            assertThat(groups(s, "&group_by=host&where=region=eu")).containsExactly("a", "b");
            assertThat(groups(s, "&group_by=host&where=" + enc("host=~a|c"))).containsExactly("a", "c");
            assertThat(groups(s, "&group_by=host&where=" + enc("region != eu"))).containsExactly("c");
            assertThat(groups(s, "&group_by=host&where=" + enc("region=\"eu\", host!=a"))).containsExactly("b");
            assertThat(groups(s, "&group_by=region,host&where=region=nowhere")).isEmpty();
            JsonNode p50 = ok(s, "/api/timeseries/cpu/query?" + RANGE + "&agg=p50&group_by=host&where=host=a");
            assertThat(p50.get("series").get(0).get("points").get(0).get(1).asDouble()).isBetween(715.0, 724.0);
            JsonNode q = ok(s, "/api/timeseries/cpu/query?" + RANGE + "&agg=percentile:1&group_by=host&where=host=a&field=usage");
            assertThat(q.get("series").get(0).get("points").get(0).get(1).asDouble()).isEqualTo(1439.0);
            JsonNode notes = ok(s, "/api/timeseries/cpu/query?" + RANGE + "&agg=count&column=note");
            assertThat(notes.get("series").get(0).get("points").get(0).get(1).asLong()).isZero();
        }
    }

    @Test
    void startAndEndTakeEpochNumbersDatesAndTimesRelativeToNow() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            load(s);
            long ms = T0 / 1_000_000;
            JsonNode epoch = ok(s, "/api/timeseries/cpu/query?start=" + ms + "&end=" + (ms + 3_600_000) + "&agg=count");
            assertThat(epoch.get("series").get(0).get("points").get(0).get(1).asLong()).isEqualTo(180);
            JsonNode seconds = ok(s, "/api/timeseries/cpu/query?precision=s&start=" + ms / 1000 + "&end=" + (ms / 1000 + 60) + "&agg=count");
            assertThat(seconds.get("series").get(0).get("points").get(0).get(1).asLong()).isEqualTo(3);
            JsonNode offset = ok(s, "/api/timeseries/cpu/query?start=2024-01-01T02:00:00+02:00&end=2024-01-01T01:00:00Z&agg=count");
            assertThat(offset.get("start").asText()).as("an unencoded + arrives as a space").isEqualTo("2024-01-01T00:00:00Z");
            assertThat(offset.get("series").get(0).get("points").get(0).get(1).asLong()).isEqualTo(180);
            JsonNode dates = ok(s, "/api/timeseries/cpu/query?start=2024-01-02&end=2024-01-03&agg=count");
            assertThat(dates.get("start").asText()).isEqualTo("2024-01-02T00:00:00Z");
            assertThat(dates.get("series").get(0).get("points").get(0).get(1).asLong()).isEqualTo(3 * 1440);

            long now = System.currentTimeMillis() * 1_000_000L;
            s.db.table("cpu").insert(DataPoint.at(now - 30 * MINUTE).tag("host", "a").field("usage", 7.0).build());
            assertThat(ok(s, "/api/timeseries/cpu/query?start=-1h&agg=max").get("series").get(0).get("points").get(0).get(1)
                    .asDouble()).isEqualTo(7.0);
            assertThat(ok(s, "/api/timeseries/cpu/query?start=now-2h&end=now-" + enc("1 hour") + "&agg=avg").get("series")).isEmpty();
            assertThat(ok(s, "/api/timeseries/cpu/query?start=-1h&end=now+5m&agg=count").get("end").asText())
                    .isGreaterThan(Instant.now().toString().substring(0, 19));
            assertThat(ok(s, "/api/timeseries/cpu/query?start=now-1y&end=now&agg=count").get("series").get(0).get("points")
                    .get(0).get(1).asLong()).isEqualTo(1);
        }
    }

    @Test
    void badParametersAreClear4xx() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            load(s);
            String q = "/api/timeseries/cpu/query?" + RANGE;
            refused(s, "/api/timeseries/nope/query", 404, "cannot query table nope: no such table");
            refused(s, q + "&column=temp", 400, "cannot aggregate column temp of table cpu: no such value column");
            refused(s, q + "&column=note", 400, "cannot aggregate column note of table cpu with avg: it is VARCHAR");
            refused(s, q + "&column=usage&field=note", 400, "column=usage and field=note disagree");
            refused(s, q + "&interval=5%20lightyears", 400, "cannot use interval=5 lightyears: cannot parse interval '5 lightyears': unknown unit");
            refused(s, q + "&interval=1mo", 400, "months and years are calendar units");
            refused(s, q + "&interval=0s", 400, "it is zero");
            refused(s, q + "&agg=median", 400, "cannot use aggregation 'median': unknown (known: min, max, avg, sum, count, first,"
                    + " last, p50, p90, p99, percentile:Q)");
            refused(s, q + "&agg=percentile:2", 400, "q must be in [0, 1]");
            refused(s, "/api/timeseries/cpu/query?start=2024-01-03T00:00:00Z&end=2024-01-01T00:00:00Z", 400,
                    "[start=2024-01-03T00:00:00Z, end=2024-01-01T00:00:00Z]: start is after end");
            refused(s, "/api/timeseries/cpu/query?start=yesterday", 400, "cannot use start=yesterday: expected ISO-8601");
            refused(s, "/api/timeseries/cpu/query?start=99999999999999999999", 400, "outside the supported range");
            refused(s, "/api/timeseries/cpu/query?start=-1parsec", 400, "unknown unit 'parsec'");
            refused(s, "/api/timeseries/cpu/query?interval=1s&start=2024-01-01T00:00:00Z&end=2024-01-04T00:00:00Z", 400,
                    "too many points (the range holds 259201 buckets of 1s; at most 200000 per answer)");
            refused(s, q + "&group_by=rack", 400, "cannot group table cpu by rack: no such tag column");
            refused(s, q + "&group_by=host,,region", 400, "an empty tag name");
            refused(s, q + "&group_by=host,host", 400, "tag host is listed twice");
            refused(s, q + "&where=rack=1", 400, "cannot filter table cpu by rack: no such tag column");
            refused(s, q + "&where=" + enc("host"), 400, "cannot use where=host: expected =, != or =~ at character 5");
            refused(s, q + "&where=" + enc("host=a,"), 400, "expected a tag name at character 8");
            refused(s, q + "&where=" + enc("host=\"a"), 400, "unterminated quoted string");
            refused(s, q + "&where=" + enc("host=~(a"), 400, "invalid regular expression for host");
            refused(s, q + "&precision=fortnight", 400, "unknown precision");
            s.db.table("cpu").addColumn("idle", ColumnType.DOUBLE);
            refused(s, q, 400, "cannot query table cpu: it has several value columns [usage, idle]; choose one with column=");
        }
    }

    private static List<String> groups(TestServer s, String params) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode series : ok(s, "/api/timeseries/cpu/query?" + RANGE + "&agg=count" + params).get("series")) {
            out.add(series.get("tags").get("host").asText());
            assertThat(series.get("points").get(0).get(1).asLong()).isEqualTo(2880);
        }
        return out;
    }

    static JsonNode ok(TestServer s, String path) throws Exception {
        HttpResponse<String> r = s.get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    private static void refused(TestServer s, String path, int status, String message) throws Exception {
        HttpResponse<String> r = s.get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).get("error").asText()).as(path).contains(message);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
