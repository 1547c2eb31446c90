package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.exceptions.BadRequestException;
import com.influxdb.exceptions.ForbiddenException;
import com.influxdb.exceptions.UnauthorizedException;
import dev.sundial.QueryResult;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.TokenStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official InfluxDB v2 Java client ({@code com.influxdb:influxdb-client-java}, from Maven
 * Central, unchanged) writes through {@code /api/v2/write}: line-protocol strings and {@code Point}
 * objects, nanosecond and millisecond precision, gzip on and off, with {@code Authorization: Token};
 * a bad point surfaces as the client's own exception carrying our message, and nothing of that
 * request is written.
 */
class InfluxClientWriteTest {

    @TempDir
    Path dir;

    /** The real token store, as 'sundial token add' fills it: one write and one read token. */
    private TokenStore tokens;
    private String writer;
    private String reader;

    @BeforeEach
    void tokens() throws Exception {
        tokens = TokenStore.open(dir);
        writer = tokens.add("writer", Set.of(Scope.WRITE)).secret();
        reader = tokens.add("reader", Set.of(Scope.READ)).secret();
    }

    @AfterEach
    void closeTokens() {
        tokens.close();
    }

    private static InfluxDBClient client(TestServer s, String token) {
        return InfluxDBClientFactory.create(InfluxDBClientOptions.builder().url(s.server.uri().toString())
                .authenticateToken(token.toCharArray()).org("any-org").bucket("any-bucket").build());
    }

    @Test
    void stringsAndPointsInNanosecondAndMillisecondPrecisionWithAndWithoutGzipAreStored() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c, tokens); InfluxDBClient influx = client(s, writer)) {
            WriteApiBlocking w = influx.getWriteApiBlocking();
            w.writeRecord(WritePrecision.NS, "cpu,host=a usage=1.5,count=3i 1704067200000000001");
            w.writeRecords(WritePrecision.MS, List.of("cpu,host=a usage=2.5 1704067201000", "cpu,host=b usage=3.5 1704067201000"));
            influx.enableGzip();
            assertThat(influx.isGzipEnabled()).isTrue();
            w.writePoint(Point.measurement("cpu").addTag("host", "c").addField("usage", 4.5).addField("count", 7L)
                    .time(Instant.parse("2024-01-01T00:00:02.123456789Z"), WritePrecision.NS));
            w.writePoints(List.of(
                    Point.measurement("cpu").addTag("host", "d").addField("usage", 5.5).time(1704067203000L, WritePrecision.MS),
                    Point.measurement("mem").addTag("host", "d").addField("free", 1024L).addField("ok", true)
                            .addField("note", "a \"quoted\" note").time(1704067203000L, WritePrecision.MS)));
            assertThat(rows(s, "SELECT timestamp, host, usage, count FROM cpu ORDER BY timestamp, host")).containsExactly(
                    "2024-01-01T00:00:00.000000001Z a 1.5 3",
                    "2024-01-01T00:00:01Z a 2.5 null",
                    "2024-01-01T00:00:01Z b 3.5 null",
                    "2024-01-01T00:00:02.123456789Z c 4.5 7",
                    "2024-01-01T00:00:03Z d 5.5 null");
            assertThat(rows(s, "SELECT free, ok, note FROM mem")).containsExactly("1024 true a \"quoted\" note");
        }
    }

    @Test
    void aBadPointIsTheClientsBadRequestWithOurMessageAndNothingOfItsRequestIsWritten() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c, tokens); InfluxDBClient influx = client(s, writer)) {
            influx.enableGzip();
            WriteApiBlocking w = influx.getWriteApiBlocking();
            w.writeRecord(WritePrecision.NS, "cpu,host=a usage=1 1");
            assertThatThrownBy(() -> w.writeRecords(WritePrecision.NS, List.of("cpu,host=a usage=2 2", "cpu,host=a usage=\"text\" 3")))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("cannot write points: 1 bad line(s) of ")
                    .hasMessageContaining("nothing of this request was written")
                    .hasMessageContaining("line 2: cannot write field usage of table cpu: it is VARCHAR here but the column is DOUBLE");
            assertThatThrownBy(() -> w.writeRecord(WritePrecision.NS, "cpu,host=a usage=2 99999999999999999999"))
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("line 1");
            assertThat(rows(s, "SELECT count(*) FROM cpu")).containsExactly("1");
        }
    }

    @Test
    void anUnknownTokenIsTheClientsUnauthorizedAndAReadTokenItsForbidden() throws Exception {
        try (TestServer s = TestServer.start(dir, c -> c, tokens)) {
            try (InfluxDBClient stranger = client(s, "guess")) {
                assertThatThrownBy(() -> stranger.getWriteApiBlocking().writeRecord(WritePrecision.NS, "cpu,host=a usage=1 1"))
                        .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.status()).isEqualTo(401));
            }
            try (InfluxDBClient readOnly = client(s, reader)) {
                assertThatThrownBy(() -> readOnly.getWriteApiBlocking().writeRecord(WritePrecision.NS, "cpu,host=a usage=1 1"))
                        .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                            assertThat(e.status()).isEqualTo(403);
                            assertThat(e.getMessage()).contains("scope"); // our message reaches the client's user
                        });
            }
            assertThat(s.db.table("cpu")).isNull();
        }
    }

    private static List<String> rows(TestServer s, String sql) {
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
}
