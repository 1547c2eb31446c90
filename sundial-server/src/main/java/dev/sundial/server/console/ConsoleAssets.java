package dev.sundial.server.console;

import dev.sundial.server.http.Exchange;
import dev.sundial.server.http.HttpError;
import dev.sundial.server.http.Route;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The web console's static files: {@code GET /} (the page), {@code GET /console/NAME} (its own
 * scripts and styles, from {@code dev/sundial/server/console/} on the classpath) and {@code GET
 * /console/vendor/NAME} (the {@link VendorFiles} from WebJars). They need no token: they hold no
 * data, and the page must load to ask for one; every API call the page makes carries the token.
 *
 * <p>Names are single path segments of letters, digits, {@code . _ -} with a known extension, so
 * no request reaches outside the console's folder (no {@code ..}, no slash, no class files).
 * Answers carry a strong ETag and {@code Cache-Control: no-cache}: browsers revalidate each load
 * and get 304 until the server runs another build, so an upgrade shows its console at once. Text
 * is sent gzip-compressed when the client accepts it. The page gets a Content-Security-Policy
 * that allows only this origin: the browser loads and contacts nothing else. Unknown files: 404
 * JSON. Thread-safe: files are read once and cached (only files that exist are cached).
 */
public final class ConsoleAssets {
    private static final String ROOT = "/dev/sundial/server/console/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    /**
     * Inline styles stay allowed: CodeMirror and uPlot set element styles at run time. Images may be
     * data: URLs (the chart's legend markers). Nothing else is loaded from outside this server.
     */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ConcurrentHashMap<String, Asset> cache = new ConcurrentHashMap<>();

    /** The console's routes; none needs a scope. */
    public List<Route> routes() {
        Set<String> get = Set.of("GET", "HEAD");
        return List.of(
                new Route(get, "/", null, ex -> serve(ex, "index.html", ROOT + "index.html")),
                new Route(get, "/console/{file}", null, ex -> own(ex, ex.pathParam("file"))),
                new Route(get, "/console/vendor/{file}", null, ex -> vendor(ex, ex.pathParam("file"))));
    }

    private void own(Exchange ex, String name) throws IOException {
        if (!NAME.matcher(name).matches() || name.contains("..") || Asset.contentTypeOf(name) == null) {
            throw notFound(name);
        }
        serve(ex, name, ROOT + name);
    }

    private void vendor(Exchange ex, String name) throws IOException {
        String resource = VendorFiles.resource(name);
        if (resource == null) {
            throw notFound("vendor/" + name);
        }
        serve(ex, name, resource);
    }

    private void serve(Exchange ex, String name, String resource) throws IOException {
        Asset a = cache.get(resource);
        if (a == null) {
            a = Asset.load(resource, Asset.contentTypeOf(name));
            if (a == null) {
                throw notFound(name);
            }
            cache.putIfAbsent(resource, a);
        }
        boolean gzip = a.gzip() != null && acceptsGzip(ex.header(HttpHeader.ACCEPT_ENCODING));
        String etag = gzip ? a.gzipEtag() : a.etag();
        HttpFields.Mutable h = ex.response().getHeaders();
        h.put(HttpHeader.ETAG, etag);
        h.put(HttpHeader.CACHE_CONTROL, "no-cache");
        h.put(HttpHeader.VARY, "Accept-Encoding");
        h.put("X-Content-Type-Options", "nosniff");
        if (a.contentType().startsWith("text/html")) {
            h.put("Content-Security-Policy", PAGE_POLICY);
            h.put("Referrer-Policy", "no-referrer");
        }
        String inm = ex.header(HttpHeader.IF_NONE_MATCH);
        if (inm != null && (inm.contains(etag) || inm.strip().equals("*"))) {
            ex.empty(304);
            return;
        }
        byte[] body = gzip ? a.gzip() : a.bytes();
        if (gzip) {
            h.put(HttpHeader.CONTENT_ENCODING, "gzip");
        }
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        ex.begin(200, a.contentType());
        if (!ex.method().equals("HEAD")) {
            ex.output().write(body);
        }
    }

    /** True when {@code Accept-Encoding} lists gzip (or *) without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.split(";");
            String coding = p[0].strip();
            if (!coding.equalsIgnoreCase("gzip") && !coding.equals("*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].strip().replace(" ", "");
                refused |= param.matches("q=0(\\.0{0,3})?");
            }
            return !refused;
        }
        return false;
    }

    private static HttpError notFound(String name) {
        return new HttpError(404, "cannot find console file [name=" + name + "]: no such file");
    }
}
