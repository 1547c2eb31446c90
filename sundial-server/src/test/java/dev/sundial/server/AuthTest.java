package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.TokenStore;
import dev.sundial.server.http.Route;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Once a token exists every endpoint but the public ones needs one: none or an unknown one is 401,
 * too small a scope 403 — checked for every route the server has, so a route added later is
 * covered without touching this test. SQL statements need the scope of what they do.
 */
class AuthTest {
    /** Routes that need no token: liveness, readiness and the console's static files (no data in them). */
    private static final Set<String> PUBLIC = Set.of("/health", "/ready", "/", "/console/{file}", "/console/vendor/{file}",
            "/api/openapi.json");

    @TempDir
    Path dir;

    @Test
    void everyNonPublicRouteRefusesMissingUnknownAndTooWeakTokens() throws Exception {
        try (TokenStore tokens = TokenStore.open(dir)) {
            String read = tokens.add("reader", Set.of(Scope.READ)).secret();
            tokens.add("writer", Set.of(Scope.WRITE));
            try (TestServer s = TestServer.start(dir, c -> c, tokens)) {
                for (Route r : s.server.routes()) {
                    String method = r.methods().contains("GET") ? "GET" : r.methods().iterator().next();
                    String path = r.pattern().replace("{table}", "cpu").replace("{file}", "app.js");
                    if (r.scope() == null) {
                        assertThat(PUBLIC).as("a route without a scope must be meant public: " + r.pattern()).contains(r.pattern());
                        continue;
                    }
                    HttpResponse<String> none = send(s, method, path, null);
                    assertThat(none.statusCode()).as(method + " " + path + " without a token").isEqualTo(401);
                    assertThat(none.body()).contains("token");
                    assertThat(send(s, method, path, "Bearer sdl_not-a-real-token").statusCode()).as(method + " " + path + " unknown")
                            .isEqualTo(401);
                    if (r.scope() != Scope.READ) {
                        assertThat(send(s, method, path, "Bearer " + read).statusCode()).as(method + " " + path + " with read scope")
                                .isEqualTo(403);
                    }
                }
            }
        }
    }

    @Test
    void writesNeedWriteScopeInEveryCredentialFormInfluxClientsUse() throws Exception {
        try (TokenStore tokens = TokenStore.open(dir)) {
            String read = tokens.add("reader", Set.of(Scope.READ)).secret();
            String write = tokens.add("writer", Set.of(Scope.WRITE)).secret();
            try (TestServer s = TestServer.start(dir, c -> c, tokens)) {
                String line = "m,host=a v=1 1\n";
                assertThat(s.post("/write", line, "Authorization", "Bearer " + read).statusCode()).isEqualTo(403);
                assertThat(s.post("/write", line, "Authorization", "Bearer " + write).statusCode()).isEqualTo(204);
                assertThat(s.post("/api/v2/write?bucket=b", line, "Authorization", "Token " + write).statusCode()).isEqualTo(204);
                assertThat(s.post("/write?u=me&p=" + write, line).statusCode()).isEqualTo(204);
                assertThat(s.post("/write?u=me&p=wrong", line).statusCode()).isEqualTo(401);
                String basic = Base64.getEncoder().encodeToString(("me:" + write).getBytes(StandardCharsets.UTF_8));
                assertThat(s.post("/write", line, "Authorization", "Basic " + basic).statusCode()).isEqualTo(204);
                assertThat(s.get("/health").statusCode()).isEqualTo(200);
                assertThat(s.get("/ready").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void sqlStatementsNeedTheScopeOfWhatTheyDo() throws Exception {
        try (TokenStore tokens = TokenStore.open(dir)) {
            String read = tokens.add("reader", Set.of(Scope.READ)).secret();
            String write = tokens.add("writer", Set.of(Scope.WRITE)).secret();
            String admin = tokens.add("admin", Set.of(Scope.ADMIN)).secret();
            try (TestServer s = TestServer.start(dir, c -> c, tokens)) {
                String create = "CREATE TIMESERIES TABLE t (timestamp TIMESTAMP, host VARCHAR TAG, v DOUBLE)";
                assertThat(sql(s, create, write).statusCode()).isEqualTo(403);
                assertThat(sql(s, create, admin).statusCode()).isEqualTo(200);
                String insert = "INSERT INTO t (timestamp, host, v) VALUES ('2024-01-01T00:00:00Z', 'a', 1)";
                HttpResponse<String> denied = sql(s, insert, read);
                assertThat(denied.statusCode()).isEqualTo(403);
                assertThat(denied.body()).contains("write scope");
                assertThat(sql(s, insert, write).statusCode()).isEqualTo(200);
                HttpResponse<String> select = sql(s, "SELECT count(*) FROM t", read);
                assertThat(select.statusCode()).isEqualTo(200);
                assertThat(select.body()).contains("[[1]]");
                assertThat(sql(s, "CALL maintenance()", write).statusCode()).isEqualTo(403);
                assertThat(sql(s, "DROP TABLE t", admin).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void aTokenAddedWhileTheServerRunsWorksAndARemovedOneStops() throws Exception {
        try (TokenStore tokens = TokenStore.open(dir); TokenStore cli = TokenStore.open(dir)) {
            tokens.add("first", Set.of(Scope.ADMIN));
            try (TestServer s = TestServer.start(dir, c -> c, tokens)) {
                String later = cli.add("later", Set.of(Scope.READ)).secret(); // as 'sundial token add' in another process
                long deadline = System.currentTimeMillis() + 5000;
                int status = 0;
                while (System.currentTimeMillis() < deadline && (status = sql(s, "SHOW TABLES", later).statusCode()) != 200) {
                    Thread.sleep(100);
                }
                assertThat(status).isEqualTo(200);
                cli.remove("later");
                deadline = System.currentTimeMillis() + 5000;
                while (System.currentTimeMillis() < deadline && (status = sql(s, "SHOW TABLES", later).statusCode()) != 401) {
                    Thread.sleep(100);
                }
                assertThat(status).isEqualTo(401);
            }
        }
    }

    private static HttpResponse<String> sql(TestServer s, String q, String token) throws Exception {
        return s.post("/api/v1/sql", q, "Authorization", "Bearer " + token, "Content-Type", "text/plain");
    }

    private static HttpResponse<String> send(TestServer s, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.server.uri() + path))
                .method(method, method.equals("GET") || method.equals("HEAD") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("x"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return s.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
