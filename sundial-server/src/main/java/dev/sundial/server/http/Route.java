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
 * needs (null: none, for {@code /health}) and its handler. Immutable; the pattern is split into
 * segments once, here, not for every request it is matched against.
 */
public final class Route {
    private final Set<String> methods;
    private final String pattern;
    private final Scope scope;
    private final Handler handler;
    private final List<String> parts;

    /** A route's work, in blocking style; throw {@link HttpError} to refuse the request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange ex) throws Exception;
    }

    public Route(Set<String> methods, String pattern, Scope scope, Handler handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("BUG: route pattern without a leading '/': " + pattern);
        }
        this.methods = Set.copyOf(methods);
        this.pattern = pattern;
        this.scope = scope;
        this.handler = handler;
        this.parts = List.copyOf(segments(pattern));
    }

    public Set<String> methods() {
        return methods;
    }

    public String pattern() {
        return pattern;
    }

    /** The scope the route needs, or null for none. */
    public Scope scope() {
        return scope;
    }

    public Handler handler() {
        return handler;
    }

    /** The path parameters when {@code path} matches this pattern, else null. */
    Map<String, String> match(List<String> segments) {
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
