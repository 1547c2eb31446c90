package dev.sundial.bench.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Where requests go, from a URL such as {@code http://127.0.0.1:7470/api/v2/write?bucket=b&precision=ns}:
 * host and port to connect to, the request target (path and query, as written) and the
 * {@code Host} header. Plain {@code http} only: the sender measures ingest, not TLS. Immutable.
 */
public record HttpTarget(String url, String host, int port, String requestTarget, String hostHeader) {
    public static HttpTarget parse(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot parse URL [url=" + url + "]: " + e.getMessage(), e);
        }
        if (!"http".equalsIgnoreCase(u.getScheme())) {
            throw new IllegalArgumentException("cannot use URL [url=" + url + "]: only http:// is supported");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("cannot use URL [url=" + url + "]: no host");
        }
        int port = u.getPort() == -1 ? 80 : u.getPort();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String target = u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
        return new HttpTarget(url, u.getHost(), port, target, u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + port);
    }

    /**
     * The request line and headers of a POST of {@code contentLength} bytes, in ASCII: line protocol
     * as text, {@code Content-Encoding: gzip} when compressed, {@code Authorization: Token …} when
     * a token is given.
     */
    byte[] postHead(long contentLength, boolean gzip, String token) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("POST ").append(requestTarget).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(hostHeader).append("\r\n");
        sb.append("User-Agent: sundial-bench\r\n");
        sb.append("Content-Type: text/plain; charset=utf-8\r\n");
        sb.append("Content-Length: ").append(contentLength).append("\r\n");
        if (gzip) {
            sb.append("Content-Encoding: gzip\r\n");
        }
        if (token != null) {
            sb.append("Authorization: Token ").append(token).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
