package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.QueryResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Jazzer target for the HTTP line-protocol path, through the real server: any body (raw or gzip,
 * with any precision text) ends in 204 or a clean 4xx, never a 500; and a refused request leaves
 * the stored row count as it was. Under plain {@code mvn test} it replays the seeds in {@code
 * HttpWriteFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class HttpWriteFuzzTest {
    private static final Set<Integer> CLEAN = Set.of(204, 400, 413, 415);
    private static final String[] PRECISIONS = {"", "ns", "us", "ms", "s", "n", "u", "h", "1ms", "\u00b5s", "x"};
    private static TestServer server() throws IOException {
        return TestServer.forFuzzing("http-fuzz", s -> s.set("limits.max_body_bytes", "65536"));
    }

    @FuzzTest(maxDuration = "60s")
    void writeAnyBody(FuzzedDataProvider data) throws Exception {
        try (SilentCloseable loopback = TestServer.allowLoopback()) {
            writeAnyBody(server(), data);
        }
    }

    private static void writeAnyBody(TestServer s, FuzzedDataProvider data) throws Exception {
        boolean gzip = data.consumeBoolean();
        String precision = PRECISIONS[data.consumeInt(0, PRECISIONS.length - 1)];
        byte[] body = data.consumeRemainingAsBytes();
        long before = rows(s);
        HttpResponse<String> r = gzip
                ? s.post("/write?precision=" + java.net.URLEncoder.encode(precision, "UTF-8"), gzip(body), "Content-Encoding", "gzip")
                : s.post("/api/v2/write?bucket=b&precision=" + java.net.URLEncoder.encode(precision, "UTF-8"), body);
        assertThat(CLEAN).as(r.body()).contains(r.statusCode());
        if (r.statusCode() != 204) {
            assertThat(r.body()).startsWith("{\"error\":");
            assertThat(rows(s)).isEqualTo(before);
        }
    }

    /** Rows in every table: what a refused request must not change. */
    private static long rows(TestServer s) {
        long n = 0;
        for (dev.sundial.Table t : s.db.tables()) {
            try (QueryResult r = s.db.sql("SELECT count(*) FROM \"" + t.name().replace("\"", "\"\"") + "\"")) {
                r.next();
                n += r.getLong(0);
            }
        }
        return n;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }
}
