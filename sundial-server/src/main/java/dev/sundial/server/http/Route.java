package dev.sundial.server.http;

import dev.sundial.server.auth.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One endpoint: the methods it answers, its path pattern ({@code /api/timeseries/{table}/query}:
 * literal segments and {@code {name}} segments that match one non-empty segment), the scope it
 * needs (null: none, for {@code /health}) and its handler. Immutable.
 */
public record Route(Set<String> methods, String pattern, Scope scope, Handler handler) {
    /** A route's work, in blocking style; throw {@link HttpError} to refuse the request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange ex) throws Exception;
    }

    public Route {
        methods = Set.copyOf(methods);
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("BUG: route pattern without a leading '/': " + pattern);
        }
    }

    /** The path parameters when {@code path} matches this pattern, else null. */
    Map<String, String> match(List<String> segments) {
        List<String> parts = segments(pattern);
        if (parts.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            String s = segments.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (s.isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>(2);
                }
                params.put(p.substring(1, p.length() - 1), s);
            } else if (!p.equals(s)) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    /** {@code /a/b/} → [a, b, ""]; {@code /} → [""]. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>(6);
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                out.add(path.substring(start));
                return out;
            }
            out.add(path.substring(start, slash));
            start = slash + 1;
        }
    }
}
