package dev.sundial.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundial.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/openapi.json} matches what the server serves: every route of
 * {@link dev.sundial.server.SundialServer#routeDescriptions()} (each method and pattern) is
 * documented, and everything documented is served; a route added without documentation, or
 * documentation left behind by a removed route, fails here with the exact place to fix. Also:
 * every {@code {name}} of a pattern is a documented path parameter, and every {@code $ref} resolves.
 */
class OpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String WHERE = "sundial-server/src/main/resources/dev/sundial/server/rest/openapi.json";

    @TempDir
    Path dir;

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            HttpResponse<String> r = s.get("/api/openapi.json");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(r.body()).isEqualTo(new String(OpenApi.load(), StandardCharsets.UTF_8));
            JsonNode doc = JSON.readTree(r.body());
            assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");

            Map<String, Set<String>> served = new LinkedHashMap<>();
            for (String d : s.server.routeDescriptions()) {
                int sp = d.indexOf(' ');
                served.computeIfAbsent(d.substring(sp + 1), k -> new TreeSet<>())
                        .addAll(List.of(d.substring(0, sp).toLowerCase(Locale.ROOT).split(",")));
            }
            assertThat(served).as("routes the server reports").containsKeys("/write", "/api/timeseries/{table}/query");
            assertThat(problems(doc, served)).isEmpty();
        }
    }

    /** What the check finds, one line each; also used to prove the check sees a gap in either direction. */
    static List<String> problems(JsonNode doc, Map<String, Set<String>> served) {
        List<String> out = new ArrayList<>();
        JsonNode paths = doc.get("paths");
        served.forEach((pattern, methods) -> {
            for (String m : methods) {
                JsonNode op = paths.path(pattern).path(m);
                if (op.isMissingNode()) {
                    out.add("route " + m.toUpperCase(Locale.ROOT) + " " + pattern + " is served (SundialServer.routes) but " + WHERE
                            + " lacks paths.\"" + pattern + "\"." + m);
                    continue;
                }
                out.addAll(pathParameterProblems(doc, pattern, m, op));
            }
        });
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> ops = path.getValue().fieldNames(); ops.hasNext(); ) {
                String m = ops.next();
                if (OPERATIONS.contains(m) && !served.getOrDefault(path.getKey(), Set.of()).contains(m)) {
                    out.add(WHERE + " documents " + m.toUpperCase(Locale.ROOT) + " " + path.getKey() + " (paths.\"" + path.getKey()
                            + "\"." + m + ") but the server serves no such route (SundialServer.routeDescriptions())");
                }
            }
        }
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (String ref : refs) {
            if (resolve(doc, ref).isMissingNode()) {
                out.add(WHERE + " has a $ref that resolves to nothing: " + ref);
            }
        }
        return out;
    }

    private static List<String> pathParameterProblems(JsonNode doc, String pattern, String method, JsonNode op) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(pattern);
        while (m.find()) {
            boolean declared = false;
            for (JsonNode p : op.path("parameters")) {
                JsonNode param = p.has("$ref") ? resolve(doc, p.get("$ref").asText()) : p;
                declared |= param.path("in").asText().equals("path") && param.path("name").asText().equals(m.group(1))
                        && param.path("required").asBoolean();
            }
            if (!declared) {
                out.add(WHERE + " paths.\"" + pattern + "\"." + method + " does not declare the required path parameter " + m.group(1));
            }
        }
        return out;
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            n.forEach(c -> collectRefs(c, out));
        }
    }

    private static JsonNode resolve(JsonNode doc, String ref) {
        return ref.startsWith("#/") ? doc.at(ref.substring(1)) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void theCheckNamesAnUndocumentedRouteAndADocumentedRouteThatIsNotServed() throws Exception {
        JsonNode doc = JSON.readTree(OpenApi.load());
        Map<String, Set<String>> served = new LinkedHashMap<>();
        served.put("/health", new TreeSet<>(Set.of("get", "head")));
        served.put("/api/v1/undocumented", new TreeSet<>(Set.of("get")));
        List<String> found = problems(doc, served);
        assertThat(found).contains("route GET /api/v1/undocumented is served (SundialServer.routes) but " + WHERE
                + " lacks paths.\"/api/v1/undocumented\".get");
        assertThat(found).contains(WHERE + " documents POST /write (paths.\"/write\".post) but the server serves no such route"
                + " (SundialServer.routeDescriptions())");
        assertThat(found).noneMatch(p -> p.contains("/health"));
    }
}
