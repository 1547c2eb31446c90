package dev.sundial.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundial.QueryResult;
import dev.sundial.server.TestServer;
import dev.sundial.server.auth.Authenticator;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableSchema;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/timeseries/{table}} through a real server: points land with the types a user
 * expects, a request is all or nothing, and every kind of bad input is a clear 4xx listing what
 * was wrong, with nothing written.
 */
class RestWriteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void pointsInEveryTimestampFormAreWrittenAndAcknowledgedWith204() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertThat(post(s, "/api/timeseries/cpu", """
                    {"timestamp": "2024-01-01T00:00:00Z", "tags": {"host": "a"},
                     "values": {"usage": 1.5, "count": 3, "ok": true, "note": "x", "gone": null}}""").statusCode()).isEqualTo(204);
            assertThat(post(s, "/api/timeseries/cpu", """
                    [{"timestamp": 1704067201000, "tags": {"host": "a"}, "values": {"usage": 2}},
                     {"timestamp": "2024-01-01T02:00:02+02:00", "tags": {"host": "a"}, "values": {"usage": 3}}]""")
                    .statusCode()).isEqualTo(204);
            assertThat(post(s, "/api/timeseries/cpu?precision=s", "{\"timestamp\": 1704067203.5, \"tags\": {\"host\": \"a\"},"
                    + " \"values\": {\"usage\": 4}}").statusCode()).isEqualTo(204);
            assertThat(post(s, "/api/timeseries/cpu?precision=ns", "{\"timestamp\": \"1704067204000000001\", \"tags\": {\"host\": \"a\"},"
                    + " \"values\": {\"usage\": 5}}").statusCode()).isEqualTo(204);
            assertThat(rows(s, "SELECT timestamp, usage FROM cpu ORDER BY timestamp")).containsExactly(
                    "2024-01-01T00:00:00Z 1.5", "2024-01-01T00:00:01Z 2.0", "2024-01-01T00:00:02Z 3.0",
                    "2024-01-01T00:00:03.500Z 4.0", "2024-01-01T00:00:04.000000001Z 5.0");
            TableSchema schema = s.db.table("cpu").schema();
            assertThat(type(schema, "usage")).isEqualTo(ColumnType.DOUBLE);
            assertThat(type(schema, "count")).as("a new column from a JSON integer is DOUBLE, as InfluxDB's unsuffixed numbers")
                    .isEqualTo(ColumnType.DOUBLE);
            assertThat(type(schema, "ok")).isEqualTo(ColumnType.BOOLEAN);
            assertThat(type(schema, "note")).isEqualTo(ColumnType.VARCHAR);
            assertThat(schema.valueIndex("gone")).as("null is no value: it creates no column").isLessThan(0);
            assertThat(rows(s, "SELECT count, ok, note FROM cpu WHERE timestamp = '2024-01-01T00:00:00Z'"))
                    .containsExactly("3.0 true x");
        }
    }

    @Test
    void theColumnDecidesWhatAJsonNumberBecomes() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.db.sql("CREATE TIMESERIES TABLE m (timestamp TIMESTAMP, host VARCHAR TAG, n BIGINT, v DOUBLE)").close();
            assertThat(post(s, "/api/timeseries/m", """
                    [{"timestamp": 1, "values": {"n": 3, "v": 3}},
                     {"timestamp": 2, "values": {"n": 4.0, "v": 9007199254740993}},
                     {"timestamp": 3, "values": {"n": 5e2, "v": -0.25}},
                     {"timestamp": 4, "values": {"n": -9223372036854775808}}]""").statusCode()).isEqualTo(204);
            assertThat(rows(s, "SELECT n, v FROM m ORDER BY timestamp")).containsExactly(
                    "3 3.0", "4 9.007199254740992E15", "500 -0.25", "-9223372036854775808 null");

            JsonNode bad = refused(post(s, "/api/timeseries/m", """
                    [{"timestamp": 10, "values": {"n": 3.5}},
                     {"timestamp": 11, "values": {"n": 9223372036854775808}},
                     {"timestamp": 12, "values": {"n": 1e19}},
                     {"timestamp": 13, "values": {"v": 1e999}},
                     {"timestamp": 14, "values": {"v": "1.5"}},
                     {"timestamp": 15, "values": {"v": true}},
                     {"timestamp": 16, "values": {"n": 1e999999999}},
                     {"timestamp": 17, "values": {"v": 1.5}}]"""), 7, 8);
            assertThat(reasons(bad)).containsExactly(
                    "0 values.n 3.5 is not an integer, and the column is BIGINT",
                    "1 values.n 9223372036854775808 is out of the BIGINT range (-9223372036854775808 to 9223372036854775807)",
                    "2 values.n 1e19 is out of the BIGINT range (-9223372036854775808 to 9223372036854775807)",
                    "3 values.v 1e999 is beyond the range of DOUBLE (about ±1.8e308)",
                    "4 values.v a string (numbers and booleans are not quoted) does not fit the column's type DOUBLE",
                    "5 values.v a boolean does not fit the column's type DOUBLE",
                    "6 values.n 1e999999999 is out of the BIGINT range (-9223372036854775808 to 9223372036854775807)");
            assertThat(count(s, "SELECT count(*) FROM m")).as("the good point 7 was not written either").isEqualTo(4);
        }
    }

    @Test
    void oneBadPointRefusesTheRequestAndEveryBadPointIsListed() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            post(s, "/api/timeseries/cpu", "{\"timestamp\": 0, \"tags\": {\"host\": \"a\"}, \"values\": {\"usage\": 1}}");
            JsonNode bad = refused(post(s, "/api/timeseries/cpu", """
                    [{"timestamp": 1, "tags": {"host": "a"}, "values": {"usage": 2}},
                     {"timestamp": 2, "tags": {"host": "a", "host": "b"}, "values": {"usage": 3}},
                     {"timestamp": 3, "tags": {"host": 12}, "values": {"usage": 3}},
                     {"timestamp": 4, "values": {"usage": {"avg": 1}}},
                     {"timestamp": 5, "values": {"usage": [1, 2]}},
                     {"timestamp": 6, "value": {"usage": 1}},
                     {"timestamp": 7, "values": {}},
                     {"timestamp": 8, "values": {"usage": null}},
                     {"timestamp": "yesterday", "values": {"usage": 1}},
                     {"timestamp": "2024-01-01T00:00:00", "values": {"usage": 1}},
                     {"timestamp": 99999999999999999, "values": {"usage": 1}},
                     {"timestamp": 1.0000005, "values": {"usage": 1}},
                     {"timestamp": 1, "timestamp": 2, "values": {"usage": 1}},
                     {"tags": {"usage": "x"}, "values": {"host": 1}},
                     "not a point",
                     {"values": {"note": "\\ud800"}},
                     {"timestamp": 9, "tags": {"host": "a"}, "values": {"usage": 4}}]"""), 15, 17);
            assertThat(reasons(bad)).containsExactly(
                    "1 tags.host duplicate key",
                    "2 tags.host a tag value is a string (write \"12\", not 12), not a number",
                    "3 values.usage a value is a number, string, boolean or null, not an object",
                    "4 values.usage a value is a number, string, boolean or null, not an array",
                    "5 value unknown key (a point has timestamp, tags and values)",
                    "6 values a point needs at least one value that is not null",
                    "7 values a point needs at least one value that is not null",
                    "8 timestamp cannot parse 'yesterday' as a timestamp: expected ISO-8601 with a UTC offset"
                            + " (2024-01-01T00:00:00Z, 2024-01-01T02:00:00+02:00) or epoch milliseconds",
                    "9 timestamp cannot parse '2024-01-01T00:00:00' as a timestamp: expected ISO-8601 with a UTC offset"
                            + " (2024-01-01T00:00:00Z, 2024-01-01T02:00:00+02:00) or epoch milliseconds",
                    "10 timestamp timestamp 99999999999999999 is outside the supported range 1678-01-01T00:00:00Z .. 2261-12-31T23:59:59.999999999Z",
                    "11 timestamp timestamp 1.0000005 milliseconds is not a whole number of nanoseconds",
                    "12 timestamp duplicate key",
                    "13 tags.usage 'usage' is a value column of table cpu, not a tag",
                    "14 null a point is a JSON object, not a string",
                    "15 values.note the text holds a lone UTF-16 surrogate (\\ud800 at character 0), which is not Unicode text");
            assertThat(bad.get("error").asText())
                    .isEqualTo("cannot write points to table cpu: 15 bad point(s) of 17; nothing of this request was written");
            assertThat(count(s, "SELECT count(*) FROM cpu")).isEqualTo(1);
        }
    }

    @Test
    void malformedBodiesAreClear400sThatWriteNothing() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            JsonNode syntax = refused(post(s, "/api/timeseries/cpu", "[{\"values\": {\"usage\": 1}},\n {\"values\": {\"usage\": 2,}}]"), 1, 2);
            assertThat(reasons(syntax)).hasSize(1);
            assertThat(reasons(syntax).get(0)).startsWith("1 null invalid JSON at line 2, column ");
            assertThat(reasons(refused(post(s, "/api/timeseries/cpu", ""), 1, 1)))
                    .containsExactly("0 null the body is empty: expected a point (a JSON object) or an array of points");
            assertThat(reasons(refused(post(s, "/api/timeseries/cpu", "42"), 1, 1)))
                    .containsExactly("0 null expected a point (a JSON object) or an array of points, not a number");
            assertThat(reasons(refused(post(s, "/api/timeseries/cpu", "{\"values\": {\"usage\": 1}}\n{\"values\": {\"usage\": 2}}"), 1, 1)).get(0))
                    .contains("unexpected data after the JSON value at line 2");
            assertThat(reasons(refused(post(s, "/api/timeseries/cpu", "{\"values\": {\"usage\": 1}"), 1, 1)).get(0))
                    .startsWith("0 null invalid JSON at line 1").contains("end-of-input");
            String deep = "{\"values\": {\"usage\": 1}, \"x\": " + "[".repeat(100) + "]".repeat(100) + "}";
            assertThat(reasons(refused(post(s, "/api/timeseries/cpu", deep), 1, 1)).get(0)).contains("nesting depth");

            byte[] latin1 = "{\"tags\": {\"host\": \"caf\u00e9\"}, \"values\": {\"usage\": 1}}".getBytes(StandardCharsets.ISO_8859_1);
            HttpResponse<String> notUtf8 = post(s, "/api/timeseries/cpu", latin1);
            assertThat(notUtf8.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(notUtf8.body()).get("error").asText()).startsWith("cannot read request body: not valid UTF-8");
            // "/" as the overlong pair C0 AF, which lenient UTF-8 decoders turn into a real "/"
            ByteArrayOutputStream overlong = new ByteArrayOutputStream();
            overlong.writeBytes("{\"tags\": {\"host\": \"a".getBytes(StandardCharsets.UTF_8));
            overlong.write(0xC0);
            overlong.write(0xAF);
            overlong.writeBytes("b\"}, \"values\": {\"usage\": 1}}".getBytes(StandardCharsets.UTF_8));
            byte[] withOverlong = overlong.toByteArray();
            HttpResponse<String> overlongAnswer = post(s, "/api/timeseries/cpu", withOverlong);
            assertThat(overlongAnswer.statusCode()).isEqualTo(400);
            assertThat(overlongAnswer.body()).contains("not valid UTF-8");

            HttpResponse<String> precision = post(s, "/api/timeseries/cpu?precision=fortnight", "{\"values\": {\"usage\": 1}}");
            assertThat(precision.statusCode()).isEqualTo(400);
            assertThat(precision.body()).contains("unknown precision").contains("fortnight");
            assertThat(s.db.table("cpu") == null || count(s, "SELECT count(*) FROM cpu") == 0).isTrue();
        }
    }

    @Test
    void withoutAutoCreateAnUnknownTableIs404AndAnUnknownColumnOrTagA400() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("ingest.auto_create", "false"), Authenticator.OPEN)) {
            HttpResponse<String> r = post(s, "/api/timeseries/nope", "{\"values\": {\"v\": 1}}");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("cannot write points to table nope: no such table"
                    + " (ingest.auto_create is off; create it with CREATE TIMESERIES TABLE)");
            s.db.sql("CREATE TIMESERIES TABLE m (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
            assertThat(reasons(refused(post(s, "/api/timeseries/m", """
                    [{"timestamp": 1, "tags": {"host": "a"}, "values": {"v": 1, "w": 2}},
                     {"timestamp": 2, "tags": {"rack": "r1"}, "values": {"v": 1}}]"""), 2, 2))).containsExactly(
                    "0 values.w table m has no column 'w' (auto-create is off)",
                    "1 tags.rack table m has no tag column 'rack' (auto-create is off)");
            assertThat(s.db.table("m").schema().valueIndex("w")).isLessThan(0);
            assertThat(post(s, "/api/timeseries/m", "{\"timestamp\": 1, \"tags\": {\"host\": \"a\"}, \"values\": {\"v\": 1}}")
                    .statusCode()).isEqualTo(204);
            assertThat(count(s, "SELECT count(*) FROM m")).isEqualTo(1);
        }
    }

    @Test
    void aPointWithoutTimestampGetsTheRequestTimeAndGzipBodiesAreInflated() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            long before = System.currentTimeMillis();
            HttpResponse<String> r = post(s, "/api/timeseries/cpu", gzip("[{\"values\": {\"usage\": 1}}, {\"timestamp\": null,"
                    + " \"tags\": {\"host\": \"b\"}, \"values\": {\"usage\": 2}}]"), "Content-Encoding", "gzip");
            long after = System.currentTimeMillis();
            assertThat(r.statusCode()).isEqualTo(204);
            List<String> times = rows(s, "SELECT timestamp FROM cpu");
            assertThat(times).hasSize(2);
            for (String t : times) {
                assertThat(Instant.parse(t).toEpochMilli()).isBetween(before, after);
            }
            assertThat(times.get(0)).as("one arrival time for the whole request").isEqualTo(times.get(1));
            HttpResponse<String> truncated = post(s, "/api/timeseries/cpu", java.util.Arrays.copyOf(gzip("{\"values\": {\"usage\": 1}}"),
                    20), "Content-Encoding", "gzip");
            assertThat(truncated.statusCode()).isEqualTo(400);
            assertThat(count(s, "SELECT count(*) FROM cpu")).isEqualTo(2);
        }
    }

    @Test
    void bodiesAndPointCountsPastTheLimitsAre413() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c.set("limits.max_body_bytes", "2000")
                .set("limits.max_lines_per_request", "5"), Authenticator.OPEN)) {
            String six = "[" + String.join(",", java.util.Collections.nCopies(6, "{\"values\": {\"usage\": 1}}")) + "]";
            HttpResponse<String> many = post(s, "/api/timeseries/cpu", six);
            assertThat(many.statusCode()).isEqualTo(413);
            assertThat(many.body()).contains("more than 5 points").contains("limits.max_lines_per_request");
            String big = "{\"values\": {\"note\": \"" + "x".repeat(3000) + "\"}}";
            HttpResponse<String> large = post(s, "/api/timeseries/cpu", big);
            assertThat(large.statusCode()).isEqualTo(413);
            assertThat(large.body()).contains("limits.max_body_bytes");
            assertThat(s.db.table("cpu") == null || count(s, "SELECT count(*) FROM cpu") == 0).isTrue();
        }
    }

    static HttpResponse<String> post(TestServer s, String path, String body, String... headers) throws Exception {
        return s.post(path, body, headers);
    }

    static HttpResponse<String> post(TestServer s, String path, byte[] body, String... headers) throws Exception {
        return s.post(path, body, headers);
    }

    private static JsonNode refused(HttpResponse<String> r, int badPoints, int points) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("bad_points").asLong()).as(r.body()).isEqualTo(badPoints);
        assertThat(j.get("error").asText()).contains(badPoints + " bad point(s) of " + points);
        return j;
    }

    /** "index field reason" per listed point. */
    private static List<String> reasons(JsonNode refused) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : refused.get("points")) {
            out.add(p.get("index").asLong() + " " + (p.get("field").isNull() ? "null" : p.get("field").asText()) + " "
                    + p.get("reason").asText());
        }
        return out;
    }

    private static ColumnType type(TableSchema schema, String column) {
        return schema.value(schema.valueIndex(column)).type();
    }

    static List<String> rows(TestServer s, String sql) {
        List<String> out = new ArrayList<>();
        try (QueryResult r = s.db.sql(sql)) {
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < r.columns().size(); c++) {
                    b.append(c == 0 ? "" : " ").append(r.getObject(c));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    static long count(TestServer s, String sql) {
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
