package dev.sundial.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sundial.server.TestServer;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.TokenStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console end to end in headless Chromium, against a real server holding data written through
 * {@code /write}: the page loads only from this server and throws nothing, the table list shows the
 * tables, a time-bucket query typed into the editor and run with Ctrl+Enter fills the grid with the
 * expected rows and draws one line per host, drag zooms and Reset zoom restores, errors are marked at
 * their position, and a server with tokens gets one through the token box. A screenshot of the page
 * lands in {@code target/console.png}.
 */
class ConsoleBrowserTest {
    private static final String PAGE_STATE = "({state: document.body.dataset.state, error: document.getElementById('error').textContent,"
            + " status: document.getElementById('run-status').textContent})";
    private static final String[] HOSTS = {"a", "b", "c"};
    private static final long T0 = 1_704_067_200L; // 2024-01-01T00:00:00Z

    @TempDir
    Path dir;

    /** 3 hosts × 24 h, one row per 2 minutes (2,160 rows): usage = host index × 10 + minute of the day / 100. */
    private static String lineProtocol() {
        StringBuilder lp = new StringBuilder();
        for (int h = 0; h < HOSTS.length; h++) {
            for (int m = 0; m < 24 * 60; m += 2) {
                lp.append("cpu,host=").append(HOSTS[h]).append(",region=eu usage=").append(usage(h, m)).append(",procs=")
                        .append(100 + m).append("i ").append(T0 + m * 60L).append('\n');
            }
        }
        lp.append("mem,host=a used=1i ").append(T0).append('\n');
        return lp.toString();
    }

    private static double usage(int host, int minute) {
        return host * 10 + minute / 100.0;
    }

    private static double hourlyAverage(int host, int hour) {
        double sum = 0;
        for (int m = hour * 60; m < hour * 60 + 60; m += 2) {
            sum += usage(host, m);
        }
        return sum / 30;
    }

