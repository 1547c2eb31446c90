package dev.sundial.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundial.server.TestServer;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.TokenStore;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's static files: types, caching, compression, no token, and nothing outside the whitelist. */
class ConsoleAssetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void thePageAndEveryFileItReferencesAreServedWithTheirTypes() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            HttpResponse<String> page = s.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleAssets.PAGE_POLICY);
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(page.body()).contains("<title>Sundial</title>");
            // every src/href of the page is a path on this server, and answers
            Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
            int refs = 0;
            while (m.find()) {
                String ref = m.group(1);
                assertThat(ref).startsWith("/console/");
                HttpResponse<String> r = s.get(ref);
                assertThat(r.statusCode()).as(ref).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(ref)
                        .isEqualTo(Asset.contentTypeOf(ref.substring(ref.lastIndexOf('/') + 1)));
                refs++;
            }
            assertThat(refs).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void everyVendorFileResolvesInItsWebJar() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            for (String name : VendorFiles.names()) {
                HttpResponse<String> r = s.get("/console/vendor/" + name);
                assertThat(r.statusCode()).as(name).isEqualTo(200);
                assertThat(r.body()).as(name).isNotBlank();
            }
            assertThat(s.get("/console/vendor/uPlot.esm.js").body()).contains("export { uPlot as default }");
            assertThat(s.get("/console/vendor/codemirror-LICENSE.txt").body()).contains("MIT");
        }
    }

    @Test
    void anUnchangedFileAnswers304AndGzipIsSentWhenAccepted() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            HttpResponse<String> first = s.get("/console/vendor/codemirror.js");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{24}\"");
            HttpResponse<String> again = s.get("/console/vendor/codemirror.js", "If-None-Match", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();

            HttpResponse<byte[]> gz = s.client.send(HttpRequest.newBuilder(s.uri("/console/vendor/codemirror.js"))
                    .header("Accept-Encoding", "gzip, deflate").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gz.headers().firstValue("ETag")).hasValue(etag.replace("\"", "").transform(h -> "\"" + h + "-gz\""));
            String inflated = new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(inflated).isEqualTo(first.body());
            assertThat(gz.body().length).isLessThan(first.body().length() / 2);
            HttpResponse<byte[]> refused = s.client.send(HttpRequest.newBuilder(s.uri("/console/vendor/codemirror.js"))
                    .header("Accept-Encoding", "gzip;q=0").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        }
    }

    @Test
    void headAnswersTheLengthWithoutTheBody() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            int length = s.get("/console/app.js").body().getBytes(StandardCharsets.UTF_8).length;
            HttpResponse<String> head = s.client.send(HttpRequest.newBuilder(s.uri("/console/app.js"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(length);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void namesOutsideTheConsoleAreNotFound() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            for (String path : new String[] {"/console/nope.js", "/console/ConsoleAssets.class", "/console/build.properties",
                "/console/..%2F..%2FSundialServer.class", "/console/.hidden.js", "/console/vendor/codemirror.min.js",
                "/console/vendor/..%2F..%2Fpom.xml", "/console/%2e%2e", "/console/vendor/lib%2Fcodemirror.js"}) {
                HttpResponse<String> r = s.get(path);
                assertThat(r.statusCode()).as(path).isIn(400, 404);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/json");
                assertThat(JSON.readTree(r.body()).get("error").asText()).as(path).startsWith("cannot ");
            }
            HttpResponse<String> r = s.get("/console/nope.js");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("cannot find console file [name=nope.js]: no such file");
        }
    }

    @Test
    void assetsNeedNoTokenWhileTheDataEndpointsDo() throws Exception {
        try (TokenStore tokens = TokenStore.open(dir); TestServer s = TestServer.start(dir, c -> c, tokens)) {
            String secret = tokens.add("reader", Set.of(Scope.READ)).secret();
            assertThat(s.get("/").statusCode()).isEqualTo(200);
            assertThat(s.get("/console/app.js").statusCode()).isEqualTo(200);
            assertThat(s.get("/console/vendor/uPlot.esm.js").statusCode()).isEqualTo(200);
            assertThat(s.get("/api/v1/tables").statusCode()).isEqualTo(401);
            assertThat(s.get("/api/v1/status").statusCode()).isEqualTo(401);
            assertThat(s.get("/api/v1/status", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(s.get("/api/v1/tables", "Authorization", "Bearer " + secret).statusCode()).isEqualTo(200);
            assertThat(s.get("/api/v1/status", "Authorization", "Bearer " + secret).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void acceptEncodingIsReadWithItsQualities() {
        assertThat(ConsoleAssets.acceptsGzip("gzip")).isTrue();
        assertThat(ConsoleAssets.acceptsGzip("br, GZIP;q=0.5")).isTrue();
        assertThat(ConsoleAssets.acceptsGzip("*")).isTrue();
        assertThat(ConsoleAssets.acceptsGzip("gzip; q=0")).isFalse();
        assertThat(ConsoleAssets.acceptsGzip("gzip;q=0.000")).isFalse();
        assertThat(ConsoleAssets.acceptsGzip("deflate, br")).isFalse();
        assertThat(ConsoleAssets.acceptsGzip(null)).isFalse();
    }
}
