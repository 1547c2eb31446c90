package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6, over HTTP: a write answers 204 with {@code X-Sundial-Rows-Replaced}, how many
 * of its rows replaced a row of the same series and timestamp (a retried request: all of them),
 * and {@code /metrics} adds them up in {@code sundial_ingest_rows_replaced_total}.
 */
class WriteReplacedRowsTest {
    @TempDir
    Path dir;

    @Test
    void writesSayHowManyRowsTheyReplacedAndMetricsAddThemUp() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            String body = "cpu,host=a usage=1 1700000000\ncpu,host=b usage=2 1700000000\ncpu,host=a usage=3 1700000000\n";
            HttpResponse<String> first = s.post("/write?precision=s", body);
            assertThat(first.statusCode()).isEqualTo(204);
            assertThat(first.headers().firstValue("X-Sundial-Rows-Replaced")).hasValue("1"); // line 3 replaces line 1

            HttpResponse<String> retry = s.post("/api/v2/write?bucket=b&precision=s", body);
            assertThat(retry.statusCode()).isEqualTo(204);
            assertThat(retry.headers().firstValue("X-Sundial-Rows-Replaced")).hasValue("3");

            HttpResponse<String> fresh = s.post("/write?precision=s", "cpu,host=c usage=4 1700000000\n");
            assertThat(fresh.headers().firstValue("X-Sundial-Rows-Replaced")).hasValue("0");

            assertThat(s.get("/metrics").body()).containsPattern("(?m)^sundial_ingest_rows_replaced_total 4(\\.0)?$");
        }
    }
}