    @Test
    void aTimeBucketQueryFillsTheGridAndDrawsOneLinePerHost() throws Exception {
        try (TestServer s = TestServer.start(dir); HeadlessChromium browser = HeadlessChromium.start()) {
            assertThat(s.post("/write?precision=s", lineProtocol()).statusCode()).isEqualTo(204);
            browser.navigate(s.uri("/").toString());
            browser.waitFor("document.body && document.body.dataset.state === 'idle'", PAGE_STATE);

            // the table list: both tables, cpu's tags marked
            browser.waitFor("document.querySelectorAll('#tables details').length === 2", "document.getElementById('tables').textContent");
            assertThat(browser.eval("[...document.querySelectorAll('#tables .tname')].map(e => e.textContent).join(',')").asText())
                    .isEqualTo("cpu,mem");
            assertThat(browser.eval("[...document.querySelectorAll('#tables details[data-table=cpu] li')]"
                    + ".filter(li => li.querySelector('.badge.tag')).map(li => li.querySelector('.cname').textContent).join(',')").asText())
                    .isEqualTo("host,region");
            assertThat(browser.eval("document.querySelector('#tables details[data-table=cpu] .tmeta').textContent").asText())
                    .startsWith("2,160 rows");

            // type the query into the editor, run it with Ctrl+Enter
            browser.eval("sundialConsole.editor.cm.setValue(''); sundialConsole.editor.cm.focus(); true");
            String query = "SELECT time_bucket('1h', timestamp) AS hour, host, avg(usage) AS usage\nFROM cpu\n"
                    + "GROUP BY hour, host\nORDER BY hour, host";
            browser.insertText(query);
            assertThat(browser.eval("sundialConsole.editor.cm.getValue()").asText()).isEqualTo(query);
            assertThat(browser.eval("document.querySelectorAll('#editor .cm-keyword').length").asInt()).isGreaterThanOrEqualTo(5);
            browser.key("Enter", 13, 2);
            browser.waitFor("document.body.dataset.state === 'done'", PAGE_STATE);

            // the grid: 72 rows (24 hours × 3 hosts) with the averages computed here
            assertThat(browser.eval("document.querySelectorAll('#grid tbody tr').length").asInt()).isEqualTo(72);
            assertThat(browser.eval("[...document.querySelectorAll('#grid th .name')].map(e => e.textContent).join(',')").asText())
                    .isEqualTo("hour,host,usage");
            assertThat(browser.eval("[...document.querySelectorAll('#grid th .type')].map(e => e.textContent).join(',')").asText())
                    .isEqualTo("TIMESTAMP,VARCHAR,DOUBLE");
            assertThat(browser.eval("document.getElementById('result-note').textContent").asText()).isEqualTo("72 rows");
            for (int[] probe : new int[][] {{0, 0, 0}, {1, 0, 1}, {5, 1, 2}, {71, 23, 2}}) {
                JsonNode cells = browser.eval("[...document.querySelectorAll('#grid tbody tr')[" + probe[0] + "].querySelectorAll('td')]"
                        + ".slice(1).map(td => td.textContent)");
                assertThat(cells.get(0).asText()).isEqualTo(java.time.Instant.ofEpochSecond(T0 + probe[1] * 3600L).toString());
                assertThat(cells.get(1).asText()).isEqualTo(HOSTS[probe[2]]);
                assertThat(Double.parseDouble(cells.get(2).asText())).isCloseTo(hourlyAverage(probe[2], probe[1]),
                        org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(browser.eval("document.getElementById('run-status').textContent").asText()).matches("72 rows · [0-9.]+ m?s");

            // the chart: one line per host over 24 hourly buckets, drawn on a canvas of non-zero size
            browser.waitFor("document.querySelector('#chart canvas')", PAGE_STATE);
            assertThat(browser.eval("sundialConsole.chart.series.length - 1").asInt()).isEqualTo(3);
            assertThat(browser.eval("sundialConsole.chart.series.slice(1).map(s => s.label).join(',')").asText()).isEqualTo("a,b,c");
            assertThat(browser.eval("sundialConsole.chart.data[0].length").asInt()).isEqualTo(24);
            JsonNode size = browser.eval("(() => { const c = document.querySelector('#chart canvas'); return [c.width, c.height]; })()");
            assertThat(size.get(0).asInt()).isGreaterThan(200);
            assertThat(size.get(1).asInt()).isGreaterThan(100);
            // pixels in the first series' colour (#e8890c): the line of host a was drawn
            int linePixels = browser.eval("(() => { const c = document.querySelector('#chart canvas');"
                    + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                    + " for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 200 && Math.abs(d[i] - 232) < 24"
                    + " && Math.abs(d[i + 1] - 137) < 24 && Math.abs(d[i + 2] - 12) < 24) n++; } return n; })()").asInt();
            assertThat(linePixels).isGreaterThan(100);

            // drag across the middle of the plot: the x scale narrows; Reset zoom restores all 24 hours
            JsonNode full = browser.eval("[sundialConsole.chart.scales.x.min, sundialConsole.chart.scales.x.max]");
            JsonNode box = browser.eval("(() => { const r = document.querySelector('#chart .u-over').getBoundingClientRect();"
                    + " return [r.left, r.top, r.width, r.height]; })()");
            double left = box.get(0).asDouble();
            double mid = box.get(1).asDouble() + box.get(3).asDouble() / 2;
            double width = box.get(2).asDouble();
            browser.drag(left + width * 0.25, mid, left + width * 0.5, mid);
            browser.waitFor("sundialConsole.chart.scales.x.max - sundialConsole.chart.scales.x.min < " + (full.get(1).asDouble()
                    - full.get(0).asDouble()) * 0.5, "[sundialConsole.chart.scales.x.min, sundialConsole.chart.scales.x.max]");
            browser.eval("document.getElementById('chart-reset').click()");
            assertThat(browser.eval("[sundialConsole.chart.scales.x.min, sundialConsole.chart.scales.x.max]")).isEqualTo(full);

            // the history holds the query; the live panel shows the points stored (2,160 rows × 2 fields + 1)
            assertThat(browser.eval("document.querySelectorAll('#history li').length").asInt()).isEqualTo(1);
            assertThat(browser.eval("document.querySelector('#history code').textContent").asText()).startsWith("SELECT time_bucket('1h'");
            browser.waitFor("document.getElementById('live-points').textContent === '4,321'", "document.getElementById('live').textContent");
            browser.screenshot(Path.of("target", "console.png"));
            assertThat(browser.errors).isEmpty();

            // a large result: the grid draws the first 1,000 rows and says so; the chart takes them all
            browser.eval("sundialConsole.editor.cm.setValue('SELECT timestamp, host, usage FROM cpu ORDER BY timestamp, host'); true");
            browser.eval("document.getElementById('run').click()");
            browser.waitFor("document.body.dataset.state === 'done' && sundialConsole.result.rows.length === 2160", PAGE_STATE);
            assertThat(browser.eval("document.querySelectorAll('#grid tbody tr').length").asInt()).isEqualTo(1000);
            assertThat(browser.eval("document.getElementById('result-note').textContent").asText())
                    .isEqualTo("showing the first 1,000 of 2,160 rows");
            assertThat(browser.eval("sundialConsole.chart.data[0].length").asInt()).isEqualTo(720);

            // an error: the message shows, the spot is marked in the editor
            browser.eval("sundialConsole.editor.cm.setValue('SELECT host, nosuch\\nFROM cpu'); true");
            browser.eval("document.getElementById('run').click()");
            browser.waitFor("document.body.dataset.state === 'error'", PAGE_STATE);
            assertThat(browser.eval("document.getElementById('error').textContent").asText()).contains("nosuch").contains("line 1, column 14");
            assertThat(browser.eval("document.querySelector('#editor .cm-sql-error').textContent").asText()).isEqualTo("nosuch");
            assertThat(browser.eval("document.querySelectorAll('#history li.failed').length").asInt()).isEqualTo(1);
            // dark scheme: the page follows the system, the chart is drawn again in its colours
            browser.call("Emulation.setEmulatedMedia", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .set("features", new com.fasterxml.jackson.databind.ObjectMapper().readTree("[{\"name\":\"prefers-color-scheme\",\"value\":\"dark\"}]")));
            assertThat(browser.eval("getComputedStyle(document.body).backgroundColor").asText()).isEqualTo("rgb(14, 16, 20)");
            browser.screenshot(Path.of("target", "console-dark.png"));

            // the one error the browser logs is the refused query itself
            assertThat(browser.errors).singleElement().asString().contains("status of 400").contains("/api/v1/sql");
            assertOnlyThisServer(browser, s);
        }
    }

    @Test
    void aServerWithTokensGetsOneThroughTheTokenBox() throws Exception {
        try (TokenStore tokens = TokenStore.open(dir); TestServer s = TestServer.start(dir, c -> c, tokens);
                HeadlessChromium browser = HeadlessChromium.start()) {
            String secret = tokens.add("reader", Set.of(Scope.READ)).secret();
            assertThat(s.post("/write", "cpu,host=a usage=1 1\n", "Authorization", "Bearer " + secret).statusCode())
                    .isEqualTo(403); // a read token cannot write: the data comes in through the database below
            s.db.sql("CREATE TABLE cpu (timestamp TIMESTAMP, host VARCHAR TAG, usage DOUBLE)").close();
            s.db.sql("INSERT INTO cpu (timestamp, host, usage) VALUES ('2024-01-01T00:00:00Z', 'a', 1.5),"
                    + " ('2024-01-01T01:00:00Z', 'a', NULL), ('2024-01-01T02:00:00Z', 'a', 3.5)").close();
            browser.navigate(s.uri("/").toString());
            browser.waitFor("document.getElementById('token-dialog') && document.getElementById('token-dialog').open", PAGE_STATE);
            assertThat(browser.eval("document.getElementById('token-reason').textContent").asText()).contains("a token is required");
            browser.eval("document.getElementById('token-input').focus(); true");
            browser.insertText(secret);
            browser.key("Enter", 13, 0);
            browser.waitFor("!document.getElementById('token-dialog').open", PAGE_STATE);
            assertThat(browser.eval("localStorage.getItem('sundial.token')").asText()).isEqualTo(secret);
            browser.waitFor("document.querySelectorAll('#tables details').length === 1", "document.getElementById('tables').textContent");
            // the table list's Chart button writes a time-bucket query; Cmd+Enter runs it
            browser.eval("document.querySelector('#tables details[data-table=cpu] .actions button:last-child').click(); true");
            assertThat(browser.eval("sundialConsole.editor.cm.getValue()").asText()).startsWith("SELECT time_bucket('1h', timestamp) AS bucket, host");
            browser.key("Enter", 13, 4);
            browser.waitFor("document.body.dataset.state === 'done'", PAGE_STATE);
            assertThat(browser.eval("[...document.querySelectorAll('#grid tbody tr')].map(tr => [...tr.querySelectorAll('td')].slice(1)"
                    + ".map(td => td.textContent).join(' ')).join('; ')").asText())
                    .isEqualTo("2024-01-01T00:00:00Z a 1.5; 2024-01-01T01:00:00Z a NULL; 2024-01-01T02:00:00Z a 3.5");
            assertThat(browser.eval("document.querySelectorAll('#grid td.null').length").asInt()).isEqualTo(1);
            assertThat(browser.eval("sundialConsole.chart.series.length - 1").asInt()).isEqualTo(1);
            // a statement beyond the token's scope is refused with the server's message
            browser.eval("sundialConsole.editor.cm.setValue('DROP TABLE cpu'); true");
            browser.eval("sundialConsole.run()");
            browser.waitFor("document.body.dataset.state === 'error'", PAGE_STATE);
            assertThat(browser.eval("document.getElementById('error').textContent").asText().toLowerCase(Locale.ROOT)).contains("scope");
            assertOnlyThisServer(browser, s);
        }
    }

    /** Every request the page made went to this server (or was a data: URL): the browser fetched nothing from elsewhere. */
    private static void assertOnlyThisServer(HeadlessChromium browser, TestServer s) {
        List<String> foreign = new ArrayList<>();
        for (String url : browser.requests) {
            if (!url.startsWith(s.server.uri() + "/") && !url.startsWith("data:") && !url.equals("about:blank")) {
                foreign.add(url);
            }
        }
        assertThat(foreign).isEmpty();
        assertThat(browser.requests).contains(s.server.uri() + "/console/vendor/uPlot.esm.js", s.server.uri() + "/api/v1/status");
    }
}
