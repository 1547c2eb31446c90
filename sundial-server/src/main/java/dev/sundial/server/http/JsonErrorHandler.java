package dev.sundial.server.http;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a route runs (a header block over {@code limits.max_header_bytes}:
 * 431; a malformed request line: 400) come as the same JSON as the routes' errors, not as
 * Jetty's HTML page. Thread-safe.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int status = response.getStatus();
        Object attr = request.getAttribute(ERROR_MESSAGE);
        String reason = attr == null ? HttpStatus.getMessage(status) : attr.toString();
        String hint = status == 431 ? " (limits.max_header_bytes)" : "";
        byte[] body = Router.errorJson(new HttpError(status, "cannot read request: " + reason + hint, Map.of()));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
